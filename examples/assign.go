// Assignment semantics: parallel assignment, evaluation order of index operands, op-assignments, ++/--, call order.

//go:build ignore

package main

import "fmt"

var order []int

// at records the order of calls and returns i.
func at(i int) int {
	order = append(order, i)
	return i
}

func main() {
	a, b, c := 1, 2, 3
	a, b, c = c, a, b
	fmt.Println(a, b, c)
	a, b = b, a
	fmt.Println(a, b)

	// The index on the left is evaluated before any assignment happens.
	s := []int{10, 20, 30}
	i := 0
	i, s[i] = 1, 9
	fmt.Println(i, s)
	s[0], s[1], s[2] = s[2], s[0], s[1]
	fmt.Println(s)
	j := 2
	s[j], j = 100, 0
	fmt.Println(s, j)

	// Swap rows and elements of a 2-D slice.
	m := [][]int{{1, 2}, {3, 4}}
	m[0], m[1] = m[1], m[0]
	m[0][0], m[1][1] = m[1][1], m[0][0]
	fmt.Println(m)

	// Calls in an expression and in index operands run left to right.
	v := at(1)*10 + at(2)*100 + at(3)
	fmt.Println(v, order)
	order = order[:0]
	grid := [][]int{{0, 0, 0}, {0, 0, 0}}
	grid[at(1)][at(2)] = at(3) + at(4)
	fmt.Println(grid, order)
	order = order[:0]
	x, y := at(5), at(6)
	fmt.Println(x, y, order)

	// Every op-assignment operator, on ints and floats.
	n := 100
	n += 5
	n -= 3
	n *= 2
	n /= 7
	n %= 10
	n <<= 3
	n >>= 1
	n &= 0xff
	n |= 0x100
	n ^= 0x0f
	n &^= 0x3
	fmt.Println(n)
	fv := 1.5
	fv += 2
	fv -= 0.25
	fv *= 4
	fv /= 3
	fmt.Println(fv)

	// Increments and decrements on variables and elements.
	k := 0
	k++
	k++
	k--
	fs := []float64{1.5}
	fs[0]++
	s[k]--
	fmt.Println(k, fs, s)

	// Blank identifiers discard values, but calls still run.
	_ = at(7)
	_, _ = at(8), 1
	var _ = at(9)
	fmt.Println(order)

	// Declared variables start at their zero values.
	var zi int
	var zf float64
	var zb bool
	var zs []int
	var zm [][]float64
	fmt.Println(zi, zf, zb, zs, zm, len(zm))
	var p, q = 1, 2.5
	var r, t int = 3, 4
	fmt.Println(p, q, r, t)
}
