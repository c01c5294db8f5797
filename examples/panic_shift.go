// Runtime panic: negative shift amount from a variable.

//go:build ignore

package main

import "fmt"

func main() {
	v := 1
	for s := 3; ; s -= 2 {
		fmt.Println("1 <<", s, "=", v<<s)
	}
}
