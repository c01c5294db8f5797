package jit

import (
	"bytes"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/jitvm/jitvm/jit/l1"
	"github.com/jitvm/jitvm/profiler"
	"github.com/jitvm/jitvm/vm"
	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// interpCode is a stand-in tier that runs functions in the interpreter
// through the tier interface, so the controller can be tested without a
// compiler.
type interpCode struct{}

func (interpCode) Enter(m *vm.Machine, base, pc int) { m.Interpret(pc) }
func (interpCode) CanEnter(int) bool                 { return true }

func fakeTier(level int, speedup float64) Tier {
	return Tier{
		Level: level, Name: "interp",
		Compile: func(*bc.Program, int, Hints) (vm.Code, error) { return interpCode{}, nil },
		Model:   Model{Speedup: speedup, CompilePerOp: time.Microsecond, CompileFixed: 10 * time.Microsecond},
	}
}

const hotProgramSrc = `package main

import "fmt"

const N = %d

func mix(x int) int {
	return (x*31 + 7) %% 1000003
}

func main() {
	x := 1
	s := 0
	for i := 0; i < N; i++ {
		if i < N/3 {
			x = mix(x)
		}
		s += x & 7
	}
	fmt.Println(x, s)
}
`

// hotProgram loops for about a second in the interpreter (less under the
// race detector, which slows it 50x).
var hotProgram = func() string {
	n := 30000000
	if raceEnabled {
		n = 1500000
	}
	return fmt.Sprintf(hotProgramSrc, n)
}()

// run runs src with the profiler feeding a controller and returns the
// output and the JIT's report.
func run(t *testing.T, src, source string, opts Options) (string, Report, *profiler.Profile) {
	t.Helper()
	prog, err := vm.Compile("hot.go", []byte(src))
	require.NoError(t, err)
	var out bytes.Buffer
	var ctl *Controller
	var sess *profiler.Session
	m := vm.New(prog, vm.Options{
		Stdout: &out,
		OnStart: func(tid int, cur *atomic.Int32) {
			ctl.Start(tid)
			sess, err = profiler.Start(profiler.Target{Tid: tid, Current: cur, NumFuncs: len(prog.Funcs)},
				profiler.Options{Source: source, OnSample: ctl.OnSample})
			require.NoError(t, err)
		},
		OnStop: func() { sess.Stop() },
	})
	ctl, err = New(m, prog, opts)
	require.NoError(t, err)
	require.NoError(t, m.Run())
	return out.String(), ctl.Stop(), sess.Stop()
}

// The controller tiers up the hot function from samples, and moves main's
// running loop to compiled code by on-stack replacement.
func TestControllerTiersUpFromSamples(t *testing.T) {
	for _, source := range []string{"perf-sw", "timer"} {
		t.Run(source, func(t *testing.T) {
			out, rep, prof := run(t, hotProgram, source, Options{Tiers: []Tier{fakeTier(1, 2)}})
			require.Equal(t, hotOutput, out)
			require.Positive(t, prof.Samples)
			byFunc := map[string]Event{}
			for _, e := range rep.Events {
				byFunc[e.Func] = e
				require.Equal(t, 1, e.To)
				require.Positive(t, e.Samples)
				// The first tier-up comes within 20 ms of CPU time of the
				// function's first sample.
				require.Less(t, e.AtCPU-e.FirstHot, 20*time.Millisecond, "%+v", e)
			}
			require.Contains(t, byFunc, "main.main")
			require.Contains(t, byFunc, "main.mix")
			require.Equal(t, 1, byFunc["main.main"].OSR, "main's loop moved to compiled code once")
			require.Empty(t, rep.NotCompiled)
		})
	}
}

// A frame running L1 code moves to L2 code at a loop header: with L2's
// compile cost set so that the first samples pay only for L1, main's loop
// goes L0 -> L1 -> L2, each time by on-stack replacement.
func TestControllerMovesL1FrameToL2(t *testing.T) {
	tiers := DefaultTiers(TierOptions{})
	if tiers[1].Unavailable != "" {
		t.Skip("L2 is not available here: " + tiers[1].Unavailable)
	}
	// One sample (1 ms) saves 0.29 ms at L1 (Speedup 1.4) and cannot pay
	// for L2's 8 ms; about ten samples at L1 do (main runs some 100 ms
	// there). Ten fresh samples cannot come at once: perf's reader drops
	// samples more than 2 ms late.
	tiers[1].Model.CompileFixed = 8 * time.Millisecond
	out, rep, _ := run(t, hotProgram, "perf-sw", Options{Tiers: tiers})
	require.Equal(t, hotOutput, out)
	var steps []string
	var last Event
	for _, e := range rep.Events {
		if e.Func == "main.main" {
			steps = append(steps, fmt.Sprintf("L%d->L%d", e.From, e.To))
			last = e
		}
	}
	require.Equal(t, []string{"L0->L1", "L1->L2"}, steps)
	require.Equal(t, 2, last.OSR, "main's running frame moved twice: to L1, then to L2")
}

func TestForcedLevel(t *testing.T) {
	failing := fakeTier(2, 8)
	failing.Compile = func(_ *bc.Program, fn int, _ Hints) (vm.Code, error) {
		return nil, errUnsupported
	}
	out, rep, _ := run(t, hotProgram, "off", Options{Level: "2", Tiers: []Tier{fakeTier(1, 2), failing}})
	require.Equal(t, hotOutput, out)
	require.NotEmpty(t, rep.Events)
	for _, e := range rep.Events {
		require.True(t, e.Forced)
		require.Equal(t, 1, e.To, "L2 failed, so L1")
	}
	require.NotEmpty(t, rep.NotCompiled)
	require.Contains(t, rep.NotCompiled[0].Reason, "L2 cannot compile it: unsupported")

	prog, _ := vm.Compile("hot.go", []byte(hotProgram))
	_, err := New(vm.New(prog, vm.Options{}), prog, Options{Level: "3", Tiers: []Tier{fakeTier(1, 2)}})
	require.ErrorContains(t, err, "there is no level 3")
	_, err = New(vm.New(prog, vm.Options{}), prog, Options{Level: "x"})
	require.Error(t, err)
}

type testError string

func (e testError) Error() string { return string(e) }

const errUnsupported = testError("unsupported")

// hotOutput is what hotProgram prints (checked against go run).
var hotOutput = map[bool]string{false: "983433 54999903\n", true: "427958 7750667\n"}[raceEnabled]

const leafProgram = `package main

import "fmt"

func leaf(i, j int) int {
	return (i+j)*(i+j+1)/2 + i
}

func caller(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += leaf(i, n)
	}
	return s
}

func main() {
	fmt.Println(caller(10))
}
`

// inliningTier is a fake L2 that asks the hints about every call, as l2
// does, and records what it was told; block, if not nil, holds each
// compile, once it has asked (a send on asked), until block is closed.
type inliningTier struct {
	mu      sync.Mutex
	inlined map[int][]bool // caller -> per compile: was the leaf inlined
	block   chan struct{}
	asked   chan struct{}
}

func (it *inliningTier) tier(prog *bc.Program) Tier {
	t := fakeTier(2, 10)
	t.Compile = func(p *bc.Program, fn int, h Hints) (vm.Code, error) {
		for _, in := range p.Funcs[fn].Code {
			if in.Op() == bc.CALL {
				ok := h.Inline(in.B())
				it.mu.Lock()
				it.inlined[fn] = append(it.inlined[fn], ok)
				it.mu.Unlock()
			}
		}
		if it.block != nil {
			it.asked <- struct{}{}
			<-it.block
		}
		return interpCode{}, nil
	}
	return t
}

// waitEvents waits until the controller has recorded n tier-ups.
func waitEvents(t *testing.T, c *Controller, n int) {
	t.Helper()
	require.Eventually(t, func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		return len(c.events) >= n
	}, 5*time.Second, time.Millisecond)
}

// A caller compiled before its small callee had a sample calls it; when
// the callee is first sampled (after, or while, the caller compiles), the
// caller is compiled again, once, inlining it, and the report says why.
func TestRecompileToInline(t *testing.T) {
	for _, during := range []bool{false, true} {
		t.Run(fmt.Sprintf("sampled during compile=%v", during), func(t *testing.T) {
			prog, caller, leaf := compileLeafProgram(t)
			it := &inliningTier{inlined: map[int][]bool{}}
			if during {
				it.block, it.asked = make(chan struct{}), make(chan struct{}, 3)
			}
			// One sample compiles: this is about recompiling.
			c, err := New(vm.New(prog, vm.Options{}), prog, Options{Tiers: []Tier{it.tier(prog)}, MinSamples: 1})
			require.NoError(t, err)
			c.Start(os.Getpid())
			c.OnSample(int32(caller))
			if during {
				<-it.asked // the caller's compile turned the leaf down
				c.OnSample(int32(leaf))
				close(it.block)
			} else {
				waitEvents(t, c, 1)
				c.OnSample(int32(leaf))
			}
			waitEvents(t, c, 3)
			for range 10 { // more samples: no more recompiles
				c.OnSample(int32(caller))
				c.OnSample(int32(leaf))
			}
			rep := c.Stop()
			require.Equal(t, []bool{false, true}, it.inlined[caller], "called, then inlined")
			var recompiles []Event
			for _, e := range rep.Events {
				if e.Reason != "" {
					recompiles = append(recompiles, e)
				}
			}
			require.Len(t, rep.Events, 3, "%+v", rep.Events)
			require.Len(t, recompiles, 1, "%+v", rep.Events)
			require.Equal(t, "main.caller", recompiles[0].Func)
			require.Equal(t, 2, recompiles[0].From)
			require.Equal(t, 2, recompiles[0].To)
			require.Contains(t, recompiles[0].Reason, "inline main.leaf")
		})
	}
}

// A function's first sample alone compiles nothing (it is often a stray);
// its second does. Stop finishes the compiles queued before it, so the
// report is exact.
func TestMinSamples(t *testing.T) {
	prog, caller, _ := compileLeafProgram(t)
	for samples, want := range []int{0, 0, 1, 1} {
		c, err := New(vm.New(prog, vm.Options{}), prog, Options{Tiers: []Tier{fakeTier(1, 2)}})
		require.NoError(t, err)
		c.Start(os.Getpid())
		for range samples {
			c.OnSample(int32(caller))
		}
		rep := c.Stop()
		require.Len(t, rep.Events, want, "%d samples: %+v", samples, rep.Events)
	}
}

// compileLeafProgram compiles leafProgram and finds its caller and leaf.
func compileLeafProgram(t *testing.T) (prog *bc.Program, caller, leaf int) {
	prog, err := vm.Compile("leaf.go", []byte(leafProgram))
	require.NoError(t, err)
	caller, leaf = -1, -1
	for i, f := range prog.Funcs {
		switch f.Name {
		case "main.caller":
			caller = i
		case "main.leaf":
			leaf = i
		}
	}
	return prog, caller, leaf
}

// TestStopDuringCompile stops the controller while a compile is under way
// whose caller turned down a callee sampled meanwhile: the compile lands
// after Stop closed the work queue, and must not queue the recompilation
// (it panicked with "send on closed channel": fuzzer seed 96).
func TestStopDuringCompile(t *testing.T) {
	prog, caller, leaf := compileLeafProgram(t)
	it := &inliningTier{inlined: map[int][]bool{}, block: make(chan struct{}), asked: make(chan struct{}, 3)}
	c, err := New(vm.New(prog, vm.Options{}), prog, Options{Tiers: []Tier{it.tier(prog)}, MinSamples: 1})
	require.NoError(t, err)
	c.Start(os.Getpid())
	c.OnSample(int32(caller))
	<-it.asked // the caller's compile turned the leaf down
	c.OnSample(int32(leaf))
	stopped := make(chan Report)
	go func() { stopped <- c.Stop() }()
	// Until Stop has closed the queue (it then waits for the compile).
	for start := time.Now(); time.Since(start) < time.Second; time.Sleep(time.Millisecond) {
		c.mu.Lock()
		closed := c.work == nil
		c.mu.Unlock()
		if closed {
			break
		}
	}
	close(it.block)
	rep := <-stopped
	for _, e := range rep.Events {
		require.Empty(t, e.Reason, "a recompilation after Stop: %+v", rep.Events)
	}
}

// TestStopRightAfterStart stops controllers whose compiler goroutine may
// not have run yet: it must still see the work queue Start made (it read
// the field, which Stop had already cleared, and Stop waited for it
// forever: one run in ten of a short program hung).
func TestStopRightAfterStart(t *testing.T) {
	prog, _, _ := compileLeafProgram(t)
	for range 200 {
		c, err := New(vm.New(prog, vm.Options{}), prog, Options{Tiers: []Tier{(&inliningTier{inlined: map[int][]bool{}}).tier(prog)}})
		require.NoError(t, err)
		c.Start(os.Getpid())
		stopped := make(chan struct{})
		go func() { c.Stop(); close(stopped) }()
		select {
		case <-stopped:
		case <-time.After(10 * time.Second):
			t.Fatal("Stop did not return")
		}
	}
}

// A callee the caller's running L1 code inlined has no samples of its own
// (its time is the caller's), but it is hot: the caller's L2 compile is
// told to inline it too, rather than call it and be compiled again when
// the callee's first sample comes (as main in TestControllerMovesL1FrameToL2
// was, under the race detector).
func TestHintsFollowL1Inlining(t *testing.T) {
	prog, caller, leaf := compileLeafProgram(t)
	l1code, err := l1.Compile(prog, caller)
	require.NoError(t, err)
	require.Equal(t, []int{leaf}, l1code.Inlined(), "L1 inlines leaf")
	for _, installed := range []bool{false, true} {
		m := vm.New(prog, vm.Options{})
		if installed {
			m.Install(caller, l1code, 1, false)
		}
		it := &inliningTier{inlined: map[int][]bool{}}
		c, err := New(m, prog, Options{Tiers: []Tier{it.tier(prog)}, MinSamples: 1})
		require.NoError(t, err)
		c.Start(os.Getpid())
		c.OnSample(int32(caller))
		waitEvents(t, c, 1)
		c.Stop()
		require.Equal(t, []bool{installed}, it.inlined[caller], "L1 code installed: %v", installed)
	}
}

// A tier-up's event names the callees its code inlined (--stats: "inlines
// main.leaf"; --report: "inlined"), at L1 and at L2, and only in the
// function that calls them.
func TestEventsNameInlinedCallees(t *testing.T) {
	prog, _, _ := compileLeafProgram(t)
	tiers := DefaultTiers(TierOptions{})
	for _, level := range []string{"1", "2"} {
		if level == "2" && tiers[1].Unavailable != "" {
			t.Log("L2 is not available here: " + tiers[1].Unavailable)
			continue
		}
		c, err := New(vm.New(prog, vm.Options{}), prog, Options{Level: level, Tiers: tiers})
		require.NoError(t, err)
		inlined := map[string][]string{}
		for _, e := range c.Stop().Events {
			inlined[e.Func] = e.Inlined
		}
		require.Equal(t, []string{"main.leaf"}, inlined["main.caller"], "level %s", level)
		require.Empty(t, inlined["main.main"], "level %s", level)
		require.Empty(t, inlined["main.leaf"], "level %s", level)
	}
}

const callBoundSrc = `package main

import "fmt"

var calls int

func fib(n int) int {
	calls++
	seen := calls
	if n < 2 {
		return n
	}
	if seen < 0 {
		return -1
	}
	return fib(n-1) + fib(n-2)
}

func main() {
	fmt.Println(fib(%d))
}
`

// A function L1 would not make faster (l1.CallBound: no loop, no guard,
// no calls it does not inline: fib counting its calls, and reading the
// count after its quick return's test, which leaves it no guard) stays in the
// interpreter when L1 is the top tier, and
// the report says why; with L2 it goes to L2 (TestControllerMovesL1FrameToL2
// and cmd/jitvm's tests cover that).
func TestControllerLeavesCallBoundFunctionAtL0(t *testing.T) {
	n := 30 // some 40 ms in the interpreter: 40 timer samples
	if raceEnabled {
		n = 24
	}
	tiers := DefaultTiers(TierOptions{})[:1]
	out, rep, prof := run(t, fmt.Sprintf(callBoundSrc, n), "timer", Options{Tiers: tiers})
	require.Equal(t, fmt.Sprintln(map[int]int{24: 46368, 30: 832040}[n]), out)
	require.Positive(t, prof.Samples)
	for _, e := range rep.Events {
		require.NotEqual(t, "main.fib", e.Func, "%+v", e)
	}
	var reasons []string
	for _, nc := range rep.NotCompiled {
		if nc.Func == "main.fib" {
			reasons = append(reasons, nc.Reason)
		}
	}
	require.Len(t, reasons, 1, "%+v", rep.NotCompiled)
	require.Contains(t, reasons[0], "L1 would not run it faster")

	// Without the estimate, the same run compiles fib at L1.
	tiers[0].Estimate = nil
	_, rep, _ = run(t, fmt.Sprintf(callBoundSrc, n), "timer", Options{Tiers: tiers})
	var to []int
	for _, e := range rep.Events {
		if e.Func == "main.fib" {
			to = append(to, e.To)
		}
	}
	require.Equal(t, []int{1}, to)
}
