// Truncated integer division and remainder with negative operands; float division, Inf, NaN, Floor/Ceil.

//go:build ignore

package main

import (
	"fmt"
	"math"
)

func main() {
	pairs := [][]int{{7, 2}, {-7, 2}, {7, -2}, {-7, -2}, {1, 3}, {-1, 3}, {0, -5}, {9, 9}, {-9, 1}}
	for _, p := range pairs {
		a, b := p[0], p[1]
		q, r := a/b, a%b
		fmt.Printf("%3d / %2d = %2d   %3d %% %2d = %2d   check %v\n", a, b, q, a, b, r, q*b+r == a)
	}
	// Division by powers of two is not a shift for negatives.
	for _, a := range []int{-1, -7, -8, -9} {
		fmt.Println(a/2, a>>1, a/8, a>>3, a%8, a&7)
	}
	// Op-assignment division.
	x := -100
	x /= 7
	fmt.Print(x, " ")
	x %= 4
	fmt.Println(x)

	// Floored modulo built from truncated modulo.
	for _, a := range []int{-7, 7} {
		m := (a%3 + 3) % 3
		fmt.Print(m, " ")
	}
	fmt.Println()

	// Float division.
	fx, fy := 7.0, -2.0
	fmt.Println(fx/fy, -fx/fy, fx/3, float64(7)/float64(2))
	zero := 0.0
	fmt.Println(fx/zero, -fx/zero, zero/zero, 1/(-zero))
	inf := fx / zero
	fmt.Println(inf-inf, inf*0, inf > math.MaxInt64, -inf < -1e308)
	nan := zero / zero
	fmt.Println(nan == nan, nan != nan, nan < 1, nan > 1, nan >= nan)
	fmt.Println(math.Floor(-2.5), math.Ceil(-2.5), math.Floor(2.5), math.Ceil(2.5), math.Floor(-0.5), math.Ceil(-0.5))
	f := 7.9
	fmt.Println(int(f), int(-f), int(math.Floor(-f)), int(math.Ceil(-f)), int(-0.5*2+f))
}
