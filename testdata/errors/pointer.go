// ERROR: 8:8: pointers are not supported
package main

import "fmt"

func main() {
	x := 1
	var p *int
	p = &x
	fmt.Println(*p)
}
