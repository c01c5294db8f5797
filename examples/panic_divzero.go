// Runtime panic: integer division by zero (the divisor is a variable that reaches 0).

//go:build ignore

package main

import "fmt"

func ratio(a, b int) int {
	return a / b
}

func main() {
	for d := 3; d >= 0; d-- {
		fmt.Println("100 /", d, "=", ratio(100, d))
	}
	fmt.Println("not reached")
}
