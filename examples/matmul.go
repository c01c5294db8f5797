// Dense matrix multiplication on [][]float64 (row slices, nested index expressions).

//go:build ignore

package main

import "fmt"

func newMatrix(n, m int) [][]float64 {
	rows := make([][]float64, n)
	for i := range rows {
		rows[i] = make([]float64, m)
	}
	return rows
}

func fill(a [][]float64, seed float64) {
	n := len(a)
	for i, row := range a {
		for j := range row {
			row[j] = seed * float64(i-j) * float64(i+j) / float64(n)
		}
	}
}

func mul(a, b [][]float64) [][]float64 {
	n, m, p := len(a), len(b), len(b[0])
	c := newMatrix(n, p)
	for i := 0; i < n; i++ {
		ci := c[i]
		for k := 0; k < m; k++ {
			aik := a[i][k]
			bk := b[k]
			for j := 0; j < p; j++ {
				ci[j] += aik * bk[j]
			}
		}
	}
	return c
}

func main() {
	n := 300
	a := newMatrix(n, n)
	b := newMatrix(n, n)
	fill(a, 1.0)
	fill(b, 0.5)
	c := mul(a, b)
	trace := 0.0
	for i := range c {
		trace += c[i][i]
	}
	fmt.Printf("c[%d][%d] = %.6f\n", n/2, n/3, c[n/2][n/3])
	fmt.Printf("trace = %.6f\n", trace)
	fmt.Printf("%.3f\n", c[1][:4])
}
