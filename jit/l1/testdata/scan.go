// Scan loops, i += d while s[i] cmp v, which L1 runs in one closure with
// i in a Go register (selfScan): up and down, the element on either side
// of the comparison, a constant and a register step, a constant bound,
// the index read after the loop, more than one batch, and an index error
// after iterations (scane.go has a negative index).

package main

import "fmt"

func up(s []int, v int) int {
	i := -1
	for i++; s[i] < v; i++ {
	}
	return i
}

func down(s []int, v int) int {
	j := len(s)
	for j--; v < s[j]; j-- {
	}
	return j
}

func skip(s []int, d int) int {
	i := 0
	for i += d; s[i] != 7; i += d {
	}
	return i
}

func small(s []int) int {
	i := 0
	for i += 2; s[i] <= 10; i += 2 {
	}
	return i
}

func main() {
	s := []int{1, 3, 5, 7, 9, 11, 13, 15, 7, 2}
	fmt.Println(up(s, 8), up(s, 1), down(s, 8), down(s, 20), skip(s, 1), skip(s, 4), small(s))
	long := make([]int, 6000)
	for i := range long {
		long[i] = i
	}
	fmt.Println(up(long, 5500), down(long, 10))
	fmt.Println(up(s, 100)) // runs off the end after iterations
}
