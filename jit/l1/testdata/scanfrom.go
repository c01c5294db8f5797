// The first step of a scan loop fused with the loop (scanFrom in jit/l1;
// the examples' quicksort has it in its partition, before each scan and
// after each swap): scans up and down, by a register step, each
// comparison; a first step that differs from the loop's (i += 2, then
// i++), which must not fuse; and a scan that runs off the end of its
// slice, raising at the load after output.

package main

import "fmt"

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
	for i := range s {
		s[i] = i / 3
	}
	fmt.Println(firstAtLeast(s, 0, 500, 1), firstAtLeast(s, 1, 500, 3), lastAtMost(s, len(s), 500))
	fmt.Println(oddStart(s, 0, s[1000]), oddStart(s, 7, s[1001]), oddStart(s, 990, s[1000]), oddStart(s, 0, 0))
	t := []int{1, 2, 3, 4, 5}
	fmt.Println(firstAtLeast(t, -1, 4, 1), lastAtMost(t, 5, 2))
	fmt.Println(firstAtLeast(t, 0, 9, 2)) // off the end
}
