// ERROR: 7:8: type uint is not supported
package main

import "fmt"

func main() {
	var u uint = 10
	fmt.Println(int(u >> 1))
}
