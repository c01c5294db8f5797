// Binary trees stored in index slices (left/right []int, append growth, recursion over indices).

//go:build ignore

package main

import "fmt"

// Node k has children left[k] and right[k]; -1 means no child.
var left, right []int

func newNode(l, r int) int {
	left = append(left, l)
	right = append(right, r)
	return len(left) - 1
}

func build(depth int) int {
	if depth == 0 {
		return newNode(-1, -1)
	}
	l := build(depth - 1)
	r := build(depth - 1)
	return newNode(l, r)
}

func check(k int) int {
	if left[k] < 0 {
		return 1
	}
	return 1 + check(left[k]) + check(right[k])
}

// reset drops all nodes but keeps the backing arrays.
func reset() {
	left = left[:0]
	right = right[:0]
}

func main() {
	minDepth, maxDepth := 4, 15
	stretch := build(maxDepth + 1)
	fmt.Printf("stretch tree of depth %d\t check: %d\n", maxDepth+1, check(stretch))
	reset()

	longLived := build(maxDepth)
	keep := len(left)
	for d := minDepth; d <= maxDepth; d += 2 {
		iters := 1 << (maxDepth - d + minDepth)
		total := 0
		for i := 0; i < iters; i++ {
			t := build(d)
			total += check(t)
			left, right = left[:keep], right[:keep]
		}
		fmt.Printf("%d\t trees of depth %d\t check: %d\n", iters, d, total)
	}
	fmt.Printf("long lived tree of depth %d\t check: %d\n", maxDepth, check(longLived))
}
