// At L2, in a loop that reslices a global (g12 = g12[len(g12):]) and swaps two globals, the checksum comes out wrong (p42 4 instead of 84): values in registers do not survive the global slice assignment. Caught by jitvm-fuzz, seed 101853 (generator version 1).

package main

import (
	"fmt"
)

var chk int

var g12 = []int{chk, g11, 32, g11}

var g10 = []float64{}

var g11 int = chk

func f9() []int {
	if v13 := g12[3]; v13 < 8 {
	}
	chk += len(g12)
	for range 7 {
		g12 = g12[len(g12):]
		chk, g11 = g11, chk
		v19 := g11
		chk += v19
	}
	return make([]int, 9)
}

func init() {
	g10 = f1(0.5, !(g11 > g11), float64(255), g12)
}

func f1(p2 float64, p3 bool, p4 float64, p5 []int) (r6 []float64) {
	g12 = f9()
	fmt.Println("p42", chk)
	return make([]float64, g11)
}

func main() {
}
