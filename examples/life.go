// Conway's game of life on a wrapping [][]bool torus (2-D slices, modulo of negatives, double buffering).

//go:build ignore

package main

import "fmt"

const (
	h = 32
	w = 48
)

func newGrid() [][]bool {
	g := make([][]bool, h)
	for i := range g {
		g[i] = make([]bool, w)
	}
	return g
}

func neighbours(g [][]bool, r, c int) int {
	n := 0
	for dr := -1; dr <= 1; dr++ {
		for dc := -1; dc <= 1; dc++ {
			if dr == 0 && dc == 0 {
				continue
			}
			rr := ((r+dr)%h + h) % h
			cc := ((c+dc)%w + w) % w
			if g[rr][cc] {
				n++
			}
		}
	}
	return n
}

func step(cur, next [][]bool) {
	for r, row := range cur {
		for c, alive := range row {
			n := neighbours(cur, r, c)
			next[r][c] = n == 3 || alive && n == 2
		}
	}
}

func population(g [][]bool) int {
	p := 0
	for _, row := range g {
		for _, alive := range row {
			if alive {
				p++
			}
		}
	}
	return p
}

func main() {
	cur, next := newGrid(), newGrid()
	// An R-pentomino and a glider.
	pattern := [][]int{{10, 21}, {10, 22}, {11, 20}, {11, 21}, {12, 21}, {1, 2}, {2, 3}, {3, 1}, {3, 2}, {3, 3}}
	for _, p := range pattern {
		cur[p[0]][p[1]] = true
	}
	// A pseudo-random soup in the lower half.
	seed := 7
	for r := h / 2; r < h; r++ {
		for c := range w {
			seed = (seed*1103515245 + 12345) & 0x7fffffff
			cur[r][c] = seed>>16%3 == 0
		}
	}
	for gen := 0; gen < 600; gen++ {
		if gen%100 == 0 {
			fmt.Println("generation", gen, "population", population(cur))
		}
		step(cur, next)
		cur, next = next, cur
	}
	for _, row := range cur[:8] {
		for _, alive := range row {
			if alive {
				fmt.Print("O")
			} else {
				fmt.Print(".")
			}
		}
		fmt.Println()
	}
}
