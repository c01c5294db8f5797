package vm

import (
	"bufio"
	"fmt"
	"io"
	"runtime"
	"sync/atomic"

	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// DefaultMaxFrames is the call depth at which a run stops with a stack
// overflow. Go programs recurse to depths of millions; this keeps a runaway
// recursion from eating all memory while letting deep ones (100000) run.
const DefaultMaxFrames = 1_000_000

// Options configure one run. The zero value runs with output discarded.
type Options struct {
	Stdout    io.Writer // the program's standard output
	MaxFrames int       // call depth limit; 0 means DefaultMaxFrames
	CountOps  bool      // count the bytecodes each function executes (the exact profile)
	MaxHeap   int64     // stop when the program's heap exceeds this many bytes; 0: no limit

	// OnStart is called on the VM's OS thread, locked for the run, before the
	// program starts: tid is that thread's id, and current is where the
	// interpreter publishes the running function's index (-1 for none).
	OnStart func(tid int, current *atomic.Int32)
	// OnStop is called on the same thread after the program stops.
	OnStop func()
}

// frame is one activation: the function, the pc to resume at (for frames
// below the top), and the first register of its window.
type frame struct {
	fn   int
	pc   int
	base int
}

// Machine runs one program. It is not safe for concurrent use; the profiler
// reads only Current.
type Machine struct {
	prog      *bc.Program
	opts      Options
	out       *bufio.Writer
	maxFrames int
	file      string // absolute source path, for stack traces

	regs     []uint64 // scalar registers of all frames
	sregs    []Slice  // slice registers of all frames, same indexing
	globals  []uint64
	sglobals []Slice
	frames   []frame // the frame stack's storage: frames[:depth] are live
	depth    int
	funcs    []*bc.Func

	// The running frame, kept here rather than in the loop's locals, since
	// only calls and returns touch them.
	fn, base int
	seg      int // with CountOps: first pc of the straight run being counted
	stop     int // the innermost interpreter loop ends when the frame at this depth returns

	// Compiled code of each function, and the tier state word the
	// interpreter checks on calls and backward jumps (tier.go).
	code       []atomic.Pointer[installed]
	state      []atomic.Uint32
	osrEntries []int // per function: running frames moved to compiled code at a loop header (from the interpreter or older code)

	current   atomic.Int32 // index of the running function, -1 when none
	stopCause atomic.Pointer[error]
	heap      heapMeter
	counts    []uint64 // bytecodes executed per function (CountOps)
	tierData  [4]any   // per tier level (TierData)
}

// New prepares a machine for prog, which must have passed bytecode.Verify
// (Compile's output has).
func New(prog *bc.Program, opts Options) *Machine {
	if opts.Stdout == nil {
		opts.Stdout = io.Discard
	}
	m := &Machine{
		prog:       prog,
		opts:       opts,
		out:        bufio.NewWriterSize(opts.Stdout, 64<<10),
		maxFrames:  opts.MaxFrames,
		file:       absPath(prog.File),
		regs:       make([]uint64, 1024),
		sregs:      make([]Slice, 1024),
		globals:    make([]uint64, prog.NumGlobals),
		sglobals:   make([]Slice, prog.NumSGlobal),
		funcs:      prog.Funcs,
		code:       make([]atomic.Pointer[installed], len(prog.Funcs)),
		state:      make([]atomic.Uint32, len(prog.Funcs)),
		osrEntries: make([]int, len(prog.Funcs)),
	}
	m.heap.limit = opts.MaxHeap
	if m.maxFrames <= 0 {
		m.maxFrames = DefaultMaxFrames
	}
	// No more than the limit: growFrames checks it only when the storage
	// is full (a limit below 64 was not enforced).
	m.frames = make([]frame, min(64, m.maxFrames))
	if opts.CountOps {
		m.counts = make([]uint64, len(prog.Funcs))
	}
	m.current.Store(-1)
	return m
}

// Program returns the program the machine runs.
func (m *Machine) Program() *bc.Program { return m.prog }

// Counts returns the bytecodes executed per function (with CountOps).
func (m *Machine) Counts() []uint64 { return m.counts }

// Run runs the program's initialisation and main on a locked OS thread and
// returns nil, an *ExitError for os.Exit, or a *RuntimeError for a panic.
// The program's output is flushed before Run returns.
func (m *Machine) Run() (err error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if m.opts.OnStart != nil {
		m.opts.OnStart(gettid(), &m.current)
	}
	if m.opts.OnStop != nil {
		defer m.opts.OnStop()
	}
	// A Go panic out of the run is a bug in jitvm: the program's output so
	// far is written before it goes on up (a Go program's would be).
	returned := false
	defer func() {
		if !returned {
			m.out.Flush()
		}
	}()
	err = m.runEntry(m.prog.Init)
	if err == nil {
		err = m.runEntry(m.prog.Main)
	}
	returned = true
	if ferr := m.out.Flush(); ferr != nil && err == nil {
		err = fmt.Errorf("writing output: %w", ferr)
	}
	return err
}

// grow makes the register file hold at least n registers.
func (m *Machine) grow(n int) {
	size := len(m.regs)
	for size < n {
		size *= 2
	}
	regs := make([]uint64, size)
	copy(regs, m.regs)
	sregs := make([]Slice, size)
	copy(sregs, m.sregs)
	m.regs, m.sregs = regs, sregs
}

// growFrames makes room for one more frame, up to maxFrames; it reports
// false when the stack is full.
func (m *Machine) growFrames() bool {
	if m.depth < len(m.frames) {
		return true
	}
	if m.depth >= m.maxFrames {
		return false
	}
	frames := make([]frame, min(2*len(m.frames), m.maxFrames))
	copy(frames, m.frames)
	m.frames = frames
	return true
}

// trace builds the program stack trace; the top frame's pc is pc.
func (m *Machine) trace(pc int) []TraceFrame {
	var out []TraceFrame
	for i := m.depth - 1; i >= 0; i-- {
		fr := m.frames[i]
		at := fr.pc - 1
		if i == m.depth-1 {
			at = pc - 1
		}
		f := m.prog.Funcs[fr.fn]
		out = append(out, TraceFrame{Func: f.Name, File: m.file, Line: f.LineAt(at)})
		if len(out) == 100 && i > 10 {
			// Like Go, do not print a million frames: keep the top and the bottom.
			for j := 9; j >= 0; j-- {
				fr := m.frames[j]
				f := m.prog.Funcs[fr.fn]
				out = append(out, TraceFrame{Func: f.Name, File: m.file, Line: f.LineAt(fr.pc - 1)})
			}
			break
		}
	}
	return out
}
