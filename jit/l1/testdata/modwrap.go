// The positive remainder ((a + b) % n + n) % n (modWrap in jit/l1: one
// closure for the two statements): negative and positive sums, a
// register or a constant at each place, the addend before or after the
// inner remainder, different divisors, the inner remainder used again
// (no fusion), and -1 as a divisor.

package main

import "fmt"

func wrap(a, b, n int) int {
	return ((a+b)%n + n) % n
}

func main() {
	sum := 0
	for a := -70; a <= 70; a += 3 {
		for b := -5; b <= 5; b++ {
			r := ((a+b)%32 + 32) % 32
			c := ((a+b)%48 + 48) % 48
			d := (7 + (a+3)%5) % 3
			e := ((a+b)%7 + b) % 4
			e2 := (b + (a+5)%7) % 4
			f := (a%9 + 9) % 9
			g := ((b+11)%6 + a) % 5
			h := ((a+b)%-1 + a) % -1
			t := (a + b) % 10
			u := (t + 10) % 10
			sum += r*1 + c*3 + d*5 + e*7 + f*11 + g*13 + h + e2*23 + u*17 + t*19 + wrap(a, b, a%5+6)
			if a == 2 && b == -3 {
				fmt.Println(r, c, d, e, e2, f, g, h, t, u, wrap(a, b, 7))
			}
		}
	}
	fmt.Println(sum)
}
