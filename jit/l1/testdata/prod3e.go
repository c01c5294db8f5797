// prod3.go's updates with both the destination's element and c out of
// range: the element is read first, so its error is raised (prod3e2.go:
// c's, when only it is out of range, after the iterations before it).

package main

import "fmt"

func update(s, m []float64, i, j int, dx, mag float64) {
	s[i] -= dx * m[j] * mag
}

func main() {
	s := []float64{1, 2, 3}
	m := []float64{4, 5}
	update(s, m, 2, 1, 0.5, 2)
	fmt.Println(s)
	update(s, m, 5, 7, 0.5, 2)
}
