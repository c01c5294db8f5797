// Updates of an element in place, s[i] = o(s[i], x) and s[i] =
// o2(o1(x, y), s[i]) (compiler.update: one lookup and one bounds check):
// both sides of each, local and global slices, integer and float, a loop
// tail carried, registers and constants, an index error raised by the
// update itself, after the updates before it, and statements of the same
// shape over two slices (or the same slice at two indices), which are not
// updates.

package main

import "fmt"

var g = []int{1, 2, 3, 4, 5, 6, 7, 8}
var gf = []float64{0.5, 1.5, 2.5, 3.5}

func ints(s []int, x, y int) {
	for i := 0; i < len(s); i++ {
		s[i] -= x       // o(s[i], x)
		s[i] = x - s[i] // o(x, s[i])
		s[i] += x * y   // o2(s[i], o1(x, y))
		s[i] = x*y - s[i]
		s[i] = (x ^ y) | s[i]
		s[i] = s[i] & (y - 3)
		s[i] *= 3
		s[i] -= 7 * x
		g[i] += s[i] * y
		g[i] = (x + 5) - g[i]
	}
}

func floats(v []float64, a, b float64) {
	for i := range v {
		v[i] -= a * b
		v[i] = a/b - v[i]
		v[i] /= 2
		v[i] = b / v[i]
		gf[i] += v[i] * a
		gf[i] = (a - 0.25) * gf[i]
	}
}

// counts ends its loop body with an update, which carries the loop's
// increment and test.
func counts(c []int, n int) {
	for i := 0; i < n; i++ {
		c[i%len(c)]++
		c[i%len(c)] += i * 3
	}
}

var g2 = make([]int, 8)

func derive(d, s []int, x int) {
	for i := 1; i < len(d); i++ {
		d[i] = s[i] + x
		d[i] = x*2 - s[i]
		g2[i] = g[i] * x
		g2[i] = g[i-1] + (x & 6)
		s[i] -= s[i-1]
	}
}

func overrun(s []int, n int) {
	for i := 0; i < n; i++ {
		s[i] += i * 2
	}
}

func main() {
	s := []int{3, -9, 27, 100, -1, 0, 5, 11}
	for r := 0; r < 3; r++ {
		ints(s, r+2, 9-r)
	}
	fmt.Println(s, g)
	v := []float64{1, -2, 0.125, 1e300}
	for r := 0; r < 3; r++ {
		floats(v, float64(r)+0.5, 3)
	}
	fmt.Println(v, gf)
	c := make([]int, 7)
	counts(c, 100)
	fmt.Println(c)
	d := make([]int, 8)
	derive(d, s, 3)
	fmt.Println(d, s, g2)
	t := make([]int, 5)
	overrun(t, 5)
	fmt.Println(t)
	overrun(t, 9)
}
