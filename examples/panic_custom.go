// panic("boom") from a nested call three levels down, after output.

//go:build ignore

package main

import "fmt"

func level3(n int) int {
	if n > 2 {
		panic("boom")
	}
	return n * 10
}

func level2(n int) int { return level3(n) + 1 }

func level1(n int) int { return level2(n) + 1 }

func main() {
	for i := 0; i < 5; i++ {
		fmt.Println(level1(i))
	}
}
