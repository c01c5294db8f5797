// Every for form: three-clause, condition-only, infinite, range over ints and slices, range evaluated once.

//go:build ignore

package main

import "fmt"

var evals int

func numbers() []int {
	evals++
	return []int{10, 20, 30}
}

func main() {
	// Three-clause with two variables and a multiple assignment post statement.
	for i, j := 0, 10; i < j; i, j = i+1, j-2 {
		fmt.Print(i, ":", j, " ")
	}
	fmt.Println()

	// Condition only, and an infinite loop with break.
	n := 1
	for n < 1000 {
		n *= 3
	}
	fmt.Println("n:", n)
	steps := 0
	for {
		steps++
		if steps == 5 {
			break
		}
	}
	fmt.Println("steps:", steps)

	// Empty init and post.
	k := 3
	for ; k > 0; k-- {
		fmt.Print(k, " ")
	}
	fmt.Println()

	// Range over an int: with a variable, without one, with a negative bound.
	for i := range 4 {
		fmt.Print(i, " ")
	}
	fmt.Println()
	count := 0
	for range 7 {
		count++
	}
	fmt.Println("count:", count)
	neg := -3
	for i := range neg {
		fmt.Println("never", i)
	}
	// The bound is evaluated once.
	limit := 3
	for i := range limit {
		limit += i
	}
	fmt.Println("limit:", limit)

	// Range over slices: index and value, index only, value only, neither.
	s := []int{5, 6, 7}
	for i, v := range s {
		fmt.Print(i, "=", v, " ")
	}
	fmt.Println()
	for i := range s {
		s[i] *= 2
	}
	for _, v := range s {
		fmt.Print(v, " ")
	}
	fmt.Println()
	for range s {
		count--
	}
	fmt.Println("count:", count)

	// The range expression is evaluated once, before the loop; the length is fixed then.
	for i, v := range numbers() {
		fmt.Print(i, v, " ")
	}
	fmt.Println("evals:", evals)
	grow := []int{1, 2, 3}
	for _, v := range grow {
		grow = append(grow, v*10)
	}
	fmt.Println(grow)
	// Values are read as the loop goes, so writes through the same array are visible.
	vals := []int{1, 2, 3, 4}
	for i, v := range vals {
		if i+1 < len(vals) {
			vals[i+1] += v
		}
	}
	fmt.Println(vals)

	// Range assigning to existing variables.
	var i, v int
	for i, v = range []int{7, 8, 9} {
	}
	fmt.Println("last:", i, v)
	for i = range 5 {
	}
	fmt.Println("last i:", i)

	// Range over float, bool and nested slices.
	fsum := 0.0
	for _, f := range []float64{0.5, 1.25, 2} {
		fsum += f
	}
	trues := 0
	for _, b := range []bool{true, false, true} {
		if b {
			trues++
		}
	}
	fmt.Println(fsum, trues)
	for r, row := range [][]int{{1}, {2, 3}, {}} {
		fmt.Print(r, len(row), row, " ")
	}
	fmt.Println()

	// Range over a nil slice does nothing.
	var empty []float64
	for range empty {
		fmt.Println("never")
	}

	// Modifying the loop variable does not change the iteration.
	for i := 0; i < 3; i++ {
		fmt.Print(i, " ")
		i := i + 10
		_ = i
	}
	for i := range 3 {
		i *= 5
		fmt.Print(i, " ")
	}
	fmt.Println()
}
