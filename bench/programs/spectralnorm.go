// Benchmark: spectral norm by power iteration (float division in a small function called from nested loops).

//go:build ignore

package main

import (
	"fmt"
	"math"
)

func a(i, j int) float64 {
	return 1.0 / float64((i+j)*(i+j+1)/2+i+1)
}

func mulAv(v, av []float64) {
	for i := range av {
		s := 0.0
		for j, vj := range v {
			s += a(i, j) * vj
		}
		av[i] = s
	}
}

func mulAtv(v, atv []float64) {
	for i := range atv {
		s := 0.0
		for j, vj := range v {
			s += a(j, i) * vj
		}
		atv[i] = s
	}
}

func mulAtAv(v, out, tmp []float64) {
	mulAv(v, tmp)
	mulAtv(tmp, out)
}

func main() {
	n := 2200
	u := make([]float64, n)
	for i := range u {
		u[i] = 1
	}
	v := make([]float64, n)
	tmp := make([]float64, n)
	for i := 0; i < 10; i++ {
		mulAtAv(u, v, tmp)
		mulAtAv(v, u, tmp)
	}
	vBv, vv := 0.0, 0.0
	for i, vi := range v {
		vBv += u[i] * vi
		vv += vi * vi
	}
	fmt.Printf("%0.9f\n", math.Sqrt(vBv/vv))
}
