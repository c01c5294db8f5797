package l1

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/jitvm/jitvm/vm"
	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// entries wraps L1 code and counts the frames it is entered with, at pc 0
// (calls) and elsewhere (on-stack replacement).
type entries struct {
	*Code
	calls, osr *int
}

func (e entries) Enter(m *vm.Machine, base, pc int) {
	if pc == 0 {
		*e.calls++
	} else {
		*e.osr++
	}
	e.Code.Enter(m, base, pc)
}

// installer is a tier for one function whose Enter installs other code,
// as the background JIT does while the program runs (vm/tier_test.go).
type installer struct {
	*Code
	install func(m *vm.Machine)
}

func (t installer) Enter(m *vm.Machine, base, pc int) {
	t.install(m)
	t.Code.Enter(m, base, pc)
}

const osrSrc = `package main

import "fmt"

func start() {}

func main() {
	start()
	s, x := 0, 1.5
	for i := 0; i < 100000; i++ {
		s += i % 7
		x = x*1.0001 - float64(i%3)
	}
	fmt.Println(s, x)
}
`

// A loop in main, which is entered only once, moves to L1 code at a loop
// header when the code is installed with osr while it runs, and the output
// does not change.
func TestOnStackReplacement(t *testing.T) {
	prog, err := vm.Compile("osr.go", []byte(osrSrc))
	require.NoError(t, err)
	want := run(t, prog, none)
	main, err := Compile(prog, prog.Main)
	require.NoError(t, err)
	start, err := Compile(prog, prog.FuncIndex("main.start"))
	require.NoError(t, err)
	for _, osr := range []bool{false, true} {
		var out bytes.Buffer
		calls, entered := 0, 0
		m := vm.New(prog, vm.Options{Stdout: &out})
		m.Install(prog.FuncIndex("main.start"), installer{start, func(m *vm.Machine) {
			m.Install(prog.Main, entries{main, &calls, &entered}, 1, osr)
		}}, 1, false)
		require.NoError(t, m.Run())
		require.Equal(t, want.stdout, out.String())
		require.Zero(t, calls, "main is called once, before its code is installed")
		if osr {
			require.Equal(t, 1, entered, "moved to L1 once, at a loop header")
		} else {
			require.Zero(t, entered, "without osr the running frame stays in the interpreter")
		}
	}
}

const osrUpSrc = `package main

import "fmt"

func mid() {}

func work(n int) (int, float64) {
	s, x := 0, 1.5
	for i := 0; i < n; i++ {
		if i == n/2 {
			mid()
		}
		s += i % 7
		x = x*1.0001 - float64(i%3)
	}
	return s, x
}

func main() {
	s, x := work(100000)
	fmt.Println(s, x)
}
`

// A frame running L1 code moves to newer code of its function installed
// with osr (the JIT's L2 code, here another L1 compile) at its next loop
// header, in a function L1 called itself (its return stack) as in one
// entered from the interpreter, and the output does not change. Without
// osr, or when the newer code is the code running, the frame stays.
func TestOnStackReplacementFromL1(t *testing.T) {
	prog, err := vm.Compile("osrup.go", []byte(osrUpSrc))
	require.NoError(t, err)
	want := run(t, prog, none)
	work := prog.FuncIndex("main.work")
	// mid is where the test installs the newer code: it must be called.
	first, err := compile(prog, work, options{noInline: true})
	require.NoError(t, err)
	newer, err := compile(prog, work, options{noInline: true})
	require.NoError(t, err)
	mainCode, err := Compile(prog, prog.Main)
	require.NoError(t, err)
	midCode, err := Compile(prog, prog.FuncIndex("main.mid"))
	require.NoError(t, err)
	for _, tc := range []struct {
		name     string
		mainL1   bool // main at L1: work is called by L1's run loop
		osr      bool
		same     bool // install the running code again
		wantMove int
	}{
		{"from L1 caller", true, true, false, 1},
		{"from interpreter caller", false, true, false, 1},
		{"without osr", true, false, false, 0},
		{"same code", true, true, true, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			newCalls, newEntered := 0, 0
			m := vm.New(prog, vm.Options{Stdout: &out})
			if tc.mainL1 {
				m.Install(prog.Main, mainCode, 1, false)
			}
			// L1's own *Code, so that main's run loop calls it itself.
			m.Install(work, first, 1, false)
			m.Install(prog.FuncIndex("main.mid"), installer{midCode, func(m *vm.Machine) {
				if tc.same {
					m.Install(work, m.CodeOf(work), 1, tc.osr)
					return
				}
				m.Install(work, entries{newer, &newCalls, &newEntered}, 1, tc.osr)
			}}, 1, false)
			require.NoError(t, m.Run())
			require.Equal(t, want.stdout, out.String())
			require.Zero(t, newCalls, "work is called once, before the newer code is installed")
			require.Equal(t, tc.wantMove, newEntered, "entries of the newer code at a loop header")
			require.Equal(t, tc.wantMove, m.OSREntries(work))
		})
	}
}

// CanEnter holds at pc 0 and at every loop header (the target of a
// backward jump), where the interpreter offers a frame.
func TestCanEnterLoopHeaders(t *testing.T) {
	for _, file := range programs(t) {
		prog, err := vm.CompileFile(file)
		require.NoError(t, err)
		for fn, f := range prog.Funcs {
			c, err := Compile(prog, fn)
			require.NoError(t, err)
			require.True(t, c.CanEnter(0))
			for pc, in := range f.Code {
				if in.Op().IsJump() && in.C() < 0 {
					require.True(t, c.CanEnter(pc+1+in.C()), "%s: %s pc %d", file, f.Name, pc+1+in.C())
				}
			}
			require.False(t, c.CanEnter(-1))
			require.False(t, c.CanEnter(len(f.Code)))
		}
	}
}

// Leaving instructions to the interpreter (bail-out) keeps every program's
// behaviour: here the slice and call instructions, the stores and the
// compare-and-branch instructions, in turn.
func TestBailOut(t *testing.T) {
	sets := map[string]func(bc.Op) bool{
		"slices": func(op bc.Op) bool { return op == bc.APPEND || op == bc.MAKE || op == bc.SLICE || op == bc.GETS },
		"calls":  func(op bc.Op) bool { return op == bc.CALL },
		"stores": func(op bc.Op) bool { return op == bc.SET || op == bc.SETG || op == bc.GSTORE || op == bc.SET2 },
		"jumps":  func(op bc.Op) bool { return op == bc.JLT || op == bc.JLTK || op == bc.JNE || op == bc.JF },
	}
	for _, file := range programs(t) {
		if !short(file) {
			continue
		}
		prog, err := vm.CompileFile(file)
		require.NoError(t, err)
		want := run(t, prog, none)
		for name, bails := range sets {
			var out bytes.Buffer
			m := vm.New(prog, vm.Options{Stdout: &out})
			for fn := range prog.Funcs {
				c, err := compile(prog, fn, options{bails: bails})
				require.NoError(t, err)
				m.Install(fn, c, 1, false)
			}
			err := m.Run()
			var trace strings.Builder
			if re, ok := err.(*vm.RuntimeError); ok {
				re.WriteTrace(&trace)
			}
			require.Equal(t, want.stdout, out.String(), "%s: %s", file, name)
			require.Equal(t, want.trace, trace.String(), "%s: %s", file, name)
			require.Equal(t, want.code, vm.ExitCode(err), "%s: %s", file, name)
		}
	}
}

// A runaway recursion stops with the interpreter's stack overflow, stack
// trace included, when its frames run L1 code.
func TestStackOverflow(t *testing.T) {
	prog, err := vm.Compile("deep.go", []byte(`package main

import "fmt"

func down(n int) int {
	if n < 0 {
		return 0
	}
	return down(n+1) + 1
}

func main() {
	fmt.Println(down(0))
}
`))
	require.NoError(t, err)
	want := runWith(t, prog, none, vm.Options{MaxFrames: 20000})
	require.Contains(t, want.trace, "fatal error: stack overflow")
	require.Equal(t, want, runWith(t, prog, all, vm.Options{MaxFrames: 20000}))
}

// Calls into and between L1 functions allocate nothing: a run of fib(22)
// allocates what a run of fib(5) does.
func TestCallsDoNotAllocate(t *testing.T) {
	allocs := func(n int) float64 {
		prog, err := vm.Compile("fib.go", []byte(strings.Replace(`package main

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func main() {
	s := 0
	for i := 0; i < 3; i++ {
		s += fib(N)
	}
	if s < 0 {
		panic("negative")
	}
}
`, "N", string(rune('0'+n/10))+string(rune('0'+n%10)), 1)))
		require.NoError(t, err)
		codes := compiled(t, prog)
		return testing.AllocsPerRun(5, func() {
			m := vm.New(prog, vm.Options{Stdout: io.Discard})
			for fn, c := range codes {
				m.Install(fn, c, 1, false)
			}
			require.NoError(t, m.Run())
		})
	}
	small, large := allocs(5), allocs(22)
	require.Equal(t, small, large, "allocations grow with the number of calls")
}

// An interrupt stops a loop without calls running in L1 code, at its back
// edge (the interpreter's line), and the heap limit holds for L1's
// allocations.
func TestStopsAndLimits(t *testing.T) {
	stop := func(src string, pick func(*bc.Program, int) bool, opts vm.Options, interrupt bool) (*vm.StopError, string) {
		prog, err := vm.Compile("stop.go", []byte(src))
		require.NoError(t, err)
		m := vm.New(prog, opts)
		for fn, c := range compiled(t, prog) {
			if pick(prog, fn) {
				m.Install(fn, c, 1, false)
			}
		}
		if interrupt {
			go func() {
				time.Sleep(50 * time.Millisecond)
				m.Interrupt(errors.New("interrupted"))
			}()
		}
		err = m.Run()
		var se *vm.StopError
		require.ErrorAs(t, err, &se)
		var trace strings.Builder
		for _, f := range se.Trace {
			fmt.Fprintf(&trace, "%s:%d\n", f.Func, f.Line)
		}
		return se, trace.String()
	}
	at := func(p *bc.Program, fn int) bool { return true }
	l0 := func(p *bc.Program, fn int) bool { return false }

	spin := `package main

import "fmt"

func spin(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += i ^ 3
	}
	return s
}

func main() {
	fmt.Println(spin(1 << 62))
}
`
	_, want := stop(spin, l0, vm.Options{}, true)
	require.Equal(t, "main.spin:7\nmain.main:14\n", want)
	se, got := stop(spin, at, vm.Options{}, true)
	require.Equal(t, "interrupted", se.Error())
	require.Equal(t, want, got)

	grow := `package main

import "fmt"

func main() {
	var s [][]int
	for i := 0; i < 1000000; i++ {
		s = append(s, make([]int, 1000))
	}
	fmt.Println(len(s))
}
`
	se, got = stop(grow, at, vm.Options{MaxHeap: 16 << 20}, false)
	var limit *vm.HeapLimitError
	require.ErrorAs(t, se, &limit)
	_, want = stop(grow, l0, vm.Options{MaxHeap: 16 << 20}, false)
	require.Equal(t, want, got)

	// An append to a global, one closure at L1 (globalAppend), stops at
	// its APPEND as the interpreter does.
	gappend := `package main

import "fmt"

var g []int

func push(v int) {
	v++
	g = append(g, v)
}

func main() {
	for i := 0; i < 1<<30; i++ {
		push(i)
	}
	fmt.Println(len(g))
}
`
	se, got = stop(gappend, at, vm.Options{MaxHeap: 16 << 20}, false)
	require.ErrorAs(t, se, &limit)
	_, want = stop(gappend, l0, vm.Options{MaxHeap: 16 << 20}, false)
	require.Equal(t, "main.push:9\nmain.main:14\n", want)
	require.Equal(t, want, got)
}

const frameLimitSrc = `package main

import "fmt"

func leaf(x int) int { return x + 1 }

func down(n int) int {
	if n == 0 {
		return leaf(n)
	}
	return down(n-1) + 1
}

func main() {
	fmt.Println(down(6))
}
`

// A call L1 inlined overflows the stack where the interpreter's would: a
// frame at the machine's frame limit runs in the interpreter (Code.fits),
// so leaf's call in the deepest down overflows at every level. Without
// that, L1 printed 7 with the limit at down's depth.
func TestInlinedCallAtFrameLimit(t *testing.T) {
	prog, err := vm.Compile("limit.go", []byte(frameLimitSrc))
	require.NoError(t, err)
	down := prog.FuncIndex("main.down")
	code, err := Compile(prog, down)
	require.NoError(t, err)
	require.Len(t, code.inlined, 1, "leaf is inlined into down")
	atLeaf := 0
	for limit := 6; limit <= 11; limit++ {
		opts := vm.Options{MaxFrames: limit}
		results := map[string]outcome{
			"L0":         runWith(t, prog, none, opts),
			"L1":         runWith(t, prog, all, opts),
			"down at L1": runWith(t, prog, func(fn int) bool { return fn == down }, opts),
		}
		require.Equal(t, results["L0"], results["L1"], "limit %d", limit)
		require.Equal(t, results["L0"], results["down at L1"], "limit %d", limit)
		if strings.Contains(results["L0"].trace, "stack overflow") && strings.Contains(results["L0"].trace, "limit.go:9") {
			atLeaf++ // the overflow is leaf's call (line 9)
		}
	}
	require.Equal(t, 1, atLeaf, "one limit makes leaf's call the one that overflows")
}

// An argument move before an inlined call is dropped only when nothing
// reads the parameter's register after the call: here (bytecode written by
// hand, which the front end never emits) main reads y's register after
// g, which leaves it as it was, so the move must stay. Exit status 5+5+7.
func TestInlinedArgumentReadAfterCall(t *testing.T) {
	g := &bc.Func{Name: "main.g", NumRegs: 2, Params: []*bc.Type{bc.Int, bc.Int}, Results: []*bc.Type{bc.Int},
		Code: []bc.Instr{bc.Make(bc.ADD, 0, 0, 0), bc.Make(bc.RET, 0, 0, 0)}}
	main := &bc.Func{Name: "main.main", NumRegs: 5, Code: []bc.Instr{
		bc.Make(bc.LOADI, 1, 0, 5),
		bc.Make(bc.LOADI, 2, 0, 7),
		bc.Make(bc.MOVE, 3, 1, 0),
		bc.Make(bc.MOVE, 4, 2, 0), // y, read again after the call
		bc.Make(bc.CALL, 3, 0, 0),
		bc.Make(bc.ADD, 0, 3, 4),
		bc.Make(bc.EXIT, 0, 0, 0),
	}}
	init := &bc.Func{Name: "main.init", NumRegs: 1, Code: []bc.Instr{bc.Make(bc.RET, 0, 0, 0)}}
	for _, f := range []*bc.Func{g, main, init} {
		f.Lines = make([]int32, len(f.Code))
	}
	prog := &bc.Program{File: "hand.go", Funcs: []*bc.Func{g, main, init}, Main: 1, Init: 2}
	require.NoError(t, bc.Verify(prog))
	code, err := Compile(prog, 1)
	require.NoError(t, err)
	require.Len(t, code.inlined, 1, "g is inlined")
	want := run(t, prog, none)
	require.Equal(t, 17, want.code)
	require.Equal(t, want, run(t, prog, all))
}

const newerSelfSrc = `package main

import "fmt"

var s = []int{3}

func mid() int { return s[0] } // not inlined: s[0] can fail

func rec(n int) int {
	if n == 0 {
		return 0
	}
	if n == 50 {
		return mid() + rec(n-1)
	}
	return rec(n-1) + n%7
}

func main() {
	fmt.Println(rec(100))
}
`

// A function's calls of itself run the code installed last: once newer
// code of rec is installed halfway down its recursion, the older code's
// next self call enters the newer code (the run loop's shortcut to the
// callee's block, block.callee, holds only while the code is its own).
func TestSelfCallRunsNewerCode(t *testing.T) {
	prog, err := vm.Compile("newer.go", []byte(newerSelfSrc))
	require.NoError(t, err)
	want := run(t, prog, none)
	rec := prog.FuncIndex("main.rec")
	first, err := Compile(prog, rec)
	require.NoError(t, err)
	newer, err := compile(prog, rec, options{counted: true})
	require.NoError(t, err)
	midCode, err := Compile(prog, prog.FuncIndex("main.mid"))
	require.NoError(t, err)
	var out bytes.Buffer
	m := vm.New(prog, vm.Options{Stdout: &out})
	m.Install(rec, first, 1, false)
	m.Install(prog.FuncIndex("main.mid"), installer{midCode, func(m *vm.Machine) {
		m.Install(rec, newer, 1, false)
	}}, 1, false)
	require.NoError(t, m.Run())
	require.Equal(t, want.stdout, out.String())
	var runs uint64
	for _, n := range newer.counts {
		runs += n
	}
	require.Positive(t, runs, "the newer code ran the calls below n = 50")
}

// An append to a global the way the front end never writes it (bytecode by
// hand): the move before the APPEND fills another register than the one
// the APPEND reads, so it is no part of the append, and the slice
// registers the append leaves are read after it. Both must be as the
// interpreter leaves them (globalAppend). Exit status 3 + 1 + 1.
func TestGlobalAppendByHand(t *testing.T) {
	main := &bc.Func{Name: "main.main", NumRegs: 6, Code: []bc.Instr{
		bc.Make(bc.LOADI, 1, 0, 5),
		bc.Make(bc.GETGS, 0, 0, 0),
		bc.Make(bc.MOVE, 4, 1, 0), // the value appended: g = [5]
		bc.Make(bc.APPEND, 0, 4, 1<<2|int(bc.ElemWord)),
		bc.Make(bc.MOVES, 5, 0, 0),
		bc.Make(bc.SETGS, 5, 0, 0),
		bc.Make(bc.LEN, 2, 0, 0), // len of both slice registers: 1
		bc.Make(bc.LEN, 3, 5, 0),
		bc.Make(bc.LOADI, 4, 0, 3),
		bc.Make(bc.GETGS, 0, 0, 0),
		bc.Make(bc.MOVE, 5, 1, 0), // not the APPEND's register: g = [5, 3]
		bc.Make(bc.APPEND, 0, 4, 1<<2|int(bc.ElemWord)),
		bc.Make(bc.MOVES, 5, 0, 0),
		bc.Make(bc.SETGS, 5, 0, 0),
		bc.Make(bc.GETGS, 1, 0, 0),
		bc.Make(bc.LOADI, 0, 0, 1),
		bc.Make(bc.GET, 0, 1, 0), // g[1]: 3
		bc.Make(bc.ADD, 0, 0, 2),
		bc.Make(bc.ADD, 0, 0, 3),
		bc.Make(bc.EXIT, 0, 0, 0),
	}}
	init := &bc.Func{Name: "main.init", NumRegs: 1, Code: []bc.Instr{bc.Make(bc.RET, 0, 0, 0)}}
	for _, f := range []*bc.Func{main, init} {
		f.Lines = make([]int32, len(f.Code))
	}
	prog := &bc.Program{File: "hand.go", Funcs: []*bc.Func{main, init}, Main: 0, Init: 1,
		Globals: []bc.Global{{Name: "main.g", Type: bc.SliceOf(bc.Int), Index: 0}}, NumSGlobal: 1}
	require.NoError(t, bc.Verify(prog))
	code, err := Compile(prog, 0)
	require.NoError(t, err)
	require.Contains(t, code.String(), "gappend", "the first append is one closure")
	want := run(t, prog, none)
	require.Equal(t, 5, want.code)
	require.Equal(t, want, run(t, prog, all))
}

// A scan loop whose first step is fused with it (scanFrom) hands the end
// of its first batch to the loop through an edge that polls at the loop's
// test, as the interpreter does at its backward branch: an interrupt
// pending from the start stops both there (line 9, not the post
// statement's line 10). (d is 0: the loop never ends.)
func TestScanFromPollsAtTheTest(t *testing.T) {
	src := `package main

import "fmt"

func main() {
	s := []int{1, 2}
	i, d := len(s)-2, len(s)-2
	j := i
	for i += d; s[i] < 5;
		i += d {
	}
	fmt.Println(i, j)
}
`
	prog, err := vm.Compile("scan.go", []byte(src))
	require.NoError(t, err)
	code, err := Compile(prog, prog.Main)
	require.NoError(t, err)
	require.Contains(t, code.String(), "r1 = r1 + r2; if s0[r1] < 5 goto b1 else b3 ; self scan", "the first step is the scan")
	trace := func(l1 bool) string {
		m := vm.New(prog, vm.Options{})
		if l1 {
			m.Install(prog.Main, code, 1, false)
		}
		m.Interrupt(errors.New("interrupted"))
		var se *vm.StopError
		require.ErrorAs(t, m.Run(), &se)
		var b strings.Builder
		for _, f := range se.Trace {
			fmt.Fprintf(&b, "%s:%d\n", f.Func, f.Line)
		}
		return b.String()
	}
	want := trace(false)
	require.Equal(t, "main.main:9\n", want)
	require.Equal(t, want, trace(true))
}
