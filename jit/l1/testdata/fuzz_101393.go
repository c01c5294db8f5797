// Fuzzer regression (jitvm-fuzz seed 101393, L0 vs L1).

package main

import (
	"fmt"
)

var chk int

func f4(p5 int, p6 int, p7 float64) (int, float64) {
	v71 := p6
	return v71, p7
}

func main() {
	v124, v125 := f4(int(2), chk, float64(chk))
	_ = v125
	i130 := 0
	v151 := ^1
	v124, v151 = v151, v124
	chk = min([]int{31, chk, chk, -1}[i130], -1) << (v151 * v124)
	fmt.Print("checksum ", chk, "\n")
}
