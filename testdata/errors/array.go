// ERROR: 7:8: arrays are not supported
package main

import "fmt"

func main() {
	var a [4]int
	a[1] = 2
	fmt.Println(a[1], len(a))
}
