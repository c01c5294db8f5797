// Loops whose body is one branch with a few moves on each side and the
// loop's increment and test, which L1 runs in one closure (condLoop, on an
// operand's truth or through the branch's closure): on a bool element,
// negated, and on a register; on comparisons, int and float; moves on one
// side, on both, two on a side; loops past one batch (selfBatch), counting
// down, and with a register bound; and an index error raised by the
// condition inside one.

package main

import "fmt"

var flags = make([]bool, 5000)

func main() {
	n := 4000
	a := make([]int, n)
	f := make([]float64, n)
	for i := 0; i < n; i++ {
		a[i] = (i*7919)%1000 - 500
		f[i] = float64(a[i]) / 3
		flags[i] = a[i]%3 == 0
	}
	count := 0
	for i := 0; i < n; i++ {
		if !flags[i] {
			count++
		}
	}
	pos, neg, zero := 0, 0, 0
	for i := 0; i < n; i++ {
		if a[i] > 0 {
			pos++
		} else {
			neg = neg + 2
		}
	}
	for i := n - 1; i >= 0; i-- {
		if f[i] < 1.5 {
			zero += 3
			pos--
		}
	}
	b := true
	t := 0
	for i := 0; i < n; i += 3 {
		if b {
			t = t + i
		} else {
			t = t - 1
		}
	}
	k := 0
	for i := 1; i < n; i = i + 2 {
		if flags[i] {
			k += 5
		} else {
			k -= 1
			t++
		}
	}
	fmt.Println(count, pos, neg, zero, t, k)
	short := a[:3000]
	m := 0
	for i := 0; i < n; i++ {
		if short[i] >= 0 {
			m++
		}
	}
	fmt.Println("unreachable", m)
}
