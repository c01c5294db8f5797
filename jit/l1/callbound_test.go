package l1

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jitvm/jitvm/vm"
)

func TestCallBound(t *testing.T) {
	prog, err := vm.Compile("cb.go", []byte(`package main

import "fmt"

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func fibc(n int) int {
	calls++
	if n < 2 {
		return n
	}
	return fibc(n-1) + fibc(n-2)
}

func leaf(x int) int { return x*3 + 1 }

func viaLeaf(x int) int { return leaf(x) + leaf(x+1) }

func twice(x int) int { return fib(x) + viaLeaf(x) }

func get(a []int, i int) int { return a[i] }

func work(a []int, x int) int {
	y := x*7 + 3
	return get(a, y&3) + y
}

func down(n int) int {
	if n == 0 {
		return leaf(n)
	}
	return down(n-1) + leaf(n)
}

var calls int

func ack(m, n int) int {
	calls++
	if m == 0 {
		return n + 1
	}
	if n == 0 {
		return ack(m-1, 1)
	}
	return ack(m-1, ack(m, n-1))
}

func loops(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += fib(i)
	}
	return s
}

func main() {
	fmt.Println(loops(10), twice(5), fibc(5), work([]int{1, 2, 3, 4}, 5), down(3), ack(2, 2))
}
`))
	require.NoError(t, err)
	want := map[string]bool{
		"main.fib":     false, // recursive, no loop, but with a guard
		"main.fibc":    false, // fib counting its calls: a guard that writes a global
		"main.leaf":    false, // no calls
		"main.viaLeaf": false, // its calls are inlined
		"main.twice":   false, // calls fib: at L0 it would switch tiers on that call
		"main.work":    false, // calls get (not inlinable: a[i] can fail), not itself
		"main.down":    true,  // recursive; its other call (leaf) is inlined
		"main.ack":     false, // recursive only, with a guard that counts its calls first
		"main.loops":   false, // a loop
		"main.main":    false, // calls other functions
	}
	for fn, f := range prog.Funcs {
		if w, ok := want[f.Name]; ok {
			require.Equal(t, w, CallBound(prog, fn), f.Name)
			delete(want, f.Name)
		}
	}
	require.Empty(t, want, "functions not found")
}
