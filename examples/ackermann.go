// Ackermann function with small arguments (deep, irregular recursion) and a call counter.

//go:build ignore

package main

import "fmt"

var calls int

func ack(m, n int) int {
	calls++
	if m == 0 {
		return n + 1
	}
	if n == 0 {
		return ack(m-1, 1)
	}
	return ack(m-1, ack(m, n-1))
}

func main() {
	for m := 0; m <= 3; m++ {
		for n := 0; n <= 4; n++ {
			fmt.Print(ack(m, n), " ")
		}
		fmt.Println()
	}
	calls = 0
	fmt.Println("ack(3, 9) =", ack(3, 9), "calls:", calls)
}
