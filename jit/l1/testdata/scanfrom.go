// The first step of a scan loop fused with the loop (scanFrom in jit/l1):
// quicksort's partition, whose scans step once before their loops and
// again after each swap; scans up and down, by a register step, each
// comparison; a first step that differs from the loop's (i += 2, then
// i++), which must not fuse; and a scan that runs off the end of its
// slice, raising at the load after output.

package main

import "fmt"

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

func sort(s []int) {
	if len(s) < 2 {
		return
	}
	p := partition(s)
	sort(s[:p+1])
	sort(s[p+1:])
}

func firstAtLeast(s []int, i, v, step int) int {
	for i += step; s[i] < v; i += step {
	}
	return i
}

func lastAtMost(s []int, j, v int) int {
	for j--; s[j] > v; j-- {
	}
	return j
}

func oddStart(s []int, i, v int) int {
	for i += 2; s[i] != v; i++ {
	}
	return i
}

func main() {
	s := make([]int, 3000)
	seed := 7
	for i := range s {
		seed = (seed*1103515245 + 12345) % 2147483648
		s[i] = seed % 1000
	}
	sort(s)
	ok := true
	for i := 1; i < len(s); i++ {
		if s[i-1] > s[i] {
			ok = false
		}
	}
	fmt.Println(ok, s[0], s[1499], s[2999])
	fmt.Println(firstAtLeast(s, 0, 500, 1), firstAtLeast(s, 1, 500, 3), lastAtMost(s, len(s), 500))
	fmt.Println(oddStart(s, 0, s[1000]), oddStart(s, 7, s[1001]), oddStart(s, 990, s[1000]))
	t := []int{1, 2, 3, 4, 5}
	fmt.Println(firstAtLeast(t, -1, 4, 1), lastAtMost(t, 5, 2))
	fmt.Println(firstAtLeast(t, 0, 9, 2)) // off the end
}
