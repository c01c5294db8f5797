// An element loaded into a register and the branch on it (condSet in
// jit/l1, the element plus 0: one closure): local and global slices,
// each comparison, the register read after the branch, and an index out
// of range raised at the load after iterations that printed.

package main

import "fmt"

var g = []int{3, 0, 5, -2, 7}

func firstZero(s []int) int {
	for i := 0; ; i++ {
		v := s[i]
		if v == 0 {
			return i
		}
	}
}

func main() {
	s := []int{4, 1, 0, 9}
	n := 0
	for i := 0; i < len(s); i++ {
		v := s[i]
		if v > 2 {
			n += v
		}
		w := g[i]
		if w <= 0 {
			n -= w * 10
		}
		if x := g[i+1]; x != 5 {
			n += x
		}
	}
	fmt.Println(n, firstZero(s), firstZero(g))
	t := []int{8, 6, 4}
	for i := 0; i < 10; i++ {
		v := t[i]
		if v < 5 {
			fmt.Println("small", v)
		}
		fmt.Println(i, v)
	}
}
