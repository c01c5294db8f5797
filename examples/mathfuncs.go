// math.Sqrt, Abs, Floor, Ceil, Pi, MaxInt64, MinInt64 with normal, negative, zero, Inf and NaN inputs.

//go:build ignore

package main

import (
	"fmt"
	"math"
)

// newton computes a square root by Newton's method to compare with math.Sqrt.
func newton(x float64) float64 {
	z := x / 2
	for i := 0; i < 60; i++ {
		z -= (z*z - x) / (2 * z)
	}
	return z
}

func main() {
	for _, x := range []float64{0, 1, 2, 4, 10, 0.25, 1e-10, 1e300} {
		fmt.Println(x, math.Sqrt(x), math.Sqrt(x)*math.Sqrt(x))
	}
	fmt.Println(newton(2), math.Sqrt(2), newton(2) == math.Sqrt(2))
	zero := 0.0
	negZero := -zero
	inf := 1 / zero
	nan := math.Sqrt(-1)
	fmt.Println(math.Sqrt(-1), math.Sqrt(negZero), math.Sqrt(inf), math.Sqrt(nan))

	for _, x := range []float64{-2.5, 2.5, -0.0001, negZero, -inf, nan, -1e308} {
		fmt.Println(x, math.Abs(x), math.Floor(x), math.Ceil(x))
	}
	for _, x := range []float64{1.999999, -1.000001, 4503599627370495.5, -4503599627370495.5, 1e300} {
		fmt.Println(math.Floor(x), math.Ceil(x))
	}

	fmt.Println(math.Pi, math.Pi*2, math.Pi/4)
	fmt.Printf("%.20f %T\n", math.Pi, math.Pi)
	fmt.Println(math.MaxInt64, math.MinInt64, math.MaxInt64+math.MinInt64)
	var m int = math.MaxInt64
	fmt.Println(m, float64(m), m-math.MaxInt64)
	fmt.Printf("%T %T\n", math.MaxInt64, math.Pi)

	// Hypotenuse, distance and a circle area.
	a, b := 3.0, 4.0
	fmt.Println(math.Sqrt(a*a+b*b), math.Pi*a*a)
	// Integer square root via Sqrt and correction.
	for _, n := range []int{15, 16, 17, 1 << 52, 999999999999} {
		r := int(math.Sqrt(float64(n)))
		for r*r > n {
			r--
		}
		for (r+1)*(r+1) <= n {
			r++
		}
		fmt.Print(r, " ")
	}
	fmt.Println()
}
