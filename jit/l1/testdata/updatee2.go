// An update template whose element is read before its operand (s[i] =
// s[i] - t[j]*2), when both are out of range: s[i]'s error is raised
// (updatee.go has the other order).

package main

import "fmt"

func early(s, t []int, i, j int) {
	s[i] = s[i] - t[j]*2
}

func main() {
	a := []int{5, 6, 7}
	b := []int{1, 2}
	early(a, b, 2, 1)
	fmt.Println(a)
	early(a, b, 9, 5)
}
