// Runtime panic: make([]float64, len, cap) with cap smaller than len.

//go:build ignore

package main

import "fmt"

func main() {
	c := 3
	for l := 1; l < 6; l++ {
		s := make([]float64, l, c)
		fmt.Println(len(s), cap(s))
	}
}
