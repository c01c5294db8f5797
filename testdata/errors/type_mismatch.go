// ERROR: 8:6: mismatched types int and float64
package main

import "fmt"

func main() {
	n, f := 1, 2.5
	n = n + f
	fmt.Println(n)
}
