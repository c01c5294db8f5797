// Runtime panic: index out of range in a nested call after some output (exit status 2).

//go:build ignore

package main

import "fmt"

func get(s []int, i int) int {
	return s[i]
}

func sumFirst(s []int, n int) int {
	t := 0
	for i := 0; i < n; i++ {
		t += get(s, i)
		fmt.Println("partial sum", t)
	}
	return t
}

func main() {
	s := []int{1, 2, 3, 4, 5}
	fmt.Println(sumFirst(s, 3))
	fmt.Println(sumFirst(s, 7))
	fmt.Println("not reached")
}
