// Swaps of two elements of a slice, which L1 runs as one closure
// (stmtSwap): reversals, a swap of an element with itself, bools, a swap
// across the middle, and index errors in the first load (j) and then, in
// another program (swapi.go), the second (i). (With both out of range gc
// reports p[i], jitvm p[j]: the spec leaves the order open.)

package main

import "fmt"

func reverse(p []int) {
	for i, j := 0, len(p)-1; i < j; i, j = i+1, j-1 {
		p[i], p[j] = p[j], p[i]
	}
}

func badJ(p []int, i, j int) {
	p[i], p[j] = p[j], p[i]
}

func badI(p []int, i, j int) {
	p[i], p[j] = p[j], p[i]
}

func main() {
	p := []int{1, 2, 3, 4, 5, 6, 7}
	for k := 0; k < 5; k++ {
		reverse(p)
		reverse(p[1:6])
	}
	fmt.Println(p)
	b := []bool{true, false, false}
	for k := 0; k < 3; k++ {
		b[k], b[2-k] = b[2-k], b[k]
		b[k], b[k] = b[k], b[k]
	}
	fmt.Println(b)
	q := make([]int, 8)
	for i := range q {
		q[i] = i * i
	}
	for i := 0; i < len(q); i++ {
		j := (i*3 + 1) % len(q)
		q[i], q[j] = q[j], q[i]
	}
	fmt.Println(q)
	badI(q, 7, 2) // in range
	fmt.Println(q)
	badJ(q, 2, 9) // p[j] out of range
}
