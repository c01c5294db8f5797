// ERROR: 7:8: type byte is not supported
package main

import "fmt"

func main() {
	var b byte = 65
	fmt.Println(int(b))
}
