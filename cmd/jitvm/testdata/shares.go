// Profiler accuracy: light and heavy run the same loop body, heavy for 3x the iterations, in
// many alternating rounds, so each has a fixed share (25%/75%) of bytecodes and of CPU time.

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
	for i := 0; i < n; i++ {
		h = h*31 + i
		h ^= h >> 17
	}
	return h
}

func main() {
	rounds := 100
	n := 600000
	a, b := 0, 0
	for r := 0; r < rounds; r++ {
		a += light(n)
		b += heavy(3 * n)
	}
	fmt.Println(a)
	fmt.Println(b)
}
