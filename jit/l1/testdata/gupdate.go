// A global plus or minus a register or a constant, stored to a global
// (globalUpdate in jit/l1: one closure for GETG, the addition and SETG):
// increments, decrements, += and -= of registers, one global from
// another, the shapes in a callee's guard spliced into its calls, and
// the shapes that must not fuse because the value read or the sum is
// used after.

package main

import "fmt"

var calls, total, down, other, seen int

func count(n int) int {
	calls++
	if n < 2 {
		return n
	}
	return count(n-1) + count(n-2)
}

func main() {
	fmt.Println(count(15), calls)
	for i := 0; i < 1000; i++ {
		total += i
		down -= i
		down--
		other = total + 3
		other = calls - i
	}
	fmt.Println(total, down, other)
	for i := 0; i < 10; i++ {
		old := seen
		seen = old + i
		fmt.Print(old, " ")
		seen++
		sum := seen + 2
		seen = sum
		fmt.Print(sum, " ")
	}
	fmt.Println(seen)
	x := 5
	total = total + x
	total -= x + x
	fmt.Println(total)
}
