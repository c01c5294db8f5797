// Fill loops, s[j] = v with j the loop's counter (selfFill: the counter
// kept in a Go register, value, step and bound read once per batch):
// steps that are constants and registers, down and up, bounds of every
// comparison, a global slice, loops longer than one batch, and the loops
// that must not be fills (the value or the step is the counter), and an
// index error inside one, whose frame shows the counter where it failed.

package main

import "fmt"

var g = make([]int, 3000)

func sum(s []int) int {
	t := 0
	for _, v := range s {
		t += v
	}
	return t
}

func strided(s []int, v, step int) int {
	j, n := 0, len(s)
	for j = v % 3; j < n; j += step {
		s[j] = v
	}
	return j
}

func down(s []int, v int) int {
	j := len(s) - 1
	for ; j >= 0; j -= 2 {
		s[j] = v
	}
	return j
}

func upTo(s []int, n, v int) int {
	j := 1
	for ; j <= n; j++ {
		s[j] = v
	}
	return j
}

func notFills(s []int) {
	n := len(s)
	for j := 0; j < n; j++ {
		s[j] = j // the value is the counter
	}
	for j := 1; j < n; j += j {
		s[j] = -1 // the step is the counter
	}
	for j := 0; j != 10; j++ {
		s[j] = 5
	}
}

func overrun(s []int, v int) int {
	j := 0
	for j = 2; j < 100000; j += 7 {
		s[j] = v
	}
	return j
}

func main() {
	s := make([]int, 2500)
	fmt.Println(strided(s, 4, 3), sum(s))
	fmt.Println(strided(s, 11, 1), sum(s))
	fmt.Println(down(s, -3), sum(s))
	fmt.Println(upTo(s, 2000, 9), sum(s))
	for j := 5; j < len(g); j += 5 {
		g[j] = 8
	}
	fmt.Println(sum(g))
	notFills(s)
	fmt.Println(sum(s), s[:20])
	fmt.Println(overrun(s, 1))
}
