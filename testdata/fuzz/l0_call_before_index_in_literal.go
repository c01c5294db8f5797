// At L0 (the bytecode compiler: every tier agrees with it), []bool{0 <= g[3], f(g[100])} with g empty panics with index out of range [3] where Go's gc reports [100]: gc evaluates a call (with its arguments) before the other operands of the literal, jitvm went left to right. The spec leaves this order open; gc is the reference. Caught by jitvm-fuzz, seed 28430 (generator version 6). Fixed by compiler 7520a3d (a statement evaluates in gc's order).

package main

import "fmt"

var g []int

func f(a int) bool { return a > 0 }

func main() {
	fmt.Println("before")
	v := []bool{0 <= g[3], f(g[100])}
	fmt.Println(v)
}
