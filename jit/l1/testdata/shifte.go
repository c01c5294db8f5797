// A shift loop (shift.go) whose write fails after iterations: a[4] with
// len(a) == 4, while u[t] is in range.

package main

import "fmt"

func main() {
	a, b := make([]int, 4), make([]int, 20)
	for i := range b {
		b[i] = i * i
	}
	n := 10
	for i := 0; i < n; i++ {
		a[i] = b[i+1]
	}
	fmt.Println(a)
}
