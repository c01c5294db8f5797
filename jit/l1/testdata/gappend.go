// g = append(g, v) on global slices (globalAppend in jit/l1: one closure
// for GETGS, the move, APPEND, MOVES and SETGS): values that are
// registers, constants and expressions, int, float and bool elements,
// appends that fit and that grow, two globals sharing a backing array,
// shapes that do not match (another global's slice, sliced or whole, and
// two values), and the slice read after the append (len(g)).

package main

import "fmt"

var (
	ints   []int
	floats []float64
	bools  []bool
	other  []int
	shared []int
)

func push(v int) int {
	ints = append(ints, v)
	return len(ints) - 1
}

func pushAll(v int) {
	floats = append(floats, float64(v)/2)
	bools = append(bools, v%3 == 0)
	ints = append(ints, 7)
	ints = append(ints, v*v)
	ints = append(ints, v, -v)
}

func main() {
	for i := 0; i < 50; i++ {
		push(i)
		pushAll(i)
	}
	fmt.Println(len(ints), cap(ints) >= len(ints), ints[:12], ints[len(ints)-4:])
	fmt.Println(len(floats), floats[:5], len(bools), bools[:7])

	// Another global's slice: not the shape.
	other = append(ints[:3], 100)
	fmt.Println(other, ints[:4])

	// Another global's slice, whole: GETGS of one global, SETGS of
	// another.
	other = append(ints, 5)
	fmt.Println(len(other), other[len(other)-1], len(ints))

	// Two globals sharing an array: the second append overwrites the
	// first one's element, as in Go.
	shared = make([]int, 2, 10)
	other = shared
	shared = append(shared, 1)
	other = append(other, 2)
	fmt.Println(shared, other, len(shared), cap(shared))

	// Grows from nil, many times.
	ints = nil
	sum := 0
	for i := 0; i < 100000; i++ {
		sum += push(i % 1000)
	}
	fmt.Println(sum, len(ints), ints[99999])
}
