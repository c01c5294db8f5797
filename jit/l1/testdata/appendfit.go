// Appends of scalars that fit the capacity, which L1 does in place
// (sliceOp's APPEND): one and several values, ints, floats and bools,
// two slices sharing a backing array (the second append overwrites what
// the first stored there, as in Go), appends that grow, to a nil slice,
// and to globals.

package main

import "fmt"

var g []int

func push(v int) int {
	g = append(g, v)
	return len(g)
}

func main() {
	a := make([]int, 3, 10)
	b := append(a, 1)
	c := append(a, 2, 3)
	fmt.Println(a, b, c, len(b), cap(b), len(c), cap(c))
	d := append(b[:2], 7, 8, 9)
	fmt.Println(a, b, c, d)
	f := make([]float64, 0, 2)
	f = append(f, 1.5)
	f = append(f, 2.5)
	f = append(f, 3.5) // grows
	fmt.Println(f, len(f))
	var bs []bool
	for i := 0; i < 9; i++ {
		bs = append(bs, i%3 == 0)
	}
	fmt.Println(bs, len(bs))
	var n []int
	n = append(n, 4)
	fmt.Println(n, n == nil)
	g = make([]int, 0, 4)
	t := 0
	for i := 0; i < 50; i++ {
		t += push(i * i)
	}
	fmt.Println(t, len(g), g[:6], g[45:])
	g = g[:2]
	fmt.Println(push(-1), g)
}
