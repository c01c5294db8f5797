// ERROR: 8:2: select is not supported
package main

import "fmt"

func main() {
	fmt.Println("before")
	select {}
}
