package l1

import (
	"fmt"
	"unsafe"

	"github.com/jitvm/jitvm/vm"
	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// block is a basic block (with the blocks it continues into: a superblock)
// compiled to a chain.
type block struct {
	run chainFn

	// For the text form.
	start, end int // bytecode pcs
	id         int
	text       []string
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
}

var _ vm.Code = (*Code)(nil)

// Compile compiles function fn of prog. A function L1 cannot compile comes
// back with an error saying why; with every opcode handled, that is only a
// program that failed verification.
func Compile(prog *bc.Program, fn int) (*Code, error) {
	return compile(prog, fn, nil)
}

// compile is Compile with the instructions to leave to the interpreter
// (bails, for tests of the bail-out path).
func compile(prog *bc.Program, fn int, bails func(bc.Op) bool) (c *Code, err error) {
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
			c, err = nil, fmt.Errorf("l1: %s: %v", f.Name, r)
		}
	}()
	a := analyze(prog, fn)
	c = &Code{prog: prog, fn: fn, f: f, at: make([]*block, len(f.Code))}
	comp := &compiler{a: a, code: c}
	comp.build(bails)
	return c, nil
}

// CanEnter reports whether Enter may start at pc: at any block start, which
// includes pc 0 and every loop header.
func (c *Code) CanEnter(pc int) bool {
	return pc >= 0 && pc < len(c.at) && c.at[pc] != nil
}

// Enter runs the function in the frame at base from pc (vm.Code). It is the
// run loop: a chain runs until the function returns (nil) or until it
// branches backwards, to a block the loop then runs. Everything else,
// forward branches, calls and output included, happens inside chains.
func (c *Code) Enter(m *vm.Machine, base, pc int) {
	b := c.at[pc]
	regs, sregs := m.Regs()
	r, s := unsafe.Pointer(&regs[base]), unsafe.Pointer(&sregs[base])
	for b != nil {
		b, r, s = b.run(m, r, s)
	}
}
