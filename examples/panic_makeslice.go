// Runtime panic: make([]int, n) with a negative length from a variable.

//go:build ignore

package main

import "fmt"

func alloc(n int) []int {
	return make([]int, n)
}

func main() {
	for n := 2; n >= -1; n-- {
		fmt.Println(len(alloc(n)))
	}
}
