// Float formatting by Println and %v (shortest representation, exponent thresholds), special values, rounding.

//go:build ignore

package main

import (
	"fmt"
	"math"
)

func main() {
	values := []float64{0, 1, -1, 0.1, 0.2, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 100, 1e6, 1e20, 1e21, 1.5e21,
		123456789, 1234567890123456789, 0.0001, 0.00001, 1e-7, 5e-324, 1.7976931348623157e308,
		math.Pi, -math.Pi, 1 << 53, 1<<53 + 1, 0.1 * 3, 1e100, 2.5e-10}
	for _, v := range values {
		fmt.Println(v, -v)
	}
	fmt.Println(values[:5])
	// Constant expressions are exact; the same sum at run time is not.
	p, q := 0.1, 0.2
	fmt.Println(0.1+0.2, p+q, p+q == 0.3, 0.1+0.2 == 0.3)

	zero := 0.0
	inf := 1 / zero
	nan := zero / zero
	negZero := -zero
	fmt.Println(inf, -inf, nan, negZero, zero)
	fmt.Printf("%v %f %e %g %.2f %8.2f|%-8v|\n", inf, -inf, nan, negZero, inf, nan, -inf)
	fmt.Printf("%+v %+f % f %08.2f %08.2f\n", inf, nan, inf, -inf, nan)

	// Accumulated error and exact halves.
	sum := 0.0
	for i := 0; i < 10; i++ {
		sum += 0.1
	}
	fmt.Println(sum, sum == 1, math.Abs(sum-1) < 1e-15)
	for _, v := range []float64{0.125, 0.375, 2.675, 1.45, -1.45, 1e15 + 0.3, 9.995} {
		fmt.Printf("%v %.2f %.1f %.0f %g %.3e\n", v, v, v, v, v, v)
	}

	// Conversions between int and float64.
	big := 1<<62 + 1
	fmt.Println(float64(big), int(float64(big)) == big, float64(-7)/2, int(-float64(big%7)*0.75))
	ints := []int{0, -1, 1 << 53, 1<<53 + 1, -(1 << 60) - 1}
	for _, k := range ints {
		f := float64(k)
		fmt.Println(k, f, int(f), int(f)-k)
	}
	fs := []float64{2.9, -2.9, 0.5, -0.5, 1e15 + 0.75, -1e18}
	for _, f := range fs {
		fmt.Print(int(f), " ")
	}
	fmt.Println()
}
