// A small leaf function called from a hot loop in main (call overhead, inlining target).

//go:build ignore

package main

import "fmt"

const prime = 1099511628211

// mix folds x into the running hash h; it is small enough to inline.
func mix(h, x int) int {
	h ^= x
	h *= prime
	return h ^ (h >> 29)
}

func main() {
	h := -3750763034362895579
	for i := 0; i < 12000000; i++ {
		h = mix(h, i)
	}
	fmt.Println("hash:", h)
	fmt.Printf("low bits: %#x\n", h&0xffff)
}
