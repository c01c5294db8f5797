// ERROR: 11:2: goroutines are not supported
package main

import "fmt"

func work(n int) {
	fmt.Println(n)
}

func main() {
	go work(1)
	work(2)
}
