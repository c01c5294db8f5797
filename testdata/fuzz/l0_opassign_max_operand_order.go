// At L0 (the bytecode compiler: every tier agrees with it), g[i] &= max(1, g[0]) with g empty and i 3 panics with index out of range [3] (the left side's index) where Go's gc reports [0]: gc evaluates min and max operands before it reads the left side of an op-assignment, jitvm reads the left side first (with g[i] += f() + g[0] both report [3]). The spec leaves this order open; gc is the reference. Caught by jitvm-fuzz, seed 870 (generator version 6). Fixed by compiler 7520a3d (a statement evaluates in gc's order).

package main

import "fmt"

var g []int

var i = 3

func main() {
	fmt.Println("before")
	g[i] &= max(1, g[0])
	fmt.Println("after")
}
