// N-queens by backtracking with []bool occupancy slices (recursion, boolean logic).

//go:build ignore

package main

import "fmt"

var cols, diag1, diag2 []bool

func solve(row, n int) int {
	if row == n {
		return 1
	}
	count := 0
	for c := 0; c < n; c++ {
		d1, d2 := row+c, row-c+n-1
		if cols[c] || diag1[d1] || diag2[d2] {
			continue
		}
		cols[c], diag1[d1], diag2[d2] = true, true, true
		count += solve(row+1, n)
		cols[c], diag1[d1], diag2[d2] = false, false, false
	}
	return count
}

func main() {
	for n := 1; n <= 11; n++ {
		cols = make([]bool, n)
		diag1 = make([]bool, 2*n-1)
		diag2 = make([]bool, 2*n-1)
		fmt.Printf("%2d queens: %d solutions\n", n, solve(0, n))
	}
	// The slices are still sized for 11; solving again must give the same count.
	fmt.Println("11 queens again:", solve(0, 11), "then", solve(0, 11))
}
