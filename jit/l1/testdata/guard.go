// Guards L1 splices into calls (inline.go, guardOf): a callee's quick
// return, with the return on the branch's fall-through and on its target,
// with instructions before the branch (a length, a global, a float test),
// a global written on the way out, several results, a nil slice result,
// a bool parameter, mutual recursion, a loop after the guard, a global
// written before the branch (the call enters past the guard), callees that
// write a parameter before the branch or read after it what they computed
// before it with a global written (no guard), and an index error raised
// past a guard (its trace shows every frame).

package main

import "fmt"

var hits int
var limit = 12
var data = []int{5, 3, 8, 1, 9, 2, 7}

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

// The quick return is the branch's target: the body is the fall-through.
func tri(n int) int {
	if n > 0 {
		return tri(n-1) + n
	}
	return 0
}

// A length before the branch.
func sum(s []int) int {
	if len(s) == 0 {
		return 0
	}
	return s[0] + sum(s[1:])
}

// A length before the branch that the rest reads.
func lens(s []int) int {
	n := len(s)
	if n == 0 {
		return 0
	}
	return n + lens(s[1:])
}

// A global read before the branch, and one written on the way out.
func capped(n int) int {
	if n > limit {
		hits++
		return limit
	}
	return capped(n+3) + 1
}

// A float test before the branch.
func halve(x float64) float64 {
	if x < 1 {
		return x
	}
	return halve(x/2) + 0.25
}

// Several results.
func split(n int) (int, int) {
	if n < 10 {
		return n, 0
	}
	a, b := split(n / 10)
	return a + n%10, b + 1
}

// A nil slice result.
func tail(s []int, k int) []int {
	if k == 0 {
		return nil
	}
	if len(s) <= 1 {
		return s
	}
	return tail(s[1:], k-1)
}

func flip(done bool, n int) int {
	if done {
		return n
	}
	return flip(n > 20, n*2+1)
}

func isEven(n int) bool {
	if n == 0 {
		return true
	}
	return isOdd(n - 1)
}

func isOdd(n int) bool {
	if n == 0 {
		return false
	}
	return isEven(n - 1)
}

// A loop after the guard: a call that does not return at once enters it
// past the guard.
func count(row, n int) int {
	if row == n {
		return 1
	}
	c := 0
	for i := 0; i < n; i++ {
		if (row+i)%3 != 0 {
			c += count(row+1, n)
		}
	}
	return c
}

// No guard: the parameter is written before the branch.
func dec(n int) int {
	n--
	if n < 0 {
		return 0
	}
	return dec(n) + 2
}

// A global written before the branch (the examples' ackermann): the call
// enters past the guard, whatever runs the callee, or hits would count
// twice.
func counted(n int) int {
	hits++
	if n == 0 {
		return 0
	}
	return counted(n-1) + 1
}

// The same across functions, which the differential test's mixes run in
// different tiers: ping at L1 calls pong in the interpreter, and back.
func ping(n int) int {
	hits += 2
	if n <= 0 {
		return 0
	}
	return pong(n-1) + 1
}

func pong(n int) int {
	hits *= 3
	if n <= 0 {
		return 1
	}
	return ping(n-1)*2 + hits%7
}

// No guard: a global is written before the branch, and what it computes
// there is read after it.
func stamp(n int) int {
	hits++
	k := hits
	if n == 0 {
		return k
	}
	return stamp(n-1) + k%5
}

// An index error past the guard, three frames down.
func at(s []int, i, depth int) int {
	if depth == 0 {
		return 0
	}
	if depth == 1 {
		return s[i]
	}
	return at(s, i+1, depth-1) + 1
}

func main() {
	f := 0
	for i := 0; i < 20; i++ {
		f += fib(i)
	}
	fmt.Println(f, fib(25), tri(100), sum(data), sum(nil), lens(data))
	c := 0
	for i := 0; i < 30; i++ {
		c += capped(i)
	}
	fmt.Println(c, hits, halve(1000), halve(0.5))
	a, b := split(987654321)
	fmt.Println(a, b)
	fmt.Println(tail(data, 3), tail(data, 0) == nil, len(tail(data, 100)))
	fmt.Println(flip(false, 1), flip(true, 7), isEven(1001), isOdd(1001), isEven(0))
	fmt.Println(count(0, 6), dec(50), counted(40), hits)
	fmt.Println(ping(9), hits, pong(10), hits, stamp(6), hits)
	fmt.Println(at(data, 0, 5))
	fmt.Println(at(data, 3, 6))
}
