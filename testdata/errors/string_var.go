// ERROR: 7:8: string values are not supported
package main

import "fmt"

func main() {
	var s string
	fmt.Println(len(s))
}
