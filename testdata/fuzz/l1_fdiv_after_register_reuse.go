// At L1, 1/(0/float64(v)) is NaN instead of +Inf when v (an element read with an index computed into a register that the constant 0 is then loaded into) is 1: the division sees a stale operand. Caught by jitvm-fuzz, seed 100703. Fixed by jit/l1 de8366e (flush readers before a pending redefinition).

package main

import "fmt"

func main() {
	for i := 0; i <= 1; i++ {
		v := []int{0, i, -7, 1}[i&3]
		fmt.Println("p", 1/(0/float64(v)))
	}
}
