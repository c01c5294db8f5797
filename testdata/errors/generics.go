// ERROR: 6:13: generics are not supported
package main

import "fmt"

func biggest[T int | float64](a, b T) T {
	if a > b {
		return a
	}
	return b
}

func main() {
	fmt.Println(biggest(1, 2))
}
