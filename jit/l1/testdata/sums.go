// Sums of registers and constants over two statements, the first read
// only by the second (sums in jit/l1: one closure): nqueens' row-c+n-1,
// a sum subtracted (x - (a + b)), a constant minus a sum, two and three
// registers, a register twice, the destination among the addends, sums
// that wrap around, and a first statement read again (no fusion).

package main

import "fmt"

func main() {
	total := 0
	big := 1<<62 + 12345
	for a := -20; a <= 20; a += 3 {
		for b := -9; b <= 9; b += 2 {
			n := a*b + 7
			d2 := a - b + n - 1
			e := n - (a + b)
			f := 100 - (a - b)
			g := (a + a) + b
			h := a + b
			h = h + a - 3
			w := big + a + big + b
			z := 3 - (a - b + n)
			v := a - b + 5 - 9
			x := a + b
			y := x - 5
			total += z*19 + v*23 + d2*3 + e*5 + f*7 + g*11 + h*13 + w + y*17 + x
			if a == -2 && b == 3 {
				fmt.Println(z, v, d2, e, f, g, h, w, x, y)
			}
		}
	}
	fmt.Println(total)
}
