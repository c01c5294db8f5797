// Loop tests against a bound computed from a register or a constant, which
// L1 makes part of the loop tail (linear in lower.go): i < 3*n, n-1, n+2
// and n*-2 (2*n+1 is stored before the test), a bound that wraps around,
// one the loop body changes, one minus a large constant, self loops (a
// store, a counted sum, a one-statement loop that writes the bound, and a
// fill, a branch loop, a load, a shift and a swap, whose closures take no
// such bound), a reversal whose test is j-1
// (not a reversal loop of its own), and an index error in a loop with such
// a bound.

package main

import "fmt"

func heavy(n int) int {
	h := 1
	for i := 0; i < 3*n; i++ {
		h = h*31 + i
		h ^= h >> 17
	}
	return h
}

func shapes(n int) (int, int, int, int, int) {
	a, b, c, d, e := 0, 0, 0, 0, 0
	for i := 0; i < n-1; i++ {
		a += i
	}
	for i := 0; i <= n+2; i++ {
		b = b*3 + i
	}
	for i := 1; i < 2*n+1; i += 2 {
		c ^= i << 3
	}
	for i := 0; i > n*-2; i-- {
		d += i * i
	}
	st := 1
	if n < 0 {
		st = -1
	}
	for i := 0; i != 4*n; i += st {
		e -= i
	}
	return a, b, c, d, e
}

// 3*n wraps around to a negative int: the loop runs no iteration.
func wraps(n int) int {
	k := 0
	for i := 0; i < 3*n; i++ {
		k++
		if k > 10 {
			break
		}
	}
	return k
}

// The body changes the bound's register: the test reads it every time.
func shrinking(n int) int {
	k := 0
	for i := 0; i < 2*n; i++ {
		n--
		k += i
	}
	return k*100 + n
}

func selfs(s []int, n int) (int, int) {
	for i := 0; i < 2*n; i++ {
		s[i] = i * 7
	}
	sum := 0
	for i := 0; i < n+3; i++ {
		sum += s[i]
	}
	m := n
	for i := 0; i < 2*m; i++ {
		m = m - 1
	}
	// Loops the compiler has closures of its own for, which take no
	// computed bound: a fill, a branch loop, a load.
	for i := 0; i < n-2; i++ {
		s[i] = 0
	}
	z, v := 0, 0
	flags := make([]bool, 3*n)
	for i := 0; i < 3*n; i += 3 {
		flags[i] = true
	}
	for i := 0; i < 2*n; i++ {
		if !flags[i] {
			z++
		}
	}
	for i := 0; i < n+5; i++ {
		v = s[i]
	}
	return sum*1000 + z*10 + v, m
}

// A shift loop (s[i] = s[i+1]), which takes no computed bound either.
func shift(s []int, n int) {
	for i := 0; i < n-1; i++ {
		s[i] = s[i+1]
	}
}

// A swap loop whose test is i < n-2.
func swaps(s []int, n int) {
	for j, i := 1, 0; i < n-2; j, i = j+1, i+1 {
		s[i], s[j] = s[j], s[i]
	}
}

// A bound minus a constant too large for an immediate.
func far(n int) int {
	k := 0
	for i := 0; i < n-5000000000; i++ {
		k += i
	}
	return k
}

func reverse(s []int, j int) {
	for i := 0; i < j-1; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

func main() {
	fmt.Println(heavy(1000), heavy(0), heavy(-5))
	fmt.Println(shapes(10))
	fmt.Println(shapes(0))
	fmt.Println(shapes(-3))
	fmt.Println(wraps(4611686018427387904), wraps(3074457345618258603), wraps(2))
	fmt.Println(shrinking(30), shrinking(1))
	s := make([]int, 40)
	fmt.Println(selfs(s, 12))
	fmt.Println(s)
	t := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	reverse(t, 9)
	fmt.Println(t)
	reverse(t, 4)
	fmt.Println(t)
	shift(t, 6)
	swaps(t, 8)
	fmt.Println(t, far(5000000010), far(3))
	u := make([]int, 5)
	n := len(u)
	fmt.Println(fill(u, 1), u)
	fmt.Println(fill(u, n)) // u[5]: index out of range
}

func fill(u []int, n int) int {
	for i := 0; i < 2*n; i++ {
		u[i] = i + 1
	}
	return n
}
