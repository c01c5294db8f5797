// Self loops (a loop that is one statement and its increment and test,
// which L1 runs inside the statement's closure): loads and stores of local
// and global slices, an element stored from another slice, a loop longer
// than one batch (selfBatch), and an index error raised inside one.

package main

import "fmt"

var g = make([]int, 5000)

func main() {
	a := make([]int, 3000)
	b := make([]int, 3000)
	n := len(a)
	for i := 0; i < n; i++ {
		a[i] = 7
	}
	for i := 0; i < n; i++ {
		b[i] = a[i]
	}
	m := len(g)
	for i := 0; i < m; i += 3 {
		g[i] = 2
	}
	s := 0
	for i := 1; i < m; i += 3 {
		s = g[i-1]
	}
	t := 0
	for i := 0; i < n; i++ {
		t = b[i]
	}
	fmt.Println(s, t, a[n-1], b[n-1], g[m-2])
	n = n + 5
	for i := 0; i < n; i++ {
		b[i] = 1
	}
	fmt.Println("unreachable")
}
