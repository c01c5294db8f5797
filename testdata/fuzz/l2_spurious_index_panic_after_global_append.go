// At L2, appending to a global inside a loop nest over a local slice of slices makes the nest index out of range (panic: index out of range [4] with length 1) where every other level runs to the end: the loop variables do not survive the global slice assignment. Caught by jitvm-fuzz, seed 2000151 (generator version 6).

package main

import (
	"fmt"
)

const c1 = 64

const c4 = 3

var g20 float64 = c1

var g21 []int = nil

var chk int

func main() {
	switch -8 {
	case 4, f5(3, c4, len(g21)):
	default:
		break
		v98 := f5(g21[0], -8, chk)
		_ = v98
	}
	var v102 [][]int = [][]int{{chk}}
	for i103, row105 := range v102 {
		_ = i103
		for j104 := range row105 {
			g21 = append(g21, f2i(g20), ^j104, chk)
		}
	}
	fmt.Println("checksum", chk)
}

func f5(d6 int, p7 int, p8 int) (r9 int) {
	if d6 <= 0 {
		return -p8
	}
	return 1000
}

func f2i(f float64) int {
	return -1
}
