// Runtime panic: integer remainder by zero inside an op-assignment; float division by zero is fine before it.

//go:build ignore

package main

import "fmt"

func main() {
	zero := 0
	fz := float64(zero)
	fmt.Println(1/fz, -1/fz)
	x := 17
	x %= zero + 5
	fmt.Println("x =", x)
	x %= zero
	fmt.Println("not reached", x)
}
