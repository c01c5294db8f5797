// Mandelbrot set: escape-time float loop, a checksum over a large grid and a tiny ASCII picture.

//go:build ignore

package main

import "fmt"

const maxIter = 50

// escape returns the iteration at which c = (cr, ci) escapes, or maxIter.
func escape(cr, ci float64) int {
	zr, zi := 0.0, 0.0
	for i := 0; i < maxIter; i++ {
		zr2, zi2 := zr*zr, zi*zi
		if zr2+zi2 > 4 {
			return i
		}
		zi = 2*zr*zi + ci
		zr = zr2 - zi2 + cr
	}
	return maxIter
}

func main() {
	// Tiny picture.
	for row := 0; row < 12; row++ {
		for col := 0; col < 40; col++ {
			cr := -2.2 + 3.0*float64(col)/40
			ci := -1.2 + 2.4*float64(row)/12
			if escape(cr, ci) == maxIter {
				fmt.Print("#")
			} else {
				fmt.Print(".")
			}
		}
		fmt.Println()
	}

	// Checksum over a bigger grid: count of inside points and a rolling hash of bitmap bytes.
	size := 600
	inside := 0
	hash := 0
	bits, nbits := 0, 0
	for y := 0; y < size; y++ {
		ci := 2*float64(y)/float64(size) - 1
		for x := 0; x < size; x++ {
			cr := 2*float64(x)/float64(size) - 1.5
			bits <<= 1
			if escape(cr, ci) == maxIter {
				inside++
				bits |= 1
			}
			nbits++
			if nbits == 8 {
				hash = (hash*31 + bits) % 1000000007
				bits, nbits = 0, 0
			}
		}
	}
	fmt.Println("inside:", inside, "hash:", hash)
}
