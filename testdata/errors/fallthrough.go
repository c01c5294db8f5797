// ERROR: 10:3: fallthrough is not supported
package main

import "fmt"

func main() {
	x := 1
	switch x {
	case 1:
		fallthrough
	case 2:
		fmt.Println("one or two")
	}
}
