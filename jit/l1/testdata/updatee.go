// Update templates with element operands (s[i] = s[i] + t[i]*k, s[i] =
// t[j] - s[i]), and their order of index errors: the element and the
// operands are read in the bytecode's order, so when both are out of range
// the first read's error is raised: here t[j]'s, read before s[i]
// (updatee2.go: s[i]'s, read before t[j]).

package main

import "fmt"

var g = []float64{1, 2, 3, 4}

func axpy(s, t []float64, k float64) {
	for i := 0; i < len(s); i++ {
		s[i] = s[i] + t[i]*k
		g[i] -= t[i]
		s[i] = t[i] / s[i]
	}
}

func sub(s, t []int, i, j int) {
	s[i] = s[i] - t[j]*2 // s[i] read first
	s[i] = t[j] - s[i]   // t[j] read first
}

func main() {
	s := []float64{1, 2, 3, 4}
	t := []float64{0.5, -1, 8, 2}
	axpy(s, t, 3)
	fmt.Println(s, g)
	a := []int{5, 6, 7}
	b := []int{1, 2}
	sub(a, b, 2, 1)
	fmt.Println(a)
	sub(a, b, 1, 0)
	fmt.Println(a)
	late(a, b, 9, 5) // t[5] and s[9] are out of range: t[5] is read first
}

func late(s, t []int, i, j int) {
	s[i] = t[j] - s[i]
}
