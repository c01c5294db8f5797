// Benchmark: sieve of Eratosthenes over a large []bool, repeated (stores, strided loops).

//go:build ignore

package main

import "fmt"

func sieve(composite []bool) int {
	n := len(composite) - 1
	for i := range composite {
		composite[i] = false
	}
	for i := 2; i*i <= n; i++ {
		if !composite[i] {
			for j := i * i; j <= n; j += i {
				composite[j] = true
			}
		}
	}
	count := 0
	for i := 2; i <= n; i++ {
		if !composite[i] {
			count++
		}
	}
	return count
}

func main() {
	buf := make([]bool, 4000001)
	total := 0
	for round := 0; round < 55; round++ {
		total += sieve(buf[:len(buf)-round*50000])
	}
	fmt.Println(total)
}
