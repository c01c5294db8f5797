// Constants: iota in several patterns, typed and untyped consts, constant arithmetic, local consts, %T.

//go:build ignore

package main

import (
	"fmt"
	"math"
)

const (
	zero = iota
	one
	two
	_
	four
)

// Size units from a shifted iota.
const (
	_  = iota
	KB = 1 << (10 * iota)
	MB
	GB
	TB
)

// Typed constants: every spec repeats the typed expression.
const (
	a int = iota * 10
	b
	c
)

const (
	f0 float64 = iota + 0.5
	f1
)

// Two constants per line share one iota value.
const (
	lo0, hi0 = iota, -iota
	lo1, hi1
	lo2, hi2
)

// Flags from iota, and a value skipped in the middle.
const (
	flagA = 1 << iota
	flagB
	_
	flagD
	mask = flagA | flagB | flagD
)

// Untyped constants are exact and may exceed int64 before they are used.
const (
	huge   = 1 << 100
	small  = huge >> 98
	third  = 1.0 / 3
	exact  = 7 / 2
	fexact = 7.0 / 2
	big    = math.MaxInt64
	neg    = math.MinInt64
	pi2    = math.Pi * 2
	isBig  = huge > big
)

const typedThird float64 = 1.0 / 3

const yes, no = true, false

func main() {
	fmt.Println(zero, one, two, four)
	fmt.Println(KB, MB, GB, TB)
	fmt.Println(a, b, c, f0, f1)
	fmt.Println(lo0, hi0, lo1, hi1, lo2, hi2)
	fmt.Println(flagA, flagB, flagD, mask)
	fmt.Println(small, exact, fexact, big, neg)
	fmt.Println(third, typedThird, third == typedThird)
	fmt.Printf("%.15f %v %v\n", pi2, isBig, yes && !no)

	// An untyped float constant with an integral value can be an int.
	const twoPointZero = 2.0
	var n int = twoPointZero * 21
	fmt.Println(n)

	// Local constants shadow package ones and have iota of their own.
	const (
		one = iota + 100
		two
	)
	fmt.Println(one, two)

	// Default types of untyped constants.
	x, y, z := 3, 3.0, 1<<3 > 7
	fmt.Printf("%T %T %T %T %T\n", x, y, z, small, third)
	fmt.Printf("%T %T\n", []int{KB}, [][]float64{{typedThird}})

	// Constant expressions are evaluated exactly, then converted.
	fmt.Println(huge/(huge>>1), (1<<62)*2-1+(1<<62)*2 > 0)
	fmt.Println(1e3, 1e3 == 1000, int(1e3))
	fmt.Println(float64(big), float64(neg))
	fmt.Println(-7/2, -7%2, 7/-2, 7%-2)
}
