// panic with a computed int value prints it after "panic: ".

//go:build ignore

package main

import "fmt"

func check(v int) {
	if v%7 == 0 {
		panic(v * 1000)
	}
}

func main() {
	for v := 1; v < 20; v++ {
		check(v)
		fmt.Println("ok", v)
	}
}
