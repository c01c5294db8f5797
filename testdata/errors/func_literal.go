// ERROR: 8:2: function literals are not supported
package main

import "fmt"

func main() {
	x := 1
	func() {
		x++
	}()
	fmt.Println(x)
}
