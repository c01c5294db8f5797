// At L2, a value held in a register across a statement that assigns a global slice (g = g[:0], g = append(g, ...)) reads back as garbage (19623904 instead of 10) when the function also stores into that global in a branch not taken. Caught by jitvm-fuzz, seeds 100404, 100708, 100815.

package main

import "fmt"

var g = []int{}

var h = []int{1, 2, 3}

func main() {
	x := 1
	if x > 5 {
		g[3] = 2
	}
	v := 10
	g = g[:0]
	fmt.Println(v)

	// The fuzzer's form: a global store under a false length test, then
	// an append to the global.
	if len(h) >= 5 {
		h[3] %= 2
	}
	w := 10
	for i := 5; i > 0; i-- {
		w = i
	}
	h = append(h, 100)
	fmt.Println(w, h)
}
