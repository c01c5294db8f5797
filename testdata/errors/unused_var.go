// ERROR: 7:2: declared and not used: unused
package main

import "fmt"

func main() {
	unused := 3
	fmt.Println("hello")
}
