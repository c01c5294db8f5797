// ERROR: 6:1: methods are not supported
package main

import "fmt"

func (c celsius) double() celsius {
	return c * 2
}

type celsius float64

func main() {
	fmt.Println(float64(celsius(1.5).double()))
}
