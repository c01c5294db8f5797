// Counted self loops (cself1, cself2: the loop counter in a Go register,
// each operand an element indexed by the counter or a value read once per
// batch, the destination a register or an element indexed by the
// counter): every mix of elements and values on either side, accumulators
// (s += a[i]*b[i]) and a value that is the destination register read by a
// later iteration, integer and float, local and global slices, steps and
// bounds in registers and constants, up and down, loops longer than one
// batch, loops that must not be counted (an operand that is the counter,
// an index that is not), and index errors raised by an operand and by the
// destination inside a loop (this program's operand error; countedd.go's
// destination error).

package main

import "fmt"

var ga = []float64{1.5, -2, 3.25, 4, 0.5, 6, -7.75, 8}
var gi = []int{3, 1, 4, 1, 5, 9, 2, 6}

func axpy(y, x []float64, a float64) {
	n := len(y)
	for i := 0; i < n; i++ {
		y[i] += a * x[i]
	}
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func mixes(d, a, b []int, k, m int) int {
	n := len(d)
	acc := 7
	for i := 0; i < n; i++ {
		d[i] = a[i]*b[i] + k // E E V
	}
	for i := 0; i < n; i++ {
		d[i] = k*a[i] - b[i] // V E E
	}
	for i := 0; i < n; i++ {
		d[i] = b[i] - (a[i] + m) // E E V, the inner operation on the right
	}
	for i := 0; i < n; i++ {
		d[i] = (k - m) * a[i] // V V E
	}
	for i := 0; i < n; i++ {
		acc = acc*3 + a[i] // the accumulator, V E
	}
	for i := len(gi) - 1; i >= 0; i-- {
		acc -= gi[i] * k // down, a global slice
	}
	for i := 0; i < n; i += 2 {
		d[i] = d[i] * m // a step of 2
	}
	for i := 1; i < n; i += k {
		d[i] = a[i] + b[i] // a step in a register
	}
	t := 0
	for i := 0; i < n; i++ {
		t = a[i] - k // the destination written, not read
	}
	u := 1
	for i := 0; i != 6; i++ {
		u = u*2 + 1 // values only
	}
	return acc + t + u
}

func floats(n int) float64 {
	v := make([]float64, n)
	w := make([]float64, n)
	for i := 0; i < n; i++ {
		v[i] = float64(i%17) - 8
	}
	for i := 0; i < n; i++ {
		w[i] = v[i] / 3
	}
	for i := 0; i < n; i++ {
		w[i] = 1 / (v[i] - 0.5) // V E V, inner on the right
	}
	s := 0.0
	for i := 0; i < n; i++ {
		s = s - w[i]*v[i]
	}
	m := len(ga)
	for i := 0; i < m; i++ {
		ga[i] = ga[i]*0.5 + v[i]
	}
	return s - 2*dot(v, w)
}

func notCounted(d, a []int) int {
	n := len(d)
	for i := 0; i < n; i++ {
		d[i] = a[i] + i // an operand is the counter
	}
	j := 2
	s := 0
	for i := 0; i < n-2; i++ {
		s += a[j] * 2 // an index that is not the counter
	}
	return s
}

func badOperand(d, a []int) {
	n := len(d)
	for i := 0; i < n; i++ {
		d[i] = a[i]*2 + 1
	}
}

func main() {
	y := []float64{1, 2, 3, 4, 5}
	x := []float64{0.5, -1, 2, -4, 8}
	axpy(y, x, 3)
	fmt.Println(y, dot(x, y))
	d := make([]int, 3000)
	a := make([]int, 3000)
	b := make([]int, 3000)
	for i := range a {
		a[i] = i*7 - 1000
		b[i] = 5000 - i*3
	}
	fmt.Println(mixes(d, a, b, 3, -4), d[:10], d[2990:])
	fmt.Println(mixes(d[:8], a, b, 2, 5), d[:8])
	fmt.Println(floats(2500), ga)
	fmt.Println(notCounted(d, a), d[:5])
	badOperand(d[:10], a[:10])
	fmt.Println(d[:10])
	badOperand(d[:10], a[:6])
}
