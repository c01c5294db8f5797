package l1

import (
	"fmt"
	"os"
	"unsafe"

	"github.com/jitvm/jitvm/vm"
	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// block is a basic block (with the blocks it continues into: a superblock)
// compiled to a chain.
type block struct {
	run chainFn

	// A call the run loop makes (run is nil): the moves pre, m.Call(fn,
	// base+a, pc), the moves post, then next. Moving arguments and results
	// here costs no closure.
	fn, a, pc int
	next      *block
	pre, post []move

	ret bool // the block only returns: branches to it return nil

	// The pc the run loop polls for an interrupt at before it runs the
	// block: a call's, or a backward branch's (edges, see branch).
	poll int

	// For the text form.
	start, end int // bytecode pcs
	id         int
	lines      []line
	ops        int // bytecodes the chain covers
}

// move is R(dst) = x for a register or constant x.
type move struct {
	dst uintptr
	x   leaf
}

// Code is a function compiled by L1. It implements vm.Code. It is immutable
// once compiled, so one Code can run in any number of frames and machines at
// once.
type Code struct {
	prog   *bc.Program
	fn     int
	f      *bc.Func
	at     []*block // pc -> block starting there (nil inside blocks)
	blocks []*block // in pc order

	closures int // closures built, for the text form
	bails    int // instructions left to the interpreter

	counts []uint64 // with options.counted, the runs of each block
}

var _ vm.Code = (*Code)(nil)

// Compile compiles function fn of prog. A function L1 cannot compile comes
// back with an error saying why; with every opcode handled, that is only a
// program that failed verification.
func Compile(prog *bc.Program, fn int) (*Code, error) {
	return compile(prog, fn, options{})
}

// options are compile options for tests and measurements.
type options struct {
	bails   func(bc.Op) bool // instructions to leave to the interpreter
	counted bool             // count each block's runs (Code.counts)
}

// compile is Compile with options.
func compile(prog *bc.Program, fn int, opts options) (c *Code, err error) {
	if fn < 0 || fn >= len(prog.Funcs) {
		return nil, fmt.Errorf("l1: no function %d", fn)
	}
	f := prog.Funcs[fn]
	if len(f.Code) == 0 || f.NumRegs <= 0 {
		return nil, fmt.Errorf("l1: %s: empty function", f.Name)
	}
	defer func() {
		// The verifier guarantees what the compiler relies on; a panic here
		// is a program that did not pass it, or a bug in L1.
		if r := recover(); r != nil {
			if os.Getenv("L1_PANIC") != "" {
				panic(r)
			}
			c, err = nil, fmt.Errorf("l1: %s: %v", f.Name, r)
		}
	}()
	a := analyze(prog, fn)
	c = &Code{prog: prog, fn: fn, f: f, at: make([]*block, len(f.Code))}
	comp := &compiler{a: a, code: c}
	comp.build(opts)
	return c, nil
}

// CanEnter reports whether Enter may start at pc: at any block start, which
// includes pc 0 and every loop header.
func (c *Code) CanEnter(pc int) bool {
	return pc >= 0 && pc < len(c.at) && c.at[pc] != nil
}

// Enter runs the function in the frame at base from pc (vm.Code). It is the
// run loop: a chain runs until the function returns (nil), until it
// branches backwards, to a block the loop then runs, or until a call, which
// the loop makes. Calls are made here, not in chains, so that a program
// frame costs two Go frames (Enter and vm.Machine.Call) rather than those of
// the chain up to the call: deep recursion otherwise overflows the
// processor's return-address predictor (ackermann ran 1.5x slower).
func (c *Code) Enter(m *vm.Machine, base, pc int) {
	b := c.at[pc]
	regs, sregs := m.Regs()
	r, s := unsafe.Pointer(&regs[base]), unsafe.Pointer(&sregs[base])
	for b != nil {
		// Every loop's back edge and every call passes here: an interrupt
		// (vm.Machine.Interrupt) stops the program within one iteration.
		if m.Stopping() {
			m.Poll(b.poll)
		}
		if b.run != nil {
			b, r, s = b.run(m, r, s)
			continue
		}
		for _, mv := range b.pre {
			*reg(r, mv.dst) = mv.x.val(r)
		}
		m.Call(b.fn, base+b.a, b.pc)
		regs, sregs = m.Regs()
		r, s = unsafe.Pointer(&regs[base]), unsafe.Pointer(&sregs[base])
		for _, mv := range b.post {
			*reg(r, mv.dst) = mv.x.val(r)
		}
		b = b.next
	}
}
