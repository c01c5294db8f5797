// Longest Collatz chain below a limit (while-style loops, %, /, memo slice).

//go:build ignore

package main

import "fmt"

func main() {
	limit := 1000000
	memo := make([]int, limit)
	memo[1] = 1
	best, bestLen := 1, 1
	for start := 2; start < limit; start++ {
		n, steps := start, 0
		for n >= limit || memo[n] == 0 {
			if n%2 == 0 {
				n /= 2
			} else {
				n = 3*n + 1
			}
			steps++
		}
		length := steps + memo[n]
		memo[start] = length
		if length > bestLen {
			best, bestLen = start, length
		}
	}
	fmt.Println("longest chain below", limit, "starts at", best, "with", bestLen, "terms")
	n := 27
	fmt.Print(n)
	for n != 1 && n < 100 {
		if n%2 == 0 {
			n >>= 1
		} else {
			n = 3*n + 1
		}
		fmt.Print(" ", n)
	}
	fmt.Println(" ...")
}
