// Integer overflow wraps (two's complement int64): +, -, *, negation, MinInt64 / -1 and % -1, increments.

//go:build ignore

package main

import (
	"fmt"
	"math"
)

func main() {
	maxv := math.MaxInt64
	minv := math.MinInt64
	fmt.Println(maxv+1 == minv, maxv+1, minv-1)
	fmt.Println(-minv, -minv == minv, minv*-1, maxv*2, maxv*maxv, minv*minv)
	neg1 := -1
	fmt.Println(minv/neg1, minv%neg1, minv/1, maxv/neg1)
	x := maxv
	x++
	fmt.Println(x)
	x--
	fmt.Println(x)
	x += maxv
	fmt.Println(x)
	x *= 3
	fmt.Println(x)

	// A multiplicative hash that relies on wrapping.
	h := 0
	for i := 1; i <= 20; i++ {
		h = h*1000003 ^ i
	}
	fmt.Println(h)

	// Factorials overflow past 20!.
	f := 1
	for i := 1; i <= 25; i++ {
		f *= i
		if i >= 19 {
			fmt.Println(i, f)
		}
	}

	// Fibonacci numbers wrap after F(92).
	a, b := 0, 1
	for i := 0; i < 95; i++ {
		a, b = b, a+b
		if i >= 90 {
			fmt.Println(i+1, a)
		}
	}
	// Absolute value of MinInt64 is still negative.
	m := minv
	if m < 0 {
		m = -m
	}
	fmt.Println(m, m < 0)
}
