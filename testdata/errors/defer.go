// ERROR: 7:2: defer is not supported
package main

import "fmt"

func main() {
	defer fmt.Println("later")
	fmt.Println("now")
}
