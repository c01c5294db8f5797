package vm

import (
	"sync/atomic"

	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// Code is a function compiled by a tier above the interpreter (jit/).
//
// A tier runs a function in the same frame window the interpreter would
// (docs/ARCHITECTURE.md, "Frame layout"), so a frame can move between the
// interpreter and compiled code at a call, a return, or a loop header,
// without translation.
type Code interface {
	// Enter runs the function whose frame is on top of m's frame stack, with
	// its window at register base, from bytecode pc: 0 when it is called, or
	// a loop header when the interpreter hands over a running frame
	// (on-stack replacement). It returns when the function returns, with the
	// results in registers 0, 1, ... of the window. Runtime errors and
	// os.Exit leave through m.Raise and m.Exit, which do not return.
	Enter(m *Machine, base, pc int)
	// CanEnter reports whether Enter may start at bytecode pc.
	CanEnter(pc int) bool
}

// Tier state bits, one word per function, read by the interpreter on every
// call and backward jump.
const (
	stateCode uint32 = 1 << iota // compiled code is installed: calls run it
	stateOSR                     // move a frame running this function in the interpreter to its code at the next loop header
	stateStop                    // the run was interrupted (Interrupt): stop at the next call or loop header
)

// installed is a function's compiled code.
type installed struct {
	code  Code
	level int
}

// Install makes c the code of function fn: the next call of fn runs it, and
// with osr, a frame of fn running in the interpreter moves to c at its next
// loop header. Install is safe to call from any goroutine while the program
// runs (the JIT compiles in the background).
func (m *Machine) Install(fn int, c Code, level int, osr bool) {
	m.code[fn].Store(&installed{code: c, level: level})
	st := stateCode
	if osr {
		st |= stateOSR
	}
	m.state[fn].Or(st)
}

// Level returns the tier level of function fn's code: 0 for the interpreter.
func (m *Machine) Level(fn int) int {
	if c := m.code[fn].Load(); c != nil {
		return c.level
	}
	return 0
}

// OSREntries returns how many times a running frame of fn moved to
// compiled code at a loop header: from the interpreter, or from older
// compiled code (AtLoopHeader). Read it after Run.
func (m *Machine) OSREntries(fn int) int { return m.osrEntries[fn] }

// compiled returns fn's code, or nil.
func (m *Machine) compiled(fn int) Code {
	if c := m.code[fn].Load(); c != nil {
		return c.code
	}
	return nil
}

// unwind is what Raise and Exit panic with; Run recovers it.
type unwind struct{ err error }

// Raise stops the program with a runtime error raised by the instruction at
// pc of the function on top of the frame stack. It builds the program's
// stack trace and does not return.
func (m *Machine) Raise(err *RuntimeError, pc int) {
	e := *err
	e.Trace = m.trace(pc + 1)
	panic(unwind{&e})
}

// Exit stops the program as os.Exit(code) does. It does not return.
func (m *Machine) Exit(code int) {
	panic(unwind{&ExitError{Code: code}})
}

// Regs returns the register banks. A call may grow them, so code that keeps
// them must fetch them again after every call.
func (m *Machine) Regs() ([]uint64, []Slice) { return m.regs, m.sregs }

// Globals returns the scalar and slice globals.
func (m *Machine) Globals() ([]uint64, []Slice) { return m.globals, m.sglobals }

// Call calls function fn from compiled code: its frame starts at register
// base, and pc is the caller's CALL instruction (for stack traces). The
// callee runs compiled if it has code, in the interpreter otherwise.
func (m *Machine) Call(fn, base, pc int) { m.CallAt(fn, base, pc, 0) }

// CallAt is Call for a call that enters fn at bytecode pc entry, not 0: a
// tier that ran the start of fn in the caller (L1's guards, when they
// write a global) must not run it again. Compiled code that cannot start
// there (CanEnter) gives way to the interpreter for this call; every
// code can start at 0.
func (m *Machine) CallAt(fn, base, pc, entry int) {
	m.push(fn, base, pc+1)
	if c := m.compiled(fn); c != nil && (entry == 0 || c.CanEnter(entry)) {
		c.Enter(m, base, entry)
	} else {
		m.loop(m.depth, entry, false)
		return // loop popped the frame
	}
	m.pop()
}

// CodeOf returns fn's compiled code, or nil when fn runs in the
// interpreter.
func (m *Machine) CodeOf(fn int) Code { return m.compiled(fn) }

// Push and Pop are Call's frame handling, for a tier that runs calls of
// its own code itself rather than through Call (a Go call of Code.Enter per
// program call): Push enters a frame of fn at base, called by the
// instruction at pc of the running function (for stack traces), and stops
// the run with a stack overflow when the stack is full; Pop leaves it when
// fn has returned. The tier runs fn's code (CodeOf) from pc 0 in between,
// and must fetch the register banks again after Push (Regs).
func (m *Machine) Push(fn, base, pc int) { m.push(fn, base, pc+1) }

// PushFast is Push's common case, small enough for Go to inline into a
// tier's run loop: it enters the frame and reports true when neither the
// frame stack nor the register banks need to grow; otherwise it does
// nothing, and the tier calls Push. nregs is fn's NumRegs.
func (m *Machine) PushFast(fn, base, pc, nregs int) bool {
	d := m.depth
	if d >= len(m.frames) || base+nregs > len(m.regs) {
		return false
	}
	fr := m.frames[d-1 : d+1]
	fr[0].pc = pc + 1
	fr[1] = frame{fn: fn, base: base}
	m.depth = d + 1
	m.fn, m.base = fn, base
	m.publish(fn)
	return true
}

// Pop leaves the frame Push entered (see Push).
func (m *Machine) Pop() { m.pop() }

// TierData is storage for one tier's state that belongs to the machine
// rather than to its code (which machines share), such as the return
// stack of calls the tier runs itself (Push). level is the tier's.
func (m *Machine) TierData(level int) *any { return &m.tierData[level&3] }

// Interpret runs the rest of the function on top of the frame stack in the
// interpreter, from bytecode pc, and returns when it returns, leaving its
// frame on the stack as Enter does. Compiled code uses it to hand a frame
// back to the interpreter (bail out) at an instruction it does not handle.
func (m *Machine) Interpret(pc int) {
	m.loop(m.depth, pc, true)
}

// push enters a frame of fn at base; retpc is where the caller resumes.
// It grows the register banks and the frame stack first when they must,
// then enters the frame as PushFast does.
func (m *Machine) push(fn, base, retpc int) {
	nregs := m.funcs[fn].NumRegs
	if m.PushFast(fn, base, retpc-1, nregs) {
		return
	}
	if base+nregs > len(m.regs) {
		m.grow(base + nregs)
	}
	if !m.growFrames() {
		m.frames[m.depth-1].pc = retpc
		panic(unwind{m.stackOverflow()})
	}
	m.PushFast(fn, base, retpc-1, nregs) // there is room now
}

// pop leaves the top frame and returns to its caller's.
func (m *Machine) pop() {
	m.depth--
	if m.depth == 0 {
		m.current.Store(-1)
		return
	}
	top := &m.frames[m.depth-1]
	m.fn, m.base = top.fn, top.base
	m.publish(top.fn)
}

func (m *Machine) stackOverflow() *RuntimeError {
	e := &RuntimeError{Msg: "stack overflow", Fatal: true,
		Note: "runtime: goroutine stack exceeds " + itoa(m.maxFrames) + "-frame limit (jitvm --max-stack)"}
	e.Trace = m.trace(m.frames[m.depth-1].pc)
	return e
}

// Print runs print site site with its arguments in registers base.. of the
// register file.
func (m *Machine) Print(site, base int) {
	ps := &m.prog.Prints[site]
	n := len(ps.Args)
	m.print(m.out, ps, m.regs[base:base+n], m.sregs[base:base+n])
}

// PanicError is the error of a PANIC instruction of site site with value w.
func (m *Machine) PanicError(site int, w uint64) *RuntimeError {
	return &RuntimeError{Msg: panicValue(&m.prog.Panics[site], w)}
}

// Funcs returns the program's functions.
func (m *Machine) Funcs() []*bc.Func { return m.funcs }

// The runtime's operations, for compiled code: the same functions the
// interpreter uses, so every tier behaves alike.

// IndexError is the error of s[i] with len(s) == n.
func IndexError(i int64, n int) *RuntimeError { return indexError(i, n) }

// Index2Error is the error of a failed ss[i][j].
func Index2Error(ss []Slice, i, j uint64) *RuntimeError { return index2Error(ss, i, j) }

// SliceError is the error of a failed s[lo:hi] or s[lo:hi:max].
func SliceError(lo, hi, max int64, three bool, length, capacity int) *RuntimeError {
	return sliceError(lo, hi, max, three, length, capacity)
}

// MakeSlice is make([]E, n, c) for element kind k.
//
// Deprecated: use Machine.MakeSlice, which enforces Options.MaxHeap.
func MakeSlice(k bc.ElemKind, n, c int64) (Slice, *RuntimeError) { return makeSlice(k, n, c) }

// AppendWords is append(s, vals...) for scalar elements of kind k.
//
// Deprecated: use Machine.AppendWords, which enforces Options.MaxHeap.
func AppendWords(s Slice, k bc.ElemKind, vals []uint64) Slice { return appendWords(s, k, vals) }

// AppendSlices is append(s, vals...) for slice elements.
//
// Deprecated: use Machine.AppendSlices, which enforces Options.MaxHeap.
func AppendSlices(s Slice, vals []Slice) Slice { return appendSlices(s, vals) }

var _ = atomic.Uint32{}

// HeaderState is a function's tier state word as compiled code reads it at
// loop headers (Machine.HeaderState): one load, no call.
type HeaderState struct{ w *atomic.Uint32 }

// Pending reports whether the frame should call Machine.AtLoopHeader
// before it goes on: the run was interrupted, or newer code of the
// function asked for on-stack replacement.
func (h HeaderState) Pending() bool { return h.w.Load()&(stateOSR|stateStop) != 0 }

// HeaderState returns function fn's state word for Pending checks at loop
// headers. It stays valid for the machine's life.
func (m *Machine) HeaderState(fn int) HeaderState { return HeaderState{&m.state[fn]} }

// AtLoopHeader is what the interpreter, or compiled code of function fn,
// running in the frame on top of the frame stack, does at a loop header
// whose HeaderState is Pending. poll is the pc of the backward branch that
// reached the header (where an interrupt stops the program: it does not
// return then), header the header's pc. It returns the code the frame
// should move to, entering it at header (Code.Enter returns when the
// function has returned), or nil to go on where it is: running is the code
// the frame runs now (nil in the interpreter), and code installed since
// with osr that can enter at header is returned once (Replacement).
func (m *Machine) AtLoopHeader(fn int, running Code, poll, header int) Code {
	m.Poll(poll)
	if m.state[fn].Load()&stateOSR == 0 {
		return nil
	}
	m.state[fn].And(^stateOSR)
	return m.Replacement(fn, running, 0, header)
}

// Replacement is on-stack replacement of the code a frame runs by fn's
// installed code, for AtLoopHeader and for a tier whose frames can leave
// their code only at some loop headers (L2: where it exits to Go for
// preemption, having written the bytecode's state at the header back to
// the frame window; it calls Replacement at every such exit, whatever
// Install's osr flag says).
//
// The frame on top of the frame stack runs function fn in code running
// (nil: the interpreter) and is at loop header pc, with every value live
// there in its window. Replacement returns fn's installed code when that
// is not running, is of level minLevel or above, and can enter at pc; it
// then counts an entry (OSREntries), and the caller enters it there and
// leaves its own activation as if the function had returned. Otherwise it
// returns nil and the frame goes on where it is.
func (m *Machine) Replacement(fn int, running Code, minLevel, pc int) Code {
	in := m.code[fn].Load()
	if in == nil || in.code == running || in.level < minLevel || !in.code.CanEnter(pc) {
		return nil
	}
	m.osrEntries[fn]++
	return in.code
}
