// os.Exit with a nonzero status after printing; nothing after the call runs.

//go:build ignore

package main

import (
	"fmt"
	"os"
)

func main() {
	total := 0
	for i := 1; i <= 10; i++ {
		total += i
	}
	fmt.Println("total:", total)
	if total != 56 {
		fmt.Println("exiting with status 3")
		os.Exit(3)
	}
	fmt.Println("not reached")
}
