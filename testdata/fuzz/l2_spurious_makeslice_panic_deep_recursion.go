// At L2, a recursion 102 deep panics with makeslice: cap out of range where every other level runs to the end: an argument computed before a call that grows the frame stack reads back wrong (see l2_update_lost_at_frame_stack_growth.go). Caught by jitvm-fuzz, seed 2009378 (generator version 6).

package main

const c1 = 16

const (
	c3 = iota
	c4
)

var g24 float64 = (c3 / float64(chk))

var chk int

func main() {
	f18(102, []int{}, nil, nil, min(255, chk, c1))
}

func f18(d19 int, p20 []int, p21 []int, p22 []int, p23 int) {
	if d19 <= 0 {
		return
	}
	f18(d19-1, make([]int, cap(p22)&3, cap(p22)&3+1), []int{}, make([]int, f2i(g24)&3, f2i(g24)&3+2), f2i(c4*g24))
}

func f2i(f float64) int {
	if f > -1e15 {
		return int(f)
	}
	return -1
}
