package vm

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// interpTier is a "tier" that runs functions in the interpreter through the
// tier interface, so that calls between tiers, bail-out and on-stack
// replacement are exercised without a compiler.
type interpTier struct{ entered *int }

func (t interpTier) Enter(m *Machine, base, pc int) {
	*t.entered++
	m.Interpret(pc)
}

func (interpTier) CanEnter(int) bool { return true }

// runTiered runs a program with every function (or every other one) behind
// the tier interface and returns stdout, stderr and the exit code.
func runTiered(t *testing.T, file string, every int, osr bool) (string, string, int, int) {
	prog, err := CompileFile(file)
	require.NoError(t, err)
	var out bytes.Buffer
	m := New(prog, Options{Stdout: &out})
	entered := 0
	for fn := range prog.Funcs {
		if every > 0 && fn%every == 0 {
			m.Install(fn, interpTier{&entered}, 1, osr)
		}
	}
	err = m.Run()
	var errOut strings.Builder
	if re, ok := err.(*RuntimeError); ok {
		re.WriteTrace(&errOut)
	}
	require.Zero(t, m.depth)
	return out.String(), errOut.String(), ExitCode(err), entered
}

// longExamples are the benchmark-sized examples.
var longExamples = map[string]bool{
	"ackermann": true, "bintrees": true, "collatz": true, "fannkuch": true, "fib": true,
	"hotcall": true, "hotloop": true, "life": true, "mandelbrot": true, "matmul": true,
	"nbody": true, "nqueens": true, "primes": true, "quicksort": true, "sieve": true,
	"spectralnorm": true, "twofuncs": true,
}

// Every example behaves the same with its functions entered through the
// tier interface (all of them, or every other one, mixing "tiers").
func TestTierInterfaceIsTransparent(t *testing.T) {
	files, _ := filepath.Glob("../examples/*.go")
	require.NotEmpty(t, files)
	for _, f := range files {
		name := filepath.Base(f)
		if longExamples[strings.TrimSuffix(name, ".go")] || testing.Short() && !strings.HasPrefix(name, "panic") && name != "multiresult.go" {
			continue // benchmark-sized: seconds each, three times over
		}
		t.Run(name, func(t *testing.T) {
			wantOut, wantErr, wantCode, _ := runTiered(t, f, 0, false)
			for _, every := range []int{1, 2} {
				out, errOut, code, entered := runTiered(t, f, every, false)
				require.Equal(t, wantOut, out)
				require.Equal(t, wantErr, errOut, "same panic message and program stack trace")
				require.Equal(t, wantCode, code)
				require.Positive(t, entered)
			}
		})
	}
}

// installer is a tier for one function whose Enter installs other code,
// as the background JIT does while the program runs.
type installer struct{ install func(m *Machine) }

func (t installer) Enter(m *Machine, base, pc int) {
	t.install(m)
	m.Interpret(pc)
}

func (installer) CanEnter(int) bool { return true }

// A loop in main, which is entered only once, moves to compiled code at a
// loop header when code is installed for main with osr while it runs.
func TestOnStackReplacement(t *testing.T) {
	prog, err := Compile("osr.go", []byte(`package main

import "fmt"

func start() {}

func main() {
	start()
	s := 0
	for i := 0; i < 1000; i++ {
		s += i
	}
	fmt.Println(s)
}
`))
	require.NoError(t, err)
	for _, osr := range []bool{false, true} {
		var out bytes.Buffer
		entered := 0
		m := New(prog, Options{Stdout: &out})
		m.Install(prog.FuncIndex("main.start"), installer{func(m *Machine) {
			m.Install(prog.Main, interpTier{&entered}, 1, osr)
		}}, 1, false)
		require.NoError(t, m.Run())
		require.Equal(t, "499500\n", out.String())
		if osr {
			require.Equal(t, 1, entered, "moved to compiled code once, at a loop header")
			require.Equal(t, 1, m.OSREntries(prog.Main))
		} else {
			require.Zero(t, entered, "without osr the running frame stays in the interpreter")
		}
	}
}

// PushFast enters a frame as Push does when nothing must grow, and leaves
// the machine untouched when the frame stack or the registers would.
func TestPushFast(t *testing.T) {
	prog, err := Compile("p.go", []byte("package main\n\nimport \"fmt\"\n\nfunc f(x int) int { return x + 1 }\n\nfunc main() { fmt.Println(f(1)) }\n"))
	require.NoError(t, err)
	fn := 0
	for i, f := range prog.Funcs {
		if f.Name == "main.f" {
			fn = i
		}
	}
	nregs := prog.Funcs[fn].NumRegs
	fresh := func() *Machine {
		m := New(prog, Options{})
		m.frames = make([]frame, 3)
		m.regs, m.sregs = make([]uint64, 8), make([]Slice, 8)
		m.frames[0] = frame{fn: 1, base: 0}
		m.depth, m.fn, m.base = 1, 1, 0
		return m
	}
	a, b := fresh(), fresh()
	require.True(t, a.PushFast(fn, 2, 5, nregs))
	b.Push(fn, 2, 5)
	require.Equal(t, b.frames, a.frames)
	require.Equal(t, []int{b.depth, b.fn, b.base, int(b.current.Load())}, []int{a.depth, a.fn, a.base, int(a.current.Load())})
	require.Equal(t, 2, a.depth)
	require.Equal(t, 6, a.frames[0].pc, "the caller resumes after the call")

	// The registers would have to grow: nothing happens.
	c := fresh()
	require.False(t, c.PushFast(fn, 8-nregs+1, 5, nregs))
	require.Equal(t, fresh().frames, c.frames)
	require.Equal(t, 1, c.depth)
	// The frame stack would: likewise.
	c.frames = c.frames[:1]
	require.False(t, c.PushFast(fn, 2, 5, nregs))
	require.Equal(t, 1, c.depth)
}
