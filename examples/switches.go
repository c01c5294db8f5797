// Switch forms: tagged, tagless, with init, multi-value cases, default anywhere, non-constant cases.

//go:build ignore

package main

import "fmt"

func classify(n int) int {
	switch {
	case n < 0:
		return -1
	case n == 0:
		return 0
	default:
		return 1
	}
}

func dayKind(d int) int {
	kind := 0
	switch d {
	default:
		kind = -1
	case 0, 6:
		kind = 2
	case 1, 2, 3, 4, 5:
		kind = 1
	}
	return kind
}

var calls int

// probe reports that a case expression was evaluated.
func probe(v int) int {
	calls++
	fmt.Print("probe(", v, ") ")
	return v
}

func grade(score float64) int {
	switch s := score / 10; {
	case s >= 9:
		return 4
	case s >= 8:
		return 3
	case s >= 7:
		return 2
	}
	return 0
}

func main() {
	for _, n := range []int{-5, 0, 12} {
		fmt.Print(classify(n), " ")
	}
	fmt.Println()

	for d := range 8 {
		fmt.Print(dayKind(d), " ")
	}
	fmt.Println()

	// Case expressions are evaluated left to right, top to bottom, until one matches.
	x := 3
	switch x {
	case probe(1), probe(2):
		fmt.Println("no")
	case probe(3), probe(4):
		fmt.Println("matched 3")
	case probe(5):
		fmt.Println("no")
	}
	fmt.Println("calls:", calls)

	// A switch with an init statement and a tag.
	switch y := x * x; y % 4 {
	case 0:
		fmt.Println("y divisible by 4")
	case 1:
		fmt.Println("y % 4 == 1:", y)
	}

	// Switch on bool and on float64 values.
	switch x > 2 {
	case true:
		fmt.Println("x > 2")
	case false:
		fmt.Println("x <= 2")
	}
	f := 0.5
	switch f * 2 {
	case 1.0:
		fmt.Println("f*2 == 1.0")
	default:
		fmt.Println("other")
	}

	// No case matches and there is no default.
	switch x {
	case 100:
		fmt.Println("never")
	}

	// An empty switch and a switch with only default.
	switch {
	}
	switch {
	default:
		fmt.Println("only default")
	}

	// break leaves the switch early; nested switches.
	for i := 0; i < 4; i++ {
		switch i % 2 {
		case 0:
			if i == 2 {
				break
			}
			switch i {
			case 0:
				fmt.Println("i is zero")
			}
		case 1:
			fmt.Println("odd", i)
		}
	}

	for _, s := range []float64{95, 85.5, 71, 12} {
		fmt.Print(grade(s), " ")
	}
	fmt.Println()
}
