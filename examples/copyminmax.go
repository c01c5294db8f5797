// copy (counts, overlap, short destinations) and the min/max builtins on ints and floats, incl. NaN and -0.

//go:build ignore

package main

import (
	"fmt"
	"math"
)

func main() {
	src := []int{1, 2, 3, 4, 5}
	dst := make([]int, 3)
	n := copy(dst, src)
	fmt.Println(n, dst)
	n = copy(dst, src[4:])
	fmt.Println(n, dst)
	n = copy(dst[:0], src)
	fmt.Println(n, dst)

	// Overlapping copies behave like memmove in both directions.
	s := []int{0, 1, 2, 3, 4, 5, 6, 7}
	copy(s[2:], s)
	fmt.Println(s)
	s = []int{0, 1, 2, 3, 4, 5, 6, 7}
	copy(s, s[3:])
	fmt.Println(s)

	fs := []float64{1.5, 2.5}
	fd := make([]float64, 4)
	fmt.Println(copy(fd[1:], fs), fd)
	bs := []bool{true, true, true}
	fmt.Println(copy(bs[1:], []bool{false}), bs)
	rows := [][]int{{1}, {2}}
	rcopy := make([][]int, 3)
	fmt.Println(copy(rcopy, rows), rcopy)
	var none []int
	fmt.Println(copy(none, src), copy(src, none))

	// min and max on ints.
	a, b, c := 7, -3, 12
	fmt.Println(min(a, b), max(a, b), min(a, b, c), max(a, b, c), min(a), max(c))
	fmt.Println(min(math.MaxInt64, a), max(math.MinInt64, b))
	fmt.Println(min(3, 2.5), max(1, 2, 3.0))

	// min and max on floats.
	x, y := 2.5, -1.25
	fmt.Println(min(x, y), max(x, y), min(x, y, 0), max(x, 10, y))
	zero := 0.0
	negZero := -zero
	fmt.Println(min(zero, negZero), max(negZero, zero), min(negZero, zero), max(zero, negZero))
	nan := math.Sqrt(-1)
	fmt.Println(min(x, nan), max(nan, x), min(nan, y, x), max(1.0, 2.0, nan))
	inf := 1 / zero
	fmt.Println(min(inf, x), max(-inf, y), max(inf, -inf), min(-inf, inf))

	// Clamping with min and max.
	for _, v := range []int{-5, 3, 50} {
		fmt.Print(max(0, min(v, 10)), " ")
	}
	fmt.Println()
}
