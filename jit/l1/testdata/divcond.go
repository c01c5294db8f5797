// A division or remainder by a register followed by a branch on its result
// (condDiv in jit/l1: one closure): each comparison, with a constant and
// with a register, the quotient and the remainder, negative operands, the
// result read after the branch, and division by zero raised there after
// iterations that printed.

package main

import "fmt"

func count(n int) (int, int, int) {
	primes, even, big := 0, 0, 0
	for k := 2; k < n; k++ {
		p := true
		for d := 2; d*d <= k; d++ {
			if k%d == 0 {
				p = false
				break
			}
		}
		if p {
			primes++
		}
	}
	for a := -20; a < 20; a++ {
		b := a/3 + 7
		q := a / b
		if q > 1 {
			big++
		}
		r := a % b
		if r != 0 {
			even--
		}
		if r <= -1 {
			even += 3
		}
		if q >= b {
			even += 100
		}
		if q < -2 {
			even += q * 1000
		}
		if q == 0 {
			even++
		}
		t := (a - 50) / b
		if t < a {
			big += 2
		}
	}
	return primes, even, big
}

func steps(a, b int) int {
	n := 0
	for i := 0; i < 6; i++ {
		q := a / b
		if q != 4 {
			n += q
		}
		fmt.Println(i, q, n)
		b--
	}
	return n
}

func main() {
	fmt.Println(count(2000))
	fmt.Println(steps(100, 3)) // b reaches 0 at the fourth step
}
