// Runtime panic: negative index computed at run time into a [][]float64 row.

//go:build ignore

package main

import "fmt"

func main() {
	m := [][]float64{{1, 2}, {3, 4}}
	k := 1
	for i := range 3 {
		k -= i
		fmt.Println("k =", k)
	}
	fmt.Println(m[0][k+1])
	fmt.Println(m[1][k])
	fmt.Println("not reached")
}
