// Self loops of the statement templates with element operands, whose
// slices the looping closure looks up once per batch of iterations
// (selfBatch), not in each: local and global slices as operands and as the
// destination, integer and float, loops longer than one batch, and index
// errors raised inside one by an operand (selfelemd.go: by the
// destination).

package main

import "fmt"

var g = make([]float64, 3000)
var gi = make([]int, 3000)

func axpy(c []float64, a float64, b []float64) {
	for j := 0; j < len(c); j++ {
		c[j] += a * b[j]
	}
}

func main() {
	n := 2500
	c := make([]float64, n)
	b := make([]float64, n)
	x := make([]int, n)
	for i := 0; i < n; i++ {
		b[i] = float64(i) * 0.5
		x[i] = i
	}
	axpy(c, 2, b)
	for j := 0; j < n; j++ {
		g[j] = g[j] + c[j]*b[j]
	}
	for j := 0; j < n; j++ {
		gi[j] = x[j]*3 + gi[j]
	}
	for j := 0; j < n; j++ {
		c[j] = c[j] + b[j]*2
	}
	for j := 0; j < n; j++ {
		x[j] = gi[j] - x[j]
	}
	for j := 1; j < n; j++ {
		x[j] = x[j-1] + x[j]*2
	}
	fmt.Println(c[n-1], g[n-1], gi[n-1], x[10], x[n-1]%1000003)
	short := make([]float64, 1500)
	fmt.Println(c[1499], c[1500])
	for j := 0; j < n; j++ {
		c[j] += 1 * short[j]
	}
	fmt.Println("unreachable", c[0])
}
