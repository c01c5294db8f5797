// Division and remainder by constants, powers of two among them (which Go
// compiles to shifts and masks): negative dividends round toward zero, the
// extremes of int, the divisor 1, the largest power 1<<62, and constants
// that are not powers of two (-2, 6).

package main

import "fmt"

func main() {
	vals := []int{0, 1, -1, 2, -2, 3, -3, 7, -7, 8, -8, 9, -9, 1023, -1023, 1024, -1024, 1025, -1025,
		1 << 62, -(1 << 62), 1<<62 + 1, -(1<<62 + 1), 9223372036854775807, -9223372036854775807 - 1}
	sum := 0
	for i, v := range vals {
		a, b, c, d := v/1, v%1, v/2, v%2
		e, f, g, h := v/8, v%8, v/1024, v%1024
		p, q := v/(1<<62), v%(1<<62)
		n, o := v/-2, v%-2
		s, t := v/6, v%6
		fmt.Println(i, v, a, b, c, d, e, f, g, h, p, q, n, o, s, t)
		if v%2 == 0 {
			sum += v / 4
		} else {
			sum -= v % 16
		}
		sum += (v+3)%4 + (v-5)/32
		if (v*3)%8 != 0 {
			sum++
		}
	}
	fmt.Println(sum)
	// A hot loop with both, as collatz's; negative starts cycle, so the
	// steps of one start are at most 300.
	steps := 0
	for start := -3000; start < 30000; start++ {
		n, k := start, 0
		for (n > 1 || n < -1) && k < 300 {
			if n%2 == 0 {
				n /= 2
			} else {
				n = 3*n + 1
				if n < -100000 {
					n /= 4
				}
			}
			k++
		}
		steps += k + n%2
	}
	fmt.Println(steps)
}
