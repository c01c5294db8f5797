// A counted self loop (see counted.go) whose destination, an element
// indexed by the counter, is out of range inside the loop, after the
// iterations before it stored theirs.

package main

import "fmt"

func scale(d, a []float64, k float64) {
	n := len(a)
	for i := 0; i < n; i++ {
		d[i] = a[i] * k
	}
}

func main() {
	a := []float64{1, 2, 3, 4, 5, 6}
	d := make([]float64, 6)
	scale(d, a, 2.5)
	fmt.Println(d)
	e := make([]float64, 4)
	f := e
	scale(e, a, -1)
	fmt.Println(f)
}
