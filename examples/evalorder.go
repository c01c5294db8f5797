// Evaluation order within a statement, as the gc toolchain does it: calls
// (and len, cap, min, max, make, append, slicing) first, in source order,
// then variables and slice elements. f changes what the others read.

//go:build ignore

package main

import (
	"fmt"
	"math"
)

var g = []int{1, 2, 3, 4}
var gf = []float64{1, 2}
var chk = 2

func f() int {
	g[1] += 100
	chk += 10
	gf[0] += 1000
	return 5
}

func id(x int) int { return x }

func r1() int { return g[1] + f() }

func r2() (int, int) { return g[1], f() }

func main() {
	a := g[1] + f()
	fmt.Println("binary", a)
	fmt.Println("args", g[1], f(), g[1])
	s := []int{g[1], f(), chk}
	fmt.Println("literal", s)
	fmt.Println("return", r1())
	x1, x2 := r2()
	fmt.Println("return2", x1, x2)
	if g[1]+f() > 0 {
		fmt.Println("cond", g[1])
	}
	b := g[1] > 50 && f() > 0
	fmt.Println("and", b)
	fmt.Println("max", max(g[1], f()), g[1]+max(chk, 0)+f())
	fmt.Println("sqrt", gf[0]+math.Sqrt(float64(f())), math.Sqrt(gf[0])+float64(f()))
	fmt.Println("append", chk+len(append(g, f())), chk+len(make([]int, f())))
	c1, c2 := g[1], f()
	fmt.Println("multi", c1, c2)
	fmt.Println("conv", float64(chk)+float64(f()), -chk+f())
	fmt.Println("index", g[chk%4]+f(), len(g[chk%3:])+f())
	chk = 1
	g[chk%4] += f()
	fmt.Println("opassign", g, chk)
	chk = 0
	g[id(chk)%4] *= f()
	fmt.Println("opassign2", g, chk)
	chk = chk + f()
	fmt.Println("global", chk)
	var v, w = chk, f()
	fmt.Println("var", v, w)
	switch g[1] + f() {
	case g[1] - 5:
		fmt.Println("switch: read after")
	default:
		fmt.Println("switch: read before")
	}
	h := []int{}
	chk = 3
	opAssignPanic(h)
}

// The panic: the target h[chk] is bounds-checked before g[7] in the value,
// but max's operands are evaluated before the target.
func opAssignPanic(h []int) {
	h[chk&1] |= max(g[chk+4], 1)
}
