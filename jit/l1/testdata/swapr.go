// Reversal loops that run with their indices in Go registers
// (selfReverse): steps other than 1, the indices read after the loop,
// the test on either index, loops over more than one batch, and an index
// error raised after iterations (both indices grow).

package main

import "fmt"

func ends(p []int) (int, int) {
	i, j := 0, len(p)-1
	for ; i < j; i, j = i+2, j-1 {
		p[i], p[j] = p[j], p[i]
	}
	return i, j
}

func endsUp(p []int) (int, int) {
	i, j := 1, len(p)-1
	for j > i {
		p[i], p[j] = p[j], p[i]
		i += 3
		j--
	}
	return i, j
}

func slide(p []int, from int) {
	for i, j := from, from+3; i < j; i, j = i+1, j+1 {
		p[i], p[j] = p[j], p[i]
	}
}

func main() {
	p := make([]int, 23)
	for i := range p {
		p[i] = i*7 + 1
	}
	i, j := ends(p)
	fmt.Println(i, j, p)
	i, j = endsUp(p)
	fmt.Println(i, j, p)
	i, j = ends(p[:1])
	fmt.Println(i, j, p[:3])
	long := make([]int, 6000)
	for i := range long {
		long[i] = i
	}
	i, j = ends(long)
	fmt.Println(i, j, long[:4], long[3998:4002], long[5996:])
	fmt.Println(p)
	slide(p, 2)
}
