package vm

import (
	"bytes"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

// A make larger than the machine (or than --max-heap) stops the run before
// it is tried: Go's runtime would die with "fatal error: out of memory" and
// a Go stack trace, and the program's buffered output would be lost.
func TestHugeMakeStopsTheRun(t *testing.T) {
	src := `package main

import "fmt"

func main() {
	fmt.Println("before")
	s := make([]int, 1<<40)
	fmt.Println(len(s))
}
`
	prog, err := Compile("huge.go", []byte(src))
	require.NoError(t, err)
	for _, limit := range []int64{0, 1 << 30} {
		if limit == 0 && machineMemory() == 0 {
			continue // unknown: no check without a limit
		}
		var out bytes.Buffer
		err = New(prog, Options{Stdout: &out, MaxHeap: limit}).Run()
		var se *StopError
		require.True(t, errors.As(err, &se), "limit %d: %v", limit, err)
		require.Equal(t, "main.main", se.Trace[0].Func)
		require.Equal(t, 7, se.Trace[0].Line, "the make")
		require.Equal(t, "before\n", out.String(), "the output before it is flushed")
		if limit == 0 {
			var ae *AllocError
			require.True(t, errors.As(err, &ae), "%v", err)
			require.Equal(t, int64(8<<40), ae.Bytes)
		} else {
			var hl *HeapLimitError
			require.True(t, errors.As(err, &hl), "%v", err)
		}
	}
}

// panicTier is a tier with a bug: entering its code panics.
type panicTier struct{}

func (panicTier) Enter(*Machine, int, int) { panic("a bug in a tier") }
func (panicTier) CanEnter(int) bool        { return true }

// A Go panic out of the run (a bug in jitvm) still writes the program's
// output so far, and goes on up to the caller (jitvm's main reports it).
func TestPanicFlushesOutput(t *testing.T) {
	src := `package main

import "fmt"

func f() int { return 1 }

func main() {
	fmt.Println("before")
	fmt.Println(f())
}
`
	prog, err := Compile("bug.go", []byte(src))
	require.NoError(t, err)
	var out bytes.Buffer
	m := New(prog, Options{Stdout: &out})
	m.Install(prog.FuncIndex("main.f"), panicTier{}, 1, false)
	require.PanicsWithValue(t, "a bug in a tier", func() { m.Run() })
	require.Equal(t, "before\n", out.String())
}

// --max-stack below the frame stack's first allocation (64 frames) holds
// too: it was only checked when that storage filled up.
func TestSmallMaxFrames(t *testing.T) {
	src := `package main

import "fmt"

func f(n int) int {
	if n == 0 {
		return 0
	}
	return f(n-1) + 1
}

func main() {
	fmt.Println(f(100))
}
`
	prog, err := Compile("deep.go", []byte(src))
	require.NoError(t, err)
	for _, n := range []int{1, 2, 10, 63, 64, 65} {
		err := New(prog, Options{MaxFrames: n}).Run()
		var re *RuntimeError
		require.True(t, errors.As(err, &re), "max %d: %v", n, err)
		require.Equal(t, "fatal error: stack overflow", re.Error())
		require.Len(t, re.Trace, n, "max %d: main and %d calls of f", n, n-1)
	}
	require.NoError(t, New(prog, Options{MaxFrames: 102}).Run(), "main and f(100)..f(0)")
}
