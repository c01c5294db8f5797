// At L0 (the bytecode compiler: every tier agrees with it), f23(v158[32], []int{v152[chk]}, ...) with v158 and v152 empty panics with index out of range [32] where Go's gc reports [0]: gc builds a slice literal argument (walk: its elements go into the call's init) before it copies the other arguments that may panic into temporaries (walkCall1, mayCall), so v152[chk] is checked first; jitvm evaluates the arguments left to right. Fixed in order.go: a composite literal passed as an argument is built before the other arguments. Caught by jitvm-fuzz, seed 79330 (generator version 6), minimized.

package main

import (
	"math"
)

const (
	c2 = iota
	c3
)

const c4 = c3

var chk int

func main() {
	var v152 []int = []int{}
	v158 := []bool{}
	_, v152 = f23(v158[int(32)], []int{v152[chk]}, int(c3), [][]int{}, nil)
}

func f23(p24 bool, p25 []int, p26 int, p27 [][]int, p28 []int) ([][]float64, []int) {
	switch {
	case p26 > max(5, chk):
		v30 := c3
		_ = v30
		p24 = math.Abs(c3) >= c4
	default:
		v69 := float64(c3)
		_ = v69
	}
	return [][]float64{make([]float64, p26&c4&7), {-1e15 / float64(p26), c2 / float64(p26)}, make([]float64, (p26^100)&3, (p26^100)&3+3), []float64{c4}}, p28
}
