// Recursive Fibonacci: a call-heavy benchmark (two calls per non-leaf node).

//go:build ignore

package main

import "fmt"

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func main() {
	for i := 0; i <= 15; i++ {
		fmt.Print(fib(i), " ")
	}
	fmt.Println()
	n := 34
	fmt.Printf("fib(%d) = %d\n", n, fib(n))
}
