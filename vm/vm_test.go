package vm

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// run compiles src and runs it, checking the machine is left empty.
func run(t testing.TB, src string, opts Options) (string, *Machine, error) {
	t.Helper()
	prog, err := Compile("prog.go", []byte(src))
	require.NoError(t, err)
	var out bytes.Buffer
	opts.Stdout = &out
	m := New(prog, opts)
	err = m.Run()
	require.Zero(t, m.depth, "frames left on the stack after the run")
	require.EqualValues(t, -1, m.current.Load(), "a function still published after the run")
	return out.String(), m, err
}

func TestRunsAndPrints(t *testing.T) {
	out, _, err := run(t, `package main

import "fmt"

var g = []int{1, 2, 3}

func sum(s []int) (t int) {
	for _, v := range s {
		t += v
	}
	return
}

func main() {
	fmt.Println(sum(g), len(g), g)
	fmt.Printf("%5.2f|%v|%T\n", 3.14159, []bool{true}, [][]float64{{1}})
}
`, Options{})
	require.NoError(t, err)
	require.Equal(t, "6 3 [1 2 3]\n 3.14|[true]|[][]float64\n", out)
}

// The exact profile counts every bytecode: a loop of n iterations whose
// body is k instructions costs k*n more than one of zero iterations.
func TestCountOpsIsExact(t *testing.T) {
	src := `package main

func loop(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += i
	}
	return s
}

func main() {
	loop(%d)
}
`
	counts := func(n int) []uint64 {
		_, m, err := run(t, fmt.Sprintf(src, n), Options{CountOps: true})
		require.NoError(t, err)
		return m.Counts()
	}
	prog, err := Compile("prog.go", []byte(fmt.Sprintf(src, 0)))
	require.NoError(t, err)
	loop := prog.FuncIndex("main.loop")
	// The body is ADD, ADDI and the loop's conditional jump.
	c0, c10, c1000 := counts(0)[loop], counts(10)[loop], counts(1000)[loop]
	require.Equal(t, uint64(3*10), c10-c0)
	require.Equal(t, uint64(3*1000), c1000-c0)
	require.Equal(t, counts(0)[prog.Main], counts(1000)[prog.Main], "main's count does not depend on n")
}

func TestStackOverflow(t *testing.T) {
	_, _, err := run(t, `package main

func f(n int) int { return f(n+1) + 1 }

func main() { f(0) }
`, Options{MaxFrames: 5000})
	var re *RuntimeError
	require.True(t, errors.As(err, &re))
	require.True(t, re.Fatal)
	require.Equal(t, "fatal error: stack overflow", re.Error())
	require.Equal(t, 2, ExitCode(err))
	var b strings.Builder
	re.WriteTrace(&b)
	require.Contains(t, b.String(), "5000-frame limit")
	require.Contains(t, b.String(), "main.f(...)\n\t")
	require.Less(t, strings.Count(b.String(), "main.f"), 200, "the trace is cut like Go's")
}

func TestDeepRecursion(t *testing.T) {
	out, _, err := run(t, `package main

import "fmt"

func depth(n int) int {
	if n == 0 {
		return 0
	}
	return depth(n-1) + 1
}

func main() { fmt.Println(depth(100000)) }
`, Options{})
	require.NoError(t, err)
	require.Equal(t, "100000\n", out)
}

func TestRuntimeErrorsAreTyped(t *testing.T) {
	_, _, err := run(t, `package main

func div(a, b int) int { return a / b }

func main() { div(1, 0) }
`, Options{})
	require.ErrorIs(t, err, ErrDivideByZero)
	var re *RuntimeError
	require.True(t, errors.As(err, &re))
	require.Equal(t, []TraceFrame{
		{Func: "main.div", File: re.Trace[0].File, Line: 3},
		{Func: "main.main", File: re.Trace[0].File, Line: 5},
	}, re.Trace)
	require.True(t, filepath.IsAbs(re.Trace[0].File))
}

// The interpreter's call path must not allocate: allocation per run does
// not grow with the number of calls made.
func TestCallsDoNotAllocate(t *testing.T) {
	src := `package main

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func main() { fib(%d) }
`
	allocs := func(n int) float64 {
		prog, err := Compile("prog.go", []byte(fmt.Sprintf(src, n)))
		require.NoError(t, err)
		return testing.AllocsPerRun(5, func() {
			require.NoError(t, New(prog, Options{}).Run())
		})
	}
	small, large := allocs(5), allocs(22) // 15 calls vs 57313 calls
	require.Equal(t, small, large, "allocations grew with the number of calls")
}

func TestExitStatus(t *testing.T) {
	out, _, err := run(t, `package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println("bye")
	os.Exit(3)
}
`, Options{})
	require.Equal(t, "bye\n", out, "output is flushed before exit")
	require.Equal(t, 3, ExitCode(err))
}

// Every example compiles to bytecode that passes the verifier and prints
// as text.
func TestExamplesVerify(t *testing.T) {
	files, err := filepath.Glob("../examples/*.go")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		prog, err := CompileFile(f)
		require.NoError(t, err, f)
		require.NoError(t, bc.Verify(prog), f)
		require.NotEmpty(t, prog.String())
	}
}

// FuzzCompile feeds the front end random bytes and mutated examples: it must
// return a program that verifies, or a positioned error, and never panic.
func FuzzCompile(f *testing.F) {
	for _, pattern := range []string{"../examples/*.go", "../testdata/errors/*.go", "../bench/programs/*.go"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			src, err := os.ReadFile(file)
			if err == nil {
				f.Add(src)
			}
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		prog, err := Compile("fuzz.go", src)
		if err != nil {
			var ce *CompileError
			if !errors.As(err, &ce) {
				t.Fatalf("not a positioned compile error: %v", err)
			}
			if ce.Pos.Line < 1 {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		if err := bc.Verify(prog); err != nil {
			t.Fatal(err)
		}
	})
}
