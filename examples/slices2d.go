// Slices of slices: [][]int/[][]float64/[][]bool literals, jagged rows, row aliasing, appends to rows.

//go:build ignore

package main

import "fmt"

func transpose(m [][]int) [][]int {
	t := make([][]int, len(m[0]))
	for j := range t {
		t[j] = make([]int, len(m))
		for i := range m {
			t[j][i] = m[i][j]
		}
	}
	return t
}

func sumAll(m [][]float64) float64 {
	s := 0.0
	for _, row := range m {
		for _, v := range row {
			s += v
		}
	}
	return s
}

func main() {
	m := [][]int{{1, 2, 3}, {4, 5, 6}}
	fmt.Println(m, len(m), len(m[0]))
	fmt.Println(transpose(m))

	jag := [][]int{{}, {1}, {1, 2}, nil, {1, 2, 3, 4}}
	for i, row := range jag {
		fmt.Print(i, ":", len(row), " ")
	}
	fmt.Println(jag)

	f := [][]float64{{0.5, 1.5}, {2.25}, {}}
	fmt.Println(f, sumAll(f))
	f[2] = append(f[2], 4, 8)
	f[0][1] *= 2
	fmt.Println(f, sumAll(f))

	b := [][]bool{{true, false}, {false}}
	b[1] = append(b[1], !b[0][1])
	fmt.Println(b)

	// Rows share arrays when they come from one flat slice.
	flat := make([]int, 9)
	grid := make([][]int, 3)
	for i := range grid {
		grid[i] = flat[i*3 : i*3+3]
	}
	grid[1][1] = 5
	grid[2][0] = 7
	fmt.Println(flat, grid)
	// Appending to a row that has spare capacity overwrites the next row.
	grid[0] = append(grid[0][:2], 42)
	fmt.Println(grid)
	// Copying the outer slice copies row headers, not rows.
	alias := make([][]int, len(grid))
	copy(alias, grid)
	alias[0][0] = -1
	alias[1] = []int{0, 0, 0}
	fmt.Println(grid, alias)

	// Building a triangle with append.
	var tri [][]int
	for i := range 5 {
		row := make([]int, i+1)
		row[0], row[i] = 1, 1
		for j := 1; j < i; j++ {
			row[j] = tri[i-1][j-1] + tri[i-1][j]
		}
		tri = append(tri, row)
	}
	fmt.Println(tri)
	fmt.Println(tri[4][1:4], len(tri[2:]), tri[1:3])

	// Three levels.
	cube := [][][]int{{{1, 2}, {3}}, {{4}}}
	cube[1] = append(cube[1], []int{5, 6})
	cube[0][1][0]++
	fmt.Println(cube, len(cube[1]), cube[1][1][1])
	fmt.Printf("%v %d %T\n", cube[0], cube[1], cube)
}
