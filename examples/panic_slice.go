// Runtime panic: slice bounds out of range [:7] with capacity 4.

//go:build ignore

package main

import "fmt"

func window(s []int, n int) []int {
	return s[:n]
}

func main() {
	s := make([]int, 2, 4)
	fmt.Println(window(s, 3), window(s, 4))
	fmt.Println(window(s, 7))
	fmt.Println("not reached")
}
