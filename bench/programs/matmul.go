// Benchmark: dense matrix multiplication on [][]float64 (row slices, inner axpy loop).

//go:build ignore

package main

import "fmt"

func newMatrix(n int, seed float64) [][]float64 {
	rows := make([][]float64, n)
	for i := range rows {
		rows[i] = make([]float64, n)
		for j := range rows[i] {
			rows[i][j] = seed * float64(i-j) * float64(i+j) / float64(n)
		}
	}
	return rows
}

func mul(a, b [][]float64) [][]float64 {
	n := len(a)
	c := newMatrix(n, 0)
	for i := 0; i < n; i++ {
		ci := c[i]
		for k := 0; k < n; k++ {
			aik := a[i][k]
			bk := b[k]
			for j := 0; j < n; j++ {
				ci[j] += aik * bk[j]
			}
		}
	}
	return c
}

func main() {
	n := 700
	c := mul(newMatrix(n, 1), newMatrix(n, 0.5))
	trace := 0.0
	for i := range c {
		trace += c[i][i]
	}
	fmt.Printf("%.6f %.6f\n", trace, c[n/2][n/3])
}
