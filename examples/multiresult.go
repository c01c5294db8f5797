// Multiple and named results: naked returns, results as call arguments, blank identifiers, swaps.

//go:build ignore

package main

import "fmt"

func divmod(a, b int) (q, r int) {
	q = a / b
	r = a % b
	return
}

// minmax returns the smallest and largest element; named results start at zero.
func minmax(s []int) (lo, hi int, ok bool) {
	if len(s) == 0 {
		return
	}
	lo, hi = s[0], s[0]
	for _, v := range s[1:] {
		if v < lo {
			lo = v
		}
		if v > hi {
			hi = v
		}
	}
	ok = true
	return
}

// stats mixes an explicit return with named results.
func stats(s []float64) (mean, variance float64) {
	if len(s) == 0 {
		return 0, 0
	}
	for _, v := range s {
		mean += v
	}
	mean /= float64(len(s))
	for _, v := range s {
		variance += (v - mean) * (v - mean)
	}
	variance /= float64(len(s))
	return mean, variance
}

func swap(a, b int) (int, int) { return b, a }

func add(a, b int) int { return a + b }

// split returns three results of different types.
func split(x float64) (int, float64, bool) {
	i := int(x)
	return i, x - float64(i), x < 0
}

// counter changes a named result after computing it.
func counter(n int) (count int) {
	for i := 0; i < n; i++ {
		count += i
	}
	count *= 2
	return
}

func pair() ([]int, [][]int) {
	return []int{1, 2}, [][]int{{3}, {4, 5}}
}

func noResult(s []int) {
	if len(s) > 0 {
		s[0] = -1
		return
	}
	fmt.Println("empty")
}

func main() {
	q, r := divmod(17, 5)
	fmt.Println(q, r)
	fmt.Println(divmod(-17, 5))
	fmt.Println(add(divmod(100, 7)))
	fmt.Println(add(swap(3, 4)))

	lo, hi, ok := minmax([]int{4, -2, 9, 7})
	fmt.Println(lo, hi, ok)
	_, _, ok = minmax([]int{})
	fmt.Println(ok)

	m, v := stats([]float64{2, 4, 4, 4, 5, 5, 7, 9})
	fmt.Println(m, v)
	m, _ = stats([]float64{})
	fmt.Println(m)

	a, b := 1, 2
	a, b = swap(a, b)
	fmt.Println(a, b)

	i, frac, negative := split(-3.75)
	fmt.Println(i, frac, negative)
	fmt.Println(split(2.5))
	fmt.Println(counter(10))

	s, t := pair()
	fmt.Println(s, t, len(t[1]))
	noResult(s)
	noResult(s[:0])
	fmt.Println(s)

	// Reassigning with := when at least one variable is new.
	q, extra := divmod(9, 4)
	fmt.Println(q, extra)
}
