// At L2, this recursion 250 deep kills the process: "traceback: unexpected SPWRITE function github.com/jitvm/jitvm/jit/internal/native.enter", "fatal error: traceback" (the Go runtime unwinds a panic through native code). Caught by jitvm-fuzz, seed 2016426 (generator version 6); the worker died.

package main

const (
	c4 = iota
	c7
)

var g38 []int = g37

var g37 []int

var chk int

var g39 float64 = -float64(c7)

func f9(d10 int, p11 [][]int, p12 []int) float64 {
	if d10 <= 0 {
		return 123.456 * (c4 / g39)
	}
	chk += f2i(c4)
	v193 := f9(d10-1, p11, g37[:min(d10*64&7, len(g37))])
	_ = v193
	return g39
}

func f2i(f float64) int {
	return -1
}

func main() {
	v202 := f9(250, [][]int{}, g38)
	chk = f2i(v202)
}
