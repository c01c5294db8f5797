// ERROR: 8:2: undefined: y
package main

import "fmt"

func main() {
	x := 1
	y = x + 1
	fmt.Println(x)
}
