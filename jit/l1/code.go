package l1

import (
	"fmt"
	"os"
	"slices"
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
	entry     int // fn's pc the call enters L1's code at (past a guard spliced in)
	// The guard spliced in had effects: the call enters fn at entry
	// whatever code runs it (vm.Machine.CallAt), not only L1's.
	resume bool
	// For a call of the function itself, the block the call enters when
	// the function's code is still this one (at[entry]): the run loop
	// then goes on there without waiting for the code's lookup.
	callee    *block
	nregs     int // fn's NumRegs (the program's, not the expanded view's)
	next      *block
	pre, post []move

	ret bool // the block only returns: branches to it return nil

	hdr int // the function's pc of the block's start (start is the expanded code's)

	code *Code // the function's code (for the state word at loop headers)

	// The pc the run loop polls for an interrupt at before it runs the
	// block: a call's, or a backward branch's (edges, see branch).
	poll int

	// For the text form.
	start, end int // bytecode pcs
	id         int
	lines      []line
	ops        int // bytecodes the chain covers
}

// move is R(dst) = x + y for registers or constants x and y (y is the
// constant 0 in a plain move), kept as R(x)&xm + R(y)&ym + k: a constant
// operand reads register 0 and masks it out. The run loop does every
// call's moves in one loop, where a branch on the operands' kinds was
// mispredicted (fib spent 11% of its time there; 5% without the branch).
type move struct {
	dst, x, y uintptr
	xm, ym, k uint64
}

// newMove returns the move R(dst) = x + y of register or constant leaves.
func newMove(dst uintptr, x, y leaf) move {
	mv := move{dst: dst, k: x.k + y.k}
	if x.mask != 0 {
		mv.x, mv.xm = x.off, ^uint64(0)
	}
	if y.mask != 0 {
		mv.y, mv.ym = y.off, ^uint64(0)
	}
	return mv
}

func (mv *move) do(r ptr) { *reg(r, mv.dst) = *reg(r, mv.x)&mv.xm + *reg(r, mv.y)&mv.ym + mv.k }

// doMoves does moves mvs in order.
func doMoves(mvs []move, r ptr) {
	for i := range mvs {
		mvs[i].do(r)
	}
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

	calls []*block // the call blocks

	closures int // closures built, for the text form
	bails    int // instructions left to the interpreter

	// With inlined calls (inline.go): the registers a frame uses, more
	// than f.NumRegs, and the calls.
	regs    int
	inlined []site

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
	bails    func(bc.Op) bool // instructions to leave to the interpreter
	counted  bool             // count each block's runs (Code.counts)
	noInline bool             // compile calls as calls (inline.go)
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
	// A bail-out hands the frame to the interpreter at an instruction,
	// which a body spliced in has no pc of its own for: tests that bail
	// compile calls as calls.
	var x *expansion
	if opts.bails == nil && !opts.noInline {
		x = expand(prog, fn)
	}
	view := prog
	if x != nil {
		p := *prog
		p.Funcs = slices.Clone(prog.Funcs)
		p.Funcs[fn] = x.f
		view = &p
	}
	a := analyze(view, fn)
	c = &Code{prog: prog, fn: fn, f: f, at: make([]*block, len(a.f.Code))}
	comp := &compiler{a: a, code: c, x: x}
	comp.build(opts)
	if x != nil {
		// Enter and CanEnter take the function's pcs.
		at := make([]*block, len(f.Code))
		for pc := range at {
			at[pc] = c.at[x.first[pc]]
		}
		c.at, c.regs, c.inlined = at, a.f.NumRegs, x.sites
	}
	for _, b := range c.calls {
		if b.fn == fn {
			b.callee = c.at[b.entry]
		}
	}
	return c, nil
}

// Inlined returns the functions whose calls c inlined, one per call.
func (c *Code) Inlined() []int {
	var fns []int
	for _, st := range c.inlined {
		if !st.partial {
			fns = append(fns, st.fn)
		}
	}
	return fns
}

// CanEnter reports whether Enter may start at pc: at any block start, which
// includes pc 0 and every loop header.
func (c *Code) CanEnter(pc int) bool {
	return pc >= 0 && pc < len(c.at) && c.at[pc] != nil
}

// Enter runs the function in the frame at base from pc (vm.Code). It is the
// run loop: a chain runs until the function returns (nil), until it
// branches backwards, to a block the loop then runs, or until a call, which
// the loop makes. Calls are made here, not in chains, so that chains stack
// no Go frames across calls: deep recursion otherwise overflows the
// processor's return-address predictor (ackermann ran 1.5x slower).
//
// A call of a function whose code is L1's too is no Go call at all: the
// loop pushes the callee's frame (vm.Machine.Push), remembers where the
// caller goes on (the call block and its base) on the machine's
// return stack, and runs the callee's blocks; when the callee returns it
// pops both and goes on with the caller. Enter itself returns when the
// frame it was entered with returns. Other callees (the interpreter, L2)
// run through vm.Machine.Call.
//
// At every loop header (a backward branch's target) the loop reads the
// running function's state word (vm.HeaderState): when it is pending, the
// run was interrupted (vm.Machine.AtLoopHeader stops it there), or newer
// code of the function was installed, and the frame moves to it at the
// header (on-stack replacement, as from the interpreter: L1 keeps the
// bytecode's registers in the frame window at block boundaries).
func (c *Code) Enter(m *vm.Machine, base, pc int) {
	if !c.fits(m, base) {
		m.Interpret(pc)
		return
	}
	b := c.at[pc]
	regs, sregs := m.Regs()
	r, s := unsafe.Pointer(&regs[base]), unsafe.Pointer(&sregs[base])
	var rs *retStack
	lo := 0 // rs.frames[lo:] are the calls this Enter runs
	for {
		for b != nil {
			if b.run != nil {
				// A block entered at a call, a return or Enter; then, if
				// it branches back, the loop in runChains, which comes
				// back with a block to run when the state word is pending.
				b, r, s = b.run(m, r, s)
				for b != nil && b.run != nil {
					if b, r, s = runChains(m, b, r, s); b == nil || b.run == nil {
						break
					}
					if nc := m.AtLoopHeader(b.code.fn, b.code, b.poll, b.hdr); nc != nil {
						nc.Enter(m, base, b.hdr)
						b = nil // the function has returned
						break
					}
					b, r, s = b.run(m, r, s)
				}
				continue
			}
			// Every call passes here: an interrupt (vm.Machine.Interrupt)
			// stops the program within one iteration of a loop that calls.
			if m.Stopping() {
				m.Poll(b.poll)
			}
			doMoves(b.pre, r)
			nbase := base + b.a
			if cc, ok := m.CodeOf(b.fn).(*Code); ok {
				if rs == nil {
					rs = retStackOf(m)
					lo = len(rs.frames)
				}
				if !m.PushFast(b.fn, nbase, b.pc, b.nregs) {
					m.Push(b.fn, nbase, b.pc)
				}
				rs.frames = append(rs.frames, retFrame{b: b, base: base})
				if !cc.fits(m, nbase) {
					m.Interpret(b.entry) // the guard, if any, has run
					b = nil              // the callee has returned
					continue
				}
				if nb := b.callee; cc == b.code && nb != nil {
					b = nb
				} else {
					b = cc.at[b.entry]
				}
				base = nbase
				r, s = windows(m, base)
				continue
			}
			if b.resume {
				m.CallAt(b.fn, nbase, b.pc, b.entry)
			} else {
				m.Call(b.fn, nbase, b.pc)
			}
			regs, sregs = m.Regs()
			r, s = unsafe.Pointer(&regs[base]), unsafe.Pointer(&sregs[base])
			doMoves(b.post, r)
			b = b.next
		}
		// The running function returned.
		if rs == nil || len(rs.frames) == lo {
			return
		}
		m.Pop()
		n := len(rs.frames) - 1
		f := rs.frames[n]
		rs.frames = rs.frames[:n]
		b, base = f.b, f.base
		r, s = windows(m, base)
		doMoves(b.post, r)
		b = b.next
	}
}

// fits reports whether a frame of the function at base can run c, making
// room in the register banks for inlined calls' registers (the callers of
// Enter, and the run loop after it, fetch the banks again). Code with
// inlined calls cannot run a frame at the machine's frame limit, where
// every call is a stack overflow: the interpreter runs it instead, and
// makes the call.
func (c *Code) fits(m *vm.Machine, base int) bool {
	if c.inlined == nil {
		return true
	}
	if m.Depth() >= m.MaxFrames() {
		return false
	}
	m.Reserve(base + c.regs)
	return true
}

// runChains runs chains from block b, a loop header, until one returns a
// call block or nil, or until the function's state word is pending at a
// loop header: then it returns that header's block unrun. It is the run
// loop's inner loop, apart so that it keeps only its own values in
// registers across the chain calls (in Enter, a loop iteration cost 20%
// more). Every block it runs is of b's function: a chain leaves it only
// through a call block.
func runChains(m *vm.Machine, b *block, r, s ptr) (*block, ptr, ptr) {
	st := m.HeaderState(b.code.fn)
	for b != nil && b.run != nil {
		if st.Pending() {
			return b, r, s
		}
		b, r, s = b.run(m, r, s)
	}
	return b, r, s
}

// retStack is a machine's stack of L1 calls in progress that Enter runs
// itself (vm.Machine.TierData).
type retStack struct {
	frames []retFrame
}

// retFrame is where a caller goes on when its callee returns: after call
// block b, in the frame at base.
type retFrame struct {
	b    *block
	base int
}

// windows returns the register windows of the frame at base, which the
// machine has made room for (a frame is pushed there).
func windows(m *vm.Machine, base int) (ptr, ptr) {
	regs, sregs := m.Regs()
	return unsafe.Add(unsafe.Pointer(unsafe.SliceData(regs)), uintptr(base)*8),
		unsafe.Add(unsafe.Pointer(unsafe.SliceData(sregs)), uintptr(base)*unsafe.Sizeof(vm.Slice{}))
}

func retStackOf(m *vm.Machine) *retStack {
	p := m.TierData(1)
	rs, _ := (*p).(*retStack)
	if rs == nil {
		// Room for the first 64 frames: shallow calls never grow it.
		rs = &retStack{frames: make([]retFrame, 0, 64)}
		*p = rs
	}
	return rs
}
