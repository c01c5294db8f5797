// At L2, every time a recursion grows the VM's frame stack (at depths 63, 127, 255, ...), one update chk += g(0) is lost (GETG before the inlined call, SETG after): f(300) leaves chk at -297 instead of -300. Found by hand from jitvm-fuzz seed 2016426 (generator version 6), whose deeper variant crashes: see l2_traceback_crash_deep_recursion.go.

package main

import "fmt"

var chk int

func g(x int) int {
	return x - 1
}

func f(d int) int {
	if d <= 0 {
		return 0
	}
	chk += g(0)
	return f(d - 1)
}

func main() {
	for _, n := range []int{62, 63, 64, 127, 128, 300} {
		chk = 0
		fmt.Println(n, f(n), chk)
	}
}
