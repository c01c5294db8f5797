// Fuzzer regression (jitvm-fuzz seed 101857, L0 vs L1).

package main

import (
	"fmt"
)

const c1 int = 2

var chk int

var g21 = [][]int{}

func main() {
	v91 := len(g21)
	v94, v95, v96 := f13(3, float64(v91))
	_ = v94
	chk += v95
	_ = v96
	fmt.Println("checksum", chk)
}

func f13(d14 int, p15 float64) (float64, int, int) {
	if d14 <= 0 {
		return p15 - 0.1 + float64(d14), c1, c1 * d14 % min(c1*4294967296, -1)
	}
	v47 := d14
	v48 := d14
	var v49 int = v48 * min(-0x7fffffff, c1, v48)
	return p15, (v49 - d14), v47
}
