// Benchmark: a tight integer loop in main (LCG, branch, shifts, adds; no calls, no memory).

//go:build ignore

package main

import "fmt"

func main() {
	sum := 0
	x := 12345
	for i := 0; i < 200000000; i++ {
		x = x*6364136223846793005 + 1442695040888963407
		if x&1024 != 0 {
			sum += i
		} else {
			sum -= x >> 40
		}
	}
	fmt.Println(sum, x)
}
