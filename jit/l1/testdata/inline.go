// Calls L1 splices into their callers (inline.go): leaf functions without
// loops or anything that can fail, with several returns, several results,
// slice parameters and results, globals read and written, calls in the
// arguments of calls, in recursion, and an index error raised in a
// statement that uses an inlined result (its trace names the caller's line).

package main

import "fmt"

var counter int
var table = []int{3, 1, 4, 1, 5, 9, 2, 6}

func sq(x int) int { return x * x }

func pick(c bool, a, b float64) float64 {
	if c {
		return a
	}
	if a > b {
		return a - b
	}
	return b
}

func swap(a, b int) (int, int) { return b, a }

func size(s []int) int { return len(s) + cap(s) }

func same(s []int) []int { return s }

func bump(k int) {
	counter += k
}

func nothing() {}

func mid(a, b int) int { return (a + b) / 2 }

func clamp(x, lo, hi int) int { return max(lo, min(x, hi)) }

func hyp(x, y float64) float64 { return x*x + y*y }

func rec(n int) int {
	if n == 0 {
		return sq(3)
	}
	return rec(n-1) + sq(n)%7
}

func main() {
	s, f := 0, 0.0
	for i := 0; i < 2000; i++ {
		a, b := swap(i, sq(i%17))
		s += mid(a, b) + clamp(i-1000, -7, 7)
		f += pick(i%3 == 0, float64(i), 0.5) + hyp(float64(i%5), 1.5)
		bump(i % 4)
		nothing()
		s += size(same(table[:i%8]))
	}
	fmt.Println(s, f, counter, rec(50))
	xs := make([]int, 10)
	for k := 0; k < 10; k++ {
		xs[sq(k)%10] += mid(k, sq(k))
	}
	fmt.Println(xs)
	for k := 0; ; k++ {
		xs[sq(k)] = k // index out of range at k = 4 (16)
	}
}
