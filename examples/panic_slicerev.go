// Runtime panic: slice bounds with low > high ([3:1]) on a []bool.

//go:build ignore

package main

import "fmt"

func main() {
	b := []bool{true, false, true, false}
	lo, hi := 1, 3
	for lo < hi+3 {
		fmt.Println(b[lo:hi])
		lo++
		hi--
	}
	fmt.Println("not reached")
}
