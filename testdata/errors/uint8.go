// ERROR: 7:8: type uint8 is not supported
package main

import "fmt"

func main() {
	var b uint8 = 65
	fmt.Println(int(b))
}
