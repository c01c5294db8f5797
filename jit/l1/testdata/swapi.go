// A swap of two slice elements (one closure at L1, stmtSwap) whose second
// load fails: p[j] is in range, p[i] is not.

package main

import "fmt"

func swap(p []int, i, j int) {
	p[i], p[j] = p[j], p[i]
}

func main() {
	q := []int{1, 2, 3}
	for i := 0; i < 4; i++ {
		swap(q, i, 1)
		fmt.Println(q)
	}
}
