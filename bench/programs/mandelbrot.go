// Benchmark: Mandelbrot escape-time loop over a grid (float multiply-add, compare, early exit); prints a checksum.

//go:build ignore

package main

import "fmt"

func main() {
	size, maxIter := 1400, 100
	inside, iters := 0, 0
	for py := 0; py < size; py++ {
		ci := 2*float64(py)/float64(size) - 1
		for px := 0; px < size; px++ {
			cr := 2*float64(px)/float64(size) - 1.5
			zr, zi := 0.0, 0.0
			i := 0
			for ; i < maxIter; i++ {
				zr2, zi2 := zr*zr, zi*zi
				if zr2+zi2 > 4 {
					break
				}
				zi = 2*zr*zi + ci
				zr = zr2 - zi2 + cr
			}
			iters += i
			if i == maxIter {
				inside++
			}
		}
	}
	fmt.Println(inside, iters)
}
