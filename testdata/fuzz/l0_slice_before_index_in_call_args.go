// At L0 (the bytecode compiler: every tier agrees with it), f([]int{g[3]}, g[:2:5]) with g empty panics with index out of range [3] with length 0 where Go's gc reports slice bounds out of range [::5] with capacity 0: gc evaluates slice expressions before the index in an earlier argument's composite literal, jitvm went left to right. The spec leaves this order open; gc is the reference. Caught by jitvm-fuzz, seed 21810 (generator version 6). Fixed by compiler 7520a3d (a statement evaluates in gc's order).

package main

import "fmt"

var g []int

func f(a []int, b []int) int { return len(a) + len(b) }

func main() {
	fmt.Println("before")
	fmt.Println(f([]int{g[3]}, g[:2:5]))
}
