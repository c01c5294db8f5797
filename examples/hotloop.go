// A hot integer loop inside main with no calls: LCG, branches, shifts and masks.

//go:build ignore

package main

import "fmt"

func main() {
	sum := 0
	x := 12345
	odd := 0
	for i := 0; i < 20000000; i++ {
		x = x*6364136223846793005 + 1442695040888963407
		if x&1024 != 0 {
			sum += i
			odd++
		} else {
			sum -= x >> 40
		}
	}
	fmt.Println("sum:", sum)
	fmt.Println("odd:", odd)
	fmt.Println("x:", x)
}
