// Package difftest runs a program in every way jitvm can run it and
// compares the runs: in-process at level 0 (the interpreter), with every
// function at L1, at L2, at a random mix of levels, with code installed
// in the middle of the run (on-stack replacement), and with the adaptive
// controller tiering up from real profiler samples (perf and timer
// sources); and, optionally, against the Go toolchain's binary. With
// vm/gen's generator and minimizer it is jitvm's random differential
// fuzzer (FuzzDifferential, cmd/jitvm-fuzz).
//
// It is a test harness, not part of the VM: it lives under vm/gen beside
// the generator but imports jit/ and profiler/ (which vm/ itself never
// does), like the tests of those packages.
package difftest

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jitvm/jitvm/jit"
	"github.com/jitvm/jitvm/jit/l1"
	"github.com/jitvm/jitvm/jit/l2"
	"github.com/jitvm/jitvm/profiler"
	"github.com/jitvm/jitvm/vm"
	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// Mode is one way of running a program in-process.
type Mode string

const (
	// L0 runs everything in the interpreter: the reference of the other
	// modes.
	L0 Mode = "L0"
	// L1 and L2 compile every function at that level before the run, as
	// jitvm run --level=N does (through the controller; a function L2
	// cannot compile drops to L1, which the outcome notes).
	L1 Mode = "L1"
	L2 Mode = "L2"
	// Mix installs each function at a level drawn from the seed (0, 1 or
	// 2) before the run: calls cross tiers in every direction.
	Mix Mode = "mix"
	// Staged starts every function in the interpreter, behind a tier stub
	// that counts calls; at call numbers drawn from the seed it installs
	// each function's L1 or L2 code with on-stack replacement, so running
	// frames move to compiled code at their next loop header (and for half
	// the functions at L1, L2 code later, which L1 frames move to). It is the
	// deterministic version of what the controller does.
	Staged Mode = "staged"
	// Auto is jitvm run --level=auto: the controller tiers functions up
	// from the profiler's samples (perf-sw here), with thresholds so low
	// that anything that runs a little gets compiled, L1 first and L2
	// after.
	Auto Mode = "auto"
	// AutoTimer is Auto with the timer sampler, which jitvm falls back to
	// when perf is denied (--deny-perf).
	AutoTimer Mode = "auto-timer"
)

// Modes are all the in-process modes, L0 first.
var Modes = []Mode{L0, L1, L2, Mix, Staged, Auto, AutoTimer}

// ParseModes parses a comma-separated list of modes; "all" means Modes.
func ParseModes(s string) ([]Mode, error) {
	if s == "" || s == "all" {
		return Modes, nil
	}
	var ms []Mode
	for _, name := range strings.Split(s, ",") {
		found := false
		for _, m := range Modes {
			if string(m) == name {
				ms = append(ms, m)
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown mode %q (want %v)", name, Modes)
		}
	}
	return ms, nil
}

// Outcome is what a run shows.
type Outcome struct {
	Stdout string `json:"stdout"`
	// Trace is the panic message and the program's stack trace, as
	// jitvm prints them; for the Go toolchain, its stderr.
	Trace string `json:"trace,omitempty"`
	Code  int    `json:"code"`
	// Crash says that the run itself failed: jitvm panicked, the run
	// timed out, a forced tier could not compile a function. Always a
	// difference.
	Crash string `json:"crash,omitempty"`
	// Notes are what is worth knowing but not a difference (functions a
	// tier did not compile).
	Notes []string `json:"notes,omitempty"`
	// AtLevel counts the functions at each level when the run ended, and
	// OSR the frames that moved from the interpreter to compiled code.
	AtLevel [3]int `json:"at_level"`
	OSR     int    `json:"osr"`
}

// errTimeout is the cause of the interrupt when a run exceeds its time.
var errTimeout = errors.New("difftest: run timed out")

// Run runs prog in-process in mode m. seed draws the levels of Mix and the
// installation points of Staged. A run longer than timeout is interrupted
// (at a call or loop header) and reported as a crash.
func Run(prog *bc.Program, m Mode, seed int64, timeout time.Duration) (o Outcome) {
	var out bytes.Buffer
	var session *profiler.Session
	var startErr error
	var ctl *jit.Controller
	opts := vm.Options{Stdout: &out, MaxHeap: 1 << 30}
	auto := m == Auto || m == AutoTimer
	if auto {
		source := profiler.SourceAuto
		if m == AutoTimer {
			source = profiler.SourceTimer
		}
		opts.OnStart = func(tid int, current *atomic.Int32) {
			ctl.Start(tid)
			session, startErr = profiler.Start(
				profiler.Target{Tid: tid, Current: current, NumFuncs: len(prog.Funcs), CodeMap: l2.NewCodeMap(prog)},
				profiler.Options{Source: source, Period: samplePeriod, OnSample: ctl.OnSample})
		}
		opts.OnStop = func() {
			if session != nil {
				session.Stop()
			}
		}
	}
	mach := vm.New(prog, opts)
	defer func() {
		// A Go panic out of Run is jitvm failing, not the program.
		if r := recover(); r != nil {
			o = Outcome{Stdout: out.String(), Crash: fmt.Sprintf("jitvm panicked: %v\n%s", r, debug.Stack())}
		}
	}()

	var notes []string
	switch m {
	case L0:
	case L1, L2:
		c, err := jit.New(mach, prog, jit.Options{Level: string(m[1:]), Tiers: jit.DefaultTiers(jit.TierOptions{})})
		if err != nil {
			return Outcome{Crash: err.Error()}
		}
		defer func() {
			for _, n := range c.Stop().NotCompiled {
				o.Notes = append(o.Notes, fmt.Sprintf("%s stays at L%d: %s", n.Func, n.Level, n.Reason))
			}
		}()
	case Mix:
		r := rand.New(rand.NewPCG(uint64(seed), 1))
		inline := inlineSet(prog, seed)
		for fn := range prog.Funcs {
			lvl := r.IntN(3)
			if lvl == 0 {
				continue
			}
			code, err := compile(prog, fn, lvl, inline)
			if err != nil {
				notes = append(notes, err.Error())
				continue
			}
			mach.Install(fn, code, lvl, false)
		}
	case Staged:
		s, err := newStager(prog, seed)
		if err != nil {
			notes = append(notes, err.Error())
		}
		for fn := range prog.Funcs {
			mach.Install(fn, s.stub, 0, false)
		}
	case Auto, AutoTimer:
		c, err := jit.New(mach, prog, jit.Options{Level: "auto", Period: samplePeriod, Tiers: eagerTiers(), MinSamples: 1})
		if err != nil {
			return Outcome{Crash: err.Error()}
		}
		ctl = c
		defer func() { c.Stop() }()
	default:
		return Outcome{Crash: fmt.Sprintf("unknown mode %q", m)}
	}

	if debugRuns {
		println("run", string(m))
	}
	timer := time.AfterFunc(timeout, func() { mach.Interrupt(errTimeout) })
	err := mach.Run()
	timer.Stop()
	o = Outcome{Stdout: out.String(), Code: vm.ExitCode(err), Notes: notes}
	for fn := range prog.Funcs {
		if l := mach.Level(fn); l >= 0 && l < len(o.AtLevel) {
			o.AtLevel[l]++
		}
		o.OSR += mach.OSREntries(fn)
	}
	var re *vm.RuntimeError
	var ee *vm.ExitError
	var se *vm.StopError
	switch {
	case err == nil, errors.As(err, &ee):
	case errors.As(err, &re):
		var b strings.Builder
		re.WriteTrace(&b)
		o.Trace = b.String()
	case errors.As(err, &se):
		// Where it stopped, innermost first, on the lines after the
		// first (a Diff's key uses the first line only).
		var b strings.Builder
		fmt.Fprintf(&b, "stopped: %v", se)
		for _, f := range se.Trace {
			fmt.Fprintf(&b, "\n\t%s (%s:%d)", f.Func, f.File, f.Line)
		}
		o.Crash = b.String()
	default:
		o.Crash = err.Error()
	}
	if startErr != nil {
		o.Notes = append(o.Notes, "profiler: "+startErr.Error())
	}
	return o
}

const debugRuns = false

// samplePeriod is the profiler's shortest period: programs run for
// milliseconds, and the controller should see them.
const samplePeriod = profiler.MinPeriod

// eagerTiers are the default tiers with models that make the controller
// compile anything it sees a sample of: L1 at once (it costs nothing in the
// model), L2 once a function has run at L1 for a while.
func eagerTiers() []jit.Tier {
	ts := jit.DefaultTiers(jit.TierOptions{})
	for i := range ts {
		switch ts[i].Level {
		case 1:
			ts[i].Model = jit.Model{Speedup: 2}
		case 2:
			ts[i].Model = jit.Model{Speedup: 3, CompileFixed: 20 * time.Microsecond}
		}
	}
	return ts
}

// compile compiles function fn at level lvl, directly with the tier.
// inlineSet draws from seed the callees L2 may inline (the controller
// inlines those with samples): some inlined and some called, as in an
// adaptive run, where the set depends on when samples arrived.
func inlineSet(prog *bc.Program, seed int64) func(int) bool {
	r := rand.New(rand.NewPCG(uint64(seed), 3))
	set := make([]bool, len(prog.Funcs))
	for fn := range set {
		set[fn] = r.IntN(2) == 0
	}
	return func(callee int) bool {
		return callee >= 0 && callee < len(set) && set[callee] && len(prog.Funcs[callee].Code) <= inlineMaxOps
	}
}

// inlineMaxOps is jit's limit on the size of an inlined callee.
const inlineMaxOps = 24

func compile(prog *bc.Program, fn, lvl int, inline func(int) bool) (vm.Code, error) {
	switch lvl {
	case 1:
		c, err := l1.Compile(prog, fn)
		if err != nil {
			return nil, err
		}
		return c, nil
	case 2:
		if err := l2.Available(); err != nil {
			return nil, err
		}
		c, err := l2.Compile(prog, fn, l2.Options{Inline: inline})
		if err != nil {
			return nil, err
		}
		return c, nil
	}
	return nil, fmt.Errorf("no level %d", lvl)
}

// stager installs compiled code in the middle of a run: every function
// starts behind stub, which counts calls and runs the function in the
// interpreter; when the count reaches a function's installation point,
// its code is installed with on-stack replacement. Half the functions
// staged at L1 get L2 code at a later point.
type stager struct {
	stub  stub
	mu    sync.Mutex
	calls int
	plan  []stage // by call number
}

type stage struct {
	at    int
	fn    int
	code  vm.Code
	level int
}

type stub struct{ s *stager }

func (t stub) Enter(m *vm.Machine, base, pc int) {
	t.s.tick(m)
	m.Interpret(pc)
}

func (stub) CanEnter(int) bool { return true }

func newStager(prog *bc.Program, seed int64) (*stager, error) {
	s := &stager{}
	s.stub = stub{s}
	r := rand.New(rand.NewPCG(uint64(seed), 2))
	var errs []error
	inline := inlineSet(prog, seed)
	points := []int{0, 1, 2, 3, 5, 10, 30, 100, 1000}
	for fn := range prog.Funcs {
		if r.IntN(5) == 0 {
			continue // stays in the interpreter
		}
		lvl := 1 + r.IntN(2)
		code, err := compile(prog, fn, lvl, inline)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		at := r.IntN(len(points))
		s.plan = append(s.plan, stage{at: points[at], fn: fn, code: code, level: lvl})
		if lvl == 1 && at < len(points)-1 && r.IntN(2) == 0 {
			// Later, L2 code too: frames running the L1 code move to it
			// at their next loop header.
			if code, err := compile(prog, fn, 2, inline); err == nil {
				at2 := at + 1 + r.IntN(len(points)-at-1)
				s.plan = append(s.plan, stage{at: points[at2], fn: fn, code: code, level: 2})
			}
		}
	}
	return s, errors.Join(errs...)
}

// tick counts a call and installs what is due.
func (s *stager) tick(m *vm.Machine) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	rest := s.plan[:0]
	for _, st := range s.plan {
		if st.at <= s.calls {
			m.Install(st.fn, st.code, st.level, true)
		} else {
			rest = append(rest, st)
		}
	}
	s.plan = rest
}
