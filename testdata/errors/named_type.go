// ERROR: 6:1: named types are not supported
package main

import "fmt"

type celsius float64

func main() {
	var c celsius = 21.5
	fmt.Println(float64(c))
}
