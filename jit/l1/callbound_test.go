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

func leaf(x int) int { return x*3 + 1 }

func viaLeaf(x int) int { return leaf(x) + leaf(x+1) }

func twice(x int) int { return fib(x) + viaLeaf(x) }

func loops(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += fib(i)
	}
	return s
}

func main() {
	fmt.Println(loops(10), twice(5))
}
`))
	require.NoError(t, err)
	want := map[string]bool{
		"main.fib":     true,  // recursive, no loop
		"main.leaf":    false, // no calls
		"main.viaLeaf": false, // its calls are inlined
		"main.twice":   true,  // calls fib, which is not inlinable
		"main.loops":   false, // a loop
		"main.main":    true,  // calls loops and twice once each, then prints
	}
	for fn, f := range prog.Funcs {
		if w, ok := want[f.Name]; ok {
			require.Equal(t, w, CallBound(prog, fn), f.Name)
			delete(want, f.Name)
		}
	}
	require.Empty(t, want, "functions not found")
}
