// Two functions with the same loop body run for 1x and 3x iterations (25%/75% of the work; profiler accuracy).

//go:build ignore

package main

import "fmt"

func light(n int) int {
	h := 1
	for i := 0; i < n; i++ {
		h = h*31 + i
		h ^= h >> 17
	}
	return h
}

func heavy(n int) int {
	h := 1
	for i := 0; i < 3*n; i++ {
		h = h*31 + i
		h ^= h >> 17
	}
	return h
}

func main() {
	n := 18000000
	a, b := 0, 0
	for round := 0; round < 4; round++ {
		a += light(n / 4)
		b += heavy(n / 4)
	}
	fmt.Println(a)
	fmt.Println(b)
}
