// As selfelems.go, with the index error raised by the self loop's
// destination.

package main

import "fmt"

var gi = make([]int, 3000)

func main() {
	n := 2500
	x := make([]int, n)
	for i := 0; i < n; i++ {
		x[i] = i
		gi[i] = 2 * i
	}
	d := make([]int, 1200)
	for j := 0; j < n; j++ {
		d[j] = x[j] - gi[j]*3
	}
	fmt.Println("unreachable", d[0])
}
