// os.Exit(0) called from a nested function inside loops stops the whole program with status 0.

//go:build ignore

package main

import (
	"fmt"
	"os"
)

func visit(depth, limit int) {
	if depth == limit {
		fmt.Println("stopping at depth", depth)
		os.Exit(0)
	}
	fmt.Println("depth", depth)
	visit(depth+1, limit)
	fmt.Println("not reached either")
}

func main() {
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			if i*j == 2 {
				visit(0, 3)
			}
			fmt.Println("i", i, "j", j)
		}
	}
	fmt.Println("not reached")
}
