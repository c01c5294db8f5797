// Booleans: && || short-circuit with side effects, !, comparisons yielding bools, bool slices, %t.

//go:build ignore

package main

import "fmt"

var trace []int

// check records that it was called and returns v.
func check(id int, v bool) bool {
	trace = append(trace, id)
	return v
}

func xor(a, b bool) bool { return a != b }

func main() {
	t, f := true, false
	fmt.Println(t && f, t || f, !t, !f, t == f, t != f, !!t)
	fmt.Println(xor(t, f), xor(t, t), t && !f || f)

	// Short-circuit: the right operand runs only when needed.
	r := check(1, false) && check(2, true)
	fmt.Println(r, trace)
	trace = trace[:0]
	r = check(3, true) || check(4, true)
	fmt.Println(r, trace)
	trace = trace[:0]
	r = check(5, true) && check(6, false) || check(7, true) && check(8, true)
	fmt.Println(r, trace)
	trace = trace[:0]
	r = check(9, false) || check(10, false) && check(11, true)
	fmt.Println(r, trace)
	trace = trace[:0]
	if check(12, false) && check(13, true) || !check(14, false) {
		fmt.Println("if taken", trace)
	}

	// Comparisons of each type give bools.
	a, b := 3, 5
	x, y := 2.5, 2.5
	cmp := []bool{a < b, a > b, a <= b, a >= b, a == b, a != b, x == y, x < y, x >= y, t == !f}
	fmt.Println(cmp)
	count := 0
	for _, c := range cmp {
		if c {
			count++
		}
	}
	fmt.Printf("%d true of %d; %t %v %5t|\n", count, len(cmp), cmp[0], cmp[1], cmp[2])

	// Bools as loop conditions and as stored flags.
	done := false
	steps := 0
	for !done {
		steps++
		done = steps*steps > 50
	}
	fmt.Println("steps:", steps)
	var flags []bool
	for i := 0; i < 6; i++ {
		flags = append(flags, i%3 == 0 || i == 4)
	}
	fmt.Println(flags, len(flags))
	var zero bool
	fmt.Println(zero, make([]bool, 2))
	ok := a < b
	ok = ok && x == y
	fmt.Println(ok)
	// De Morgan's laws over all inputs.
	for _, p := range []bool{false, true} {
		for _, q := range []bool{false, true} {
			fmt.Print(!(p && q) == (!p || !q), !(p || q) == (!p && !q), " ")
		}
	}
	fmt.Println()
}
