// Functions whose L1 plans golden_test.go checks.

package main

import "fmt"

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := 0; i < len(a); i++ {
		s += a[i] * b[i]
	}
	return s
}

func hash(h, x int) int {
	h ^= x
	h *= 1099511628211
	return h ^ (h >> 29)
}

func main() {
	fmt.Println(fib(10), dot([]float64{1, 2}, []float64{3, 4}), hash(1, 2))
}
