// Runtime panic: writing into a nil row of a [][]int (index out of range [2] with length 0).

//go:build ignore

package main

import "fmt"

func main() {
	grid := make([][]int, 3)
	grid[0] = []int{1, 2, 3}
	for r := range grid {
		fmt.Println("row", r, grid[r])
		grid[r][2] = r
	}
}
