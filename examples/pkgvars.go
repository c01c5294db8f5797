// Package-level vars initialized in dependency order (not source order), with side effects in initializers.

//go:build ignore

package main

import "fmt"

// Initialization order: y, x, z, total, table, then lo and hi, sum, ratio.
var (
	total = x + y + z
	x     = trace(1, y*2)
	y     = trace(2, 5)
	z     = trace(3, 1)
	count int
	table = squares(4)
	ready bool
)

var lo, hi = bounds(table)

var sum = sumOf(table) + hi - lo

var ratio = float64(sum) / float64(len(table))

// trace reports the initialization of variable number id and returns v.
func trace(id, v int) int {
	count++
	fmt.Printf("init var #%d = %d (step %d)\n", id, v, count)
	return v
}

func squares(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = (i + 1) * (i + 1)
	}
	fmt.Println("squares:", s, "after step", count)
	return s
}

func bounds(s []int) (int, int) {
	fmt.Println("bounds of", s)
	return s[0], s[len(s)-1]
}

func sumOf(s []int) int {
	t := 0
	for _, v := range s {
		t += v
	}
	return t
}

func main() {
	fmt.Println("main starts; total =", total, "count =", count)
	fmt.Println("x y z:", x, y, z)
	fmt.Println("table:", table, "lo:", lo, "hi:", hi, "sum:", sum, "ratio:", ratio)
	fmt.Println("ready:", ready)
	table[0] = 100
	x++
	fmt.Println(table, x, total)
}
