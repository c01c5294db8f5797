// ERROR: 7:8: interfaces are not supported
package main

import "fmt"

func main() {
	var v interface{}
	fmt.Println(v == nil)
}
