// panic with a float64 value prints it in the runtime's print format (+1.500000e+000).

//go:build ignore

package main

import "fmt"

func main() {
	x := 6.0
	for x > 1 {
		fmt.Println(x)
		x /= 4
	}
	panic(x)
}
