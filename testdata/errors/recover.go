// ERROR: 7:5: recover is not supported
package main

import "fmt"

func main() {
	if recover() != nil {
		fmt.Println("recovered")
	}
	fmt.Println("done")
}
