// Shift loops, s[i] = u[i+k], which L1 runs in one closure with i and
// i+k in Go registers (selfShift): fannkuch's rotation, a shift down with
// a negative k, between two slices, by steps of 2, the index read after
// the loop, over more than one batch, and an index error of the read
// after iterations (shifte.go has the write's).

package main

import "fmt"

func rotate(p []int, r int) {
	first := p[0]
	for i := 0; i < r; i++ {
		p[i] = p[i+1]
	}
	p[r] = first
}

func down(p []int) int {
	i := len(p) - 1
	for ; i > 0; i-- {
		p[i] = p[i-1]
	}
	return i
}

func from(a, b []int, n int) {
	for i := 0; i < n; i++ {
		a[i] = b[i+2]
	}
}

func evens(a []int) int {
	i, n := 0, len(a)-1
	for ; i < n; i += 2 {
		a[i] = a[i+1]
	}
	return i
}

func main() {
	p := []int{0, 1, 2, 3, 4, 5, 6, 7, 8}
	for r := 1; r < 9; r++ {
		rotate(p, r)
		fmt.Println(p)
	}
	fmt.Println(down(p), p)
	a, b := make([]int, 6), []int{10, 11, 12, 13, 14, 15, 16, 17}
	from(a, b, 6)
	fmt.Println(a, evens(b), b)
	long := make([]int, 5000)
	for i := range long {
		long[i] = i * 3
	}
	rotate(long, 4999)
	fmt.Println(long[:3], long[2047:2050], long[4997:])
	from(a, b, 7) // b[8] is out of range, after five moves
	fmt.Println("unreachable")
}
