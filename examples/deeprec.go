// Recursion 100000 calls deep (plain, mutual, and with a slice argument) that Go's growable stack handles.

//go:build ignore

package main

import "fmt"

func sum(n int) int {
	if n == 0 {
		return 0
	}
	return n + sum(n-1)
}

func isEven(n int) bool {
	if n == 0 {
		return true
	}
	return isOdd(n - 1)
}

func isOdd(n int) bool {
	if n == 0 {
		return false
	}
	return isEven(n - 1)
}

// fillDown writes s[i] = depth at each level and returns the deepest depth reached.
func fillDown(s []int, i int, acc float64) (int, float64) {
	if i == len(s) {
		return i, acc
	}
	s[i] = i * 2
	return fillDown(s, i+1, acc+0.5)
}

func main() {
	depth := 100000
	fmt.Println("sum:", sum(depth))
	fmt.Println("even:", isEven(depth), "odd:", isOdd(depth))
	s := make([]int, depth)
	d, acc := fillDown(s, 0, 0)
	fmt.Println("depth:", d, "acc:", acc, "last:", s[depth-1])
}
