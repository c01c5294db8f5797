// Sieve of Eratosthenes over a []bool, repeated (tight loops, slice stores, make).

//go:build ignore

package main

import "fmt"

func sieve(n int) []bool {
	composite := make([]bool, n+1)
	composite[0], composite[1] = true, true
	for i := 2; i*i <= n; i++ {
		if composite[i] {
			continue
		}
		for j := i * i; j <= n; j += i {
			composite[j] = true
		}
	}
	return composite
}

func main() {
	n := 2000000
	count := 0
	for round := 0; round < 4; round++ {
		c := sieve(n)
		count = 0
		for _, isComposite := range c {
			if !isComposite {
				count++
			}
		}
	}
	fmt.Println("primes below", n, ":", count)
	c := sieve(100)
	for i, isComposite := range c {
		if !isComposite {
			fmt.Print(i, " ")
		}
	}
	fmt.Println()
}
