// Sums of two and three products, a*b + c*d (+ e*f), which L1 computes in
// one closure (stmtDot): registers and constants, a register and an element
// destination, a self loop, values whose products would round differently
// if fused into an FMA, and infinities and NaN; and shapes that are not one
// (a difference, a product of a sum, an element operand); and an element
// destination's index error.

package main

import "fmt"

var g = []float64{0, 0, 0, 0}

func norm2(x, y, z float64) float64 { return x*x + y*y + z*z }

func cross(a, b, c, d float64) float64 { return a*b + c*d }

func fill(s []float64, x, y float64) {
	n := len(s)
	for i := 0; i < n; i++ {
		s[i] = x*y + y*2.5 + 0.1*x
	}
}

func acc(x, y float64, n int) float64 {
	t := 0.0
	for i := 0; i < n; i++ {
		t = t*0.5 + x*y
	}
	return t
}

func others(s []float64, x, y float64) float64 {
	a := x*y - y*x     // a difference
	b := (x + y) * x   // a product of a sum
	c := s[0]*x + y*y  // an element operand
	d := x*y + y*y + 3 // a constant added, not a product
	g[1] = x*x + y*y
	g[2] = x*0.1 + 3*y + x*x
	return a + b + c + d
}

func main() {
	fmt.Println(norm2(1, 2, 3), norm2(0.1, 0.2, 0.3), cross(1.0/3, 3, 0.1, 10))
	// 0.1*3 and 1e16*(1/3): an FMA would keep the products' lost bits.
	fmt.Printf("%.17g %.17g\n", cross(0.1, 3, -0.3, 1), cross(1e16, 1.0/3, -1e16/3, 1))
	inf := 1e308
	inf *= 10
	fmt.Println(norm2(inf, 1, 1), cross(inf, 0, 1, 1), cross(inf, 1, -inf, 1), norm2(1e200, 1e200, 0))
	s := make([]float64, 5)
	fill(s, 0.7, 1.3)
	fmt.Println(s)
	fmt.Printf("%.17g %.17g\n", acc(0.1, 0.3, 3000), acc(1.0/3, 3, 7))
	fmt.Println(others(s, 0.25, 1.5), g)
	late(9, 0.5, 2) // the destination, out of range, is checked after the sum
}

func late(i int, x, y float64) {
	g[i] = x*y + y*y
}
