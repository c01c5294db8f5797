// Slices: aliasing through shared backing arrays, reslicing up to cap, append growth (len/cap), nil slices.

//go:build ignore

package main

import "fmt"

// The growth slices are package variables on purpose: since Go 1.26 a first append to a
// zero-capacity slice that does not escape may use a 32-byte stack buffer, which changes cap().
var (
	grow  []int
	fgrow []float64
	bgrow []bool
	sgrow [][]int
)

func show(s []int) {
	fmt.Println(s, "len", len(s), "cap", cap(s))
}

// setFirst writes through a slice parameter; the caller sees it.
func setFirst(s []int, v int) {
	s[0] = v
}

// appendLocal appends to its copy of the slice header; the caller's length is unchanged.
func appendLocal(s []int) []int {
	s = append(s, 99)
	return s
}

func main() {
	base := []int{0, 1, 2, 3, 4, 5, 6, 7}
	a := base[2:5]
	show(a)
	a[0] = 20
	fmt.Println("base after a[0]=20:", base)
	b := a[1:]
	show(b)
	ext := a[:cap(a)]
	show(ext)
	show(base[8:])
	show(base[:0])
	show(base[:])

	// Appending within capacity overwrites the shared array.
	c := append(a, 50)
	fmt.Println("base after append within cap:", base)
	show(c)
	// Appending beyond capacity copies; the copies no longer alias.
	d := append(base, 8)
	d[0] = -1
	fmt.Println("base:", base[0], "d:", d[0], "cap(d):", cap(d))

	// Two appends to the same short slice share the array.
	s := make([]int, 3, 10)
	t := append(s, 4)
	u := append(s, 5)
	fmt.Println("t:", t, "u:", u)

	setFirst(s, 7)
	fmt.Println("after setFirst:", s, t[0])
	r := appendLocal(s)
	fmt.Println("after appendLocal:", len(s), len(r), t[3], r[3])

	// Growth of cap when appending one element at a time.
	last := -1
	for i := 0; i < 5000; i++ {
		grow = append(grow, i)
		if cap(grow) != last {
			fmt.Print(cap(grow), " ")
			last = cap(grow)
		}
	}
	fmt.Println()
	lastF, lastB, lastS := -1, -1, -1
	for i := 0; i < 600; i++ {
		fgrow = append(fgrow, float64(i))
		bgrow = append(bgrow, i%2 == 0)
		sgrow = append(sgrow, nil)
		if cap(fgrow) != lastF {
			fmt.Print("f", cap(fgrow), " ")
			lastF = cap(fgrow)
		}
		if cap(bgrow) != lastB {
			fmt.Print("b", cap(bgrow), " ")
			lastB = cap(bgrow)
		}
		if cap(sgrow) != lastS {
			fmt.Print("s", cap(sgrow), " ")
			lastS = cap(sgrow)
		}
	}
	fmt.Println()

	// Appending several elements, and a whole slice with ...
	var e []int
	e = append(e, 1, 2, 3, 4, 5)
	show(e)
	e = append(e, e...)
	show(e)
	e = append(e[:2], []int{7, 8, 9}...)
	show(e)
	e = append([]int{}, e[:3]...)
	show(e)
	show(append([]int{1, 2, 3}, 4))
	show(append(make([]int, 0, 5), 1, 2, 3, 4, 5, 6))
	more := []int{10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}
	show(append(e, more...))

	// Nil and empty slices.
	var nilSlice []int
	empty := []int{}
	fmt.Println(nilSlice == nil, empty == nil, len(nilSlice), cap(nilSlice), nilSlice, empty)
	nilSlice = append(nilSlice, 1)
	fmt.Println(nilSlice, nilSlice == nil)
	nilSlice = nil
	fmt.Println(len(nilSlice), nilSlice[0:0] == nil)

	// make with length and with capacity; zero values.
	m := make([]float64, 2, 6)
	fmt.Println(m, len(m), cap(m), make([]bool, 3), make([][]int, 2))
	m = m[:5]
	fmt.Println(m)

	// Slice expressions with variables and omitted bounds.
	lo, hi := 1, 4
	w := []int{10, 20, 30, 40, 50, 60}
	fmt.Println(w[lo:hi], w[:hi], w[lo:], w[hi:hi], len(w[lo:hi]), cap(w[lo:hi]))

	// Element op-assignments and increments.
	w[0] += 5
	w[1] -= 5
	w[2] *= 2
	w[3] /= 3
	w[4] %= 7
	w[5]++
	w[0]--
	fmt.Println(w)
}
