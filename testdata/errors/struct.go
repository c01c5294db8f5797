// ERROR: 7:8: structs are not supported
package main

import "fmt"

func main() {
	var p struct{ x, y int }
	p.x = 1
	fmt.Println(p.x + p.y)
}
