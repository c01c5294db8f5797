// The shape a ± (b * c) * e (prod3.go in jit/l1): an element updated in
// place with b and e registers or constants and c a register, a constant or
// an element (updProd3), and every other destination and operand
// (stmtProd3): a register, another element, a self loop, local and global
// slices, constants on every side, values whose product would round
// differently if fused into an FMA, infinities and NaN, and an index error
// of the destination raised after the operands are read (prod3e.go,
// prod3e2.go: the operands' errors).

package main

import "fmt"

var gx = []float64{1, 2, 3, 4}
var gm = []float64{0.1, 0.2, 0.3, 0.4}

func update(s, m []float64, dx, mag float64) {
	for j := 0; j < len(s); j++ {
		s[j] -= dx * m[j] * mag // c an element: upd
		s[j] += dx * mag * 3    // all plain
		s[j] = s[j] - 2*dx*mag  // b a constant
		gx[j] += dx * gm[j] * mag
		gx[j] -= dx * m[j] * 0.5
	}
}

func others(s, t []float64, a, b, c float64, i, j int) float64 {
	x := a - b*c*a       // a register
	y := s[i] + b*t[j]*c // a register, elements
	t[j] = s[i] - b*c*x  // another element
	s[i] = x + y*c*b     // a register first
	u := s[i] - t[j]*t[i]*s[j]
	s[j] = s[i] + a*b*c // the same slice at another index: not an update
	t[i] = t[i] - s[j]*c*b
	return x + y + u
}

func self(s, t []float64, k float64) {
	n := len(s)
	for i := 0; i < n; i++ {
		s[i] = s[i] - k*t[i]*k
	}
}

func selfReg(t []float64, k float64) float64 {
	acc := 0.0
	n := len(t)
	for i := 0; i < n; i++ {
		acc = acc + t[i]*k*t[i]
	}
	return acc
}

func main() {
	s := []float64{1, 2, 3, 4}
	m := []float64{0.5, 0.25, 4, 8}
	for k := 0; k < 3; k++ {
		update(s, m, 0.3, 1.7)
	}
	fmt.Println(s, gx)

	// 0.1*3 rounds, then *1e16 rounds again: an FMA of the last two
	// would differ in the last bits.
	t := []float64{0.1, 1.0 / 3, 2.0 / 3, 1e308}
	fmt.Println(others(s, t, 0.1, 3, 1e16, 1, 2))
	fmt.Println(others(s, t, 1.0/3, 3, 1.0/3, 0, 3))
	fmt.Println(s, t)
	inf := 1e308
	inf *= 10
	fmt.Println(others(s, t, inf, 0, 1, 2, 0)) // Inf * 0 is NaN
	fmt.Println(others(s, t, 1, 1e308, 1e308, 3, 3))
	self(s, m, 1.1)
	fmt.Println(s, selfReg(m, 0.7))
	big := make([]float64, 3000)
	for i := range big {
		big[i] = float64(i%17) * 0.125
	}
	self(big, big, 0.9)
	fmt.Println(big[0], big[1], big[2999], selfReg(big, 1.3))
	fmt.Printf("%.17g\n", selfReg(big, 1.0/7))

	late(s, m, 3, 7) // the destination, out of range, is checked after the operands
}

func late(s, t []float64, i, j int) {
	fmt.Println("late")
	t[j] = s[i] - s[i]*t[i]*s[i]
}
