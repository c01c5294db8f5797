// Labelled break and continue across nested for, range and switch statements.

//go:build ignore

package main

import "fmt"

func findPair(s []int, target int) (int, int) {
	a, b := -1, -1
search:
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[i]+s[j] == target {
				a, b = i, j
				break search
			}
		}
	}
	return a, b
}

func main() {
	// continue outer from an inner loop.
	count := 0
rows:
	for i := 0; i < 6; i++ {
		for j := 0; j < 6; j++ {
			if j > i {
				continue rows
			}
			if (i+j)%4 == 3 {
				continue
			}
			count++
		}
	}
	fmt.Println("count:", count)

	fmt.Println(findPair([]int{3, 8, 1, 9, 4, 6}, 10))
	fmt.Println(findPair([]int{1, 2}, 10))

	// break out of a loop from inside a switch; a plain break only leaves the switch.
	n := 0
loop:
	for {
		n++
		switch {
		case n%3 == 0:
			fmt.Println("multiple of 3:", n)
			break
		case n > 10:
			break loop
		}
		if n%5 == 0 {
			fmt.Println("multiple of 5:", n)
		}
	}
	fmt.Println("left loop at", n)

	// A labelled switch can be left with break from a nested loop.
	v := 4
sw:
	switch v {
	case 4:
		for i := 0; ; i++ {
			if i == 2 {
				fmt.Println("breaking switch at", i)
				break sw
			}
		}
	}

	// Labelled continue in range loops and over an int.
	grid := [][]int{{1, 2, 3}, {4, -5, 6}, {7, 8, -9}, {10, 11, 12}}
	total := 0
	badRows := 0
next:
	for r, row := range grid {
		for _, x := range row {
			if x < 0 {
				badRows++
				fmt.Println("skip row", r)
				continue next
			}
		}
		for _, x := range row {
			total += x
		}
	}
	fmt.Println("total:", total, "bad rows:", badRows)

	// Three levels, leaving the middle one.
	hits := 0
a:
	for i := range 4 {
	b:
		for j := range 4 {
			for k := range 4 {
				if k == j {
					continue b
				}
				if i+j+k > 6 {
					break b
				}
				if i == 3 && j == 2 {
					break a
				}
				hits++
			}
		}
	}
	fmt.Println("hits:", hits)
}
