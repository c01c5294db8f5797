// Recursive quicksort of LCG-generated ints (recursion with slice params, sub-slicing, swaps).

//go:build ignore

package main

import "fmt"

var seed = 42

// next returns a pseudo-random int in [0, 1000000).
func next() int {
	seed = (seed*1103515245 + 12345) % 2147483648
	return seed % 1000000
}

// partition uses the middle element as pivot (Hoare scheme) and returns the split point.
func partition(s []int) int {
	pivot := s[(len(s)-1)/2]
	i, j := -1, len(s)
	for {
		for i++; s[i] < pivot; i++ {
		}
		for j--; s[j] > pivot; j-- {
		}
		if i >= j {
			return j
		}
		s[i], s[j] = s[j], s[i]
	}
}

func quicksort(s []int) {
	if len(s) < 2 {
		return
	}
	p := partition(s)
	quicksort(s[:p+1])
	quicksort(s[p+1:])
}

func main() {
	n := 300000
	s := make([]int, n)
	for i := range s {
		s[i] = next()
	}
	quicksort(s)
	sorted := true
	for i := 1; i < len(s); i++ {
		if s[i-1] > s[i] {
			sorted = false
			break
		}
	}
	sum := 0
	for i, v := range s {
		sum = (sum*7 + v*(i%13)) % 1000000007
	}
	fmt.Println("sorted:", sorted)
	fmt.Println("first:", s[:5], "last:", s[n-3:])
	fmt.Println("checksum:", sum)
	small := []int{5, -2, 9, 0, 3, 3, -7, 1}
	quicksort(small)
	fmt.Println(small)
}
