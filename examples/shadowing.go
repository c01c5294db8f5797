// Scopes and shadowing: blocks, if/for/switch init statements, params over package vars, builtins shadowed.

//go:build ignore

package main

import "fmt"

var x = 1

const k = 10

func showParam(x int) {
	fmt.Println("param x:", x)
	x = 99
	fmt.Println("param x changed:", x)
}

func usesGlobal() int {
	return x * k
}

func main() {
	fmt.Println("global x:", x)
	x := 2
	fmt.Println("local x:", x)
	{
		x := 3.5
		fmt.Println("block x:", x)
		{
			x := true
			fmt.Println("inner block x:", x)
		}
		x += 1
		fmt.Println("block x again:", x)
	}
	fmt.Println("local x after blocks:", x)

	if x := x * 10; x > 15 {
		fmt.Println("if x:", x)
	} else if y := x + 1; y > 0 {
		fmt.Println("unreachable", y)
	}

	if y := x - 5; y > 0 {
		fmt.Println("if y:", y)
	} else if z := y * 2; z < 0 {
		fmt.Println("else-if sees y and z:", y, z)
	}

	for x := 0; x < 3; x++ {
		x := x * 100
		fmt.Print(x, " ")
	}
	fmt.Println()

	switch x := 7; {
	case x > 5:
		x := x > 6
		fmt.Println("switch shadowed x:", x)
	}

	switch y := x + 1; y {
	case 3:
		y := y * 2
		fmt.Println("case y:", y)
	}

	showParam(x)
	fmt.Println("x after call:", x)
	fmt.Println("usesGlobal:", usesGlobal())

	const k = 3
	fmt.Println("local const k:", k, "global via func:", usesGlobal()/x)

	// Builtin names can be shadowed; the builtins come back outside the scope.
	{
		max := 5
		len := max + 1
		fmt.Println("shadowed max and len:", max, len)
	}
	fmt.Println("builtins:", max(3, 8), len([]int{1, 2}))

	// A short variable declaration reuses x and declares w.
	x, w := 42, 43
	fmt.Println(x, w)
}
