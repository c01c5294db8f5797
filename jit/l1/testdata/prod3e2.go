// prod3.go's updates with c out of range after iterations that updated
// the destination's elements: c's error is raised, and the elements
// stored before it stay stored.

package main

import "fmt"

var vx = []float64{1, 2, 3, 4, 5}

func advance(m []float64, dx, mag float64, n int) {
	for j := 0; j < n; j++ {
		vx[j] += dx * m[j] * mag
		fmt.Println(vx)
	}
}

func main() {
	m := []float64{0.5, 1, 1.5}
	advance(m, 2, 0.25, 3)
	advance(m, 2, 0.25, 5)
}
