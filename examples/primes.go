// Prime counting by trial division with a labelled continue, plus twin primes and a digit sum.

//go:build ignore

package main

import "fmt"

func main() {
	limit := 600000
	primes := []int{2}
	twins := 0
outer:
	for n := 3; n < limit; n += 2 {
		for _, p := range primes {
			if p*p > n {
				break
			}
			if n%p == 0 {
				continue outer
			}
		}
		if primes[len(primes)-1] == n-2 {
			twins++
		}
		primes = append(primes, n)
	}
	fmt.Println("primes below", limit, ":", len(primes))
	fmt.Println("twin pairs:", twins)
	fmt.Println("first ten:", primes[:10])
	fmt.Println("last three:", primes[len(primes)-3:])
	digits := 0
	for _, p := range primes {
		for ; p > 0; p /= 10 {
			digits += p % 10
		}
	}
	fmt.Println("digit sum:", digits)
}
