package l1

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jitvm/jitvm/vm"
)

// Which functions of testdata/guard.go have a guard, and of what shape
// (TestDifferential runs the program at L0, at L1, and with its functions
// split between the two, so that calls enter callees both past their
// guard and at 0).
func TestGuardShapes(t *testing.T) {
	prog, err := vm.CompileFile("testdata/guard.go")
	require.NoError(t, err)
	type shape struct {
		guard, taken  bool
		pre           int
		past, effects bool
	}
	want := map[string]shape{
		"main.fib":     {guard: true, past: true},
		"main.tri":     {guard: true, taken: true, past: true},
		"main.sum":     {guard: true, pre: 1, past: true}, // the length is not read after the branch
		"main.lens":    {guard: true, pre: 1},             // the length is
		"main.capped":  {guard: true, pre: 1, past: true}, // the global is read again after the branch
		"main.halve":   {guard: true, pre: 2, past: true}, // a constant and the test
		"main.split":   {guard: true, past: true},
		"main.tail":    {guard: true, past: true},
		"main.flip":    {guard: true, past: true},
		"main.isEven":  {guard: true, past: true},
		"main.isOdd":   {guard: true, past: true},
		"main.count":   {guard: true, past: true},
		"main.at":      {guard: true, past: true},
		"main.counted": {guard: true, pre: 3, past: true, effects: true},
		"main.ping":    {guard: true, pre: 3, past: true, effects: true},
		"main.pong":    {guard: true, pre: 3, past: true, effects: true},
		"main.dec":     {},
		"main.stamp":   {},
		"main.main":    {},
	}
	for fn, f := range prog.Funcs {
		w, ok := want[f.Name]
		if !ok {
			continue
		}
		delete(want, f.Name)
		gd := guardOf(prog, fn)
		require.Equal(t, w.guard, gd != nil, f.Name)
		if gd == nil {
			continue
		}
		require.Equal(t, w.taken, gd.taken, f.Name)
		require.Len(t, gd.pre, w.pre, f.Name)
		require.Equal(t, w.past, gd.past, "%s: past", f.Name)
		require.Equal(t, w.effects, gd.effects, "%s: effects", f.Name)
		// The call goes on where the callee does when it does not return.
		j := len(gd.pre)
		other := j + 1 + gd.jump.C()
		if gd.taken {
			other = j + 1
		}
		require.Equal(t, other, gd.entry, f.Name)
	}
	require.Empty(t, want, "functions not found")

	// fib's two calls of itself get fib's guard; the callee is entered
	// past it, at the recursive case.
	fib := prog.FuncIndex("main.fib")
	code, err := Compile(prog, fib)
	require.NoError(t, err)
	require.Len(t, code.inlined, 2)
	require.Empty(t, code.Inlined(), "a guard is not the callee inlined")
	var entries []int
	for _, b := range code.blocks {
		if b.run == nil && b.fn == fib {
			entries = append(entries, b.entry)
		}
	}
	require.Equal(t, []int{2, 2}, entries)
}

// A call whose callee would return at once still overflows the stack
// where the interpreter's does: the frame at the limit runs in the
// interpreter (Code.fits), which makes the call.
func TestGuardAtFrameLimit(t *testing.T) {
	prog, err := vm.Compile("limit.go", []byte(`package main

import "fmt"

func down(n int) int {
	if n == 0 {
		return 7
	}
	return down(n-1) + 1
}

func main() {
	fmt.Println(down(8))
}
`))
	require.NoError(t, err)
	down := prog.FuncIndex("main.down")
	require.NotNil(t, guardOf(prog, down))
	overflows := 0
	for limit := 3; limit <= 12; limit++ {
		opts := vm.Options{MaxFrames: limit}
		want := runWith(t, prog, none, opts)
		require.Equal(t, want, runWith(t, prog, all, opts), "limit %d", limit)
		require.Equal(t, want, runWith(t, prog, func(fn int) bool { return fn == down }, opts), "limit %d", limit)
		if strings.Contains(want.trace, "stack overflow") {
			overflows++
		} else {
			require.Equal(t, "15\n", want.stdout, "limit %d", limit)
		}
	}
	// main and down(8)..down(0) are ten frames: the limits below overflow,
	// 9 at the call of down(0), which returns at once.
	require.Equal(t, 7, overflows)
}

// A guard that writes a global has run when the call it guards enters the
// callee, so the callee starts past it, also when the frame at the limit
// runs in the interpreter (Code.fits): there down(3) returns without a
// call, and calls counts it once.
func TestEffectGuardAtFrameLimit(t *testing.T) {
	prog, err := vm.Compile("limit.go", []byte(`package main

import "fmt"

var calls int

func down(n int) int {
	calls++
	if n == 0 {
		return 7
	}
	if n == 3 {
		return 5
	}
	return down(n-1) + 1
}

func main() {
	fmt.Println(down(2), calls)
	fmt.Println(down(8), calls)
}
`))
	require.NoError(t, err)
	down := prog.FuncIndex("main.down")
	gd := guardOf(prog, down)
	require.NotNil(t, gd)
	require.True(t, gd.effects && gd.past)
	done := 0
	for limit := 3; limit <= 12; limit++ {
		opts := vm.Options{MaxFrames: limit}
		want := runWith(t, prog, none, opts)
		require.Equal(t, want, runWith(t, prog, all, opts), "limit %d", limit)
		require.Equal(t, want, runWith(t, prog, func(fn int) bool { return fn == down }, opts), "limit %d", limit)
		if want.stdout == "9 3\n10 9\n" {
			done++
		}
	}
	// main and down(8)..down(3) are seven frames.
	require.Equal(t, 6, done)
}

// Guards are at every call, whatever the caller: a loop's calls, calls in
// arguments, and calls whose results a panic then reads. The run at L1
// gives the interpreter's output, panic and trace for every depth.
func TestGuardInCallers(t *testing.T) {
	for _, depth := range []int{0, 1, 2, 5} {
		prog, err := vm.Compile("callers.go", []byte(fmt.Sprintf(`package main

import "fmt"

var s = []int{1, 2, 3}

func g(n int) int {
	if n <= 0 {
		return n - 1
	}
	return g(n-2) + g(n-1)
}

func main() {
	t := 0
	for i := -3; i < 12; i++ {
		t += g(g(i) %% 5)
	}
	fmt.Println(t)
	fmt.Println(s[g(%d)+1])
}
`, depth)))
		require.NoError(t, err)
		want := run(t, prog, none)
		require.Equal(t, want, run(t, prog, all), "depth %d", depth)
	}
}
