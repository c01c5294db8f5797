// A scan loop (scan.go) that runs below index 0: its error is at -1.

package main

import "fmt"

func down(s []int, v int) int {
	j := len(s)
	for j--; v < s[j]; j-- {
	}
	return j
}

func main() {
	s := []int{4, 5, 6}
	fmt.Println(down(s, 5))
	fmt.Println(down(s, 1))
}
