// Fuzzer regression (jitvm-fuzz seed 100703, L0 vs L1).

package main

import (
	"fmt"
)

const (
	c2 = iota
	c3
)

const (
	c7 = iota
	c9
)

func main() {
	for i116 := 0; i116 <= 1; i116++ {
		v118 := []int{c7, i116, -7, c9}[i116&3]
		fmt.Println("p121", c3/(c2/float64(v118)))
	}
}
