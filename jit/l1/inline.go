package l1

import (
	"slices"

	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// Inlining: a call of a small leaf function that cannot fail is spliced
// into the caller's bytecode before the compiler sees it, so the callee's
// operations fuse with the caller's and the call costs nothing: no frame
// record, no return stack, no run-loop dispatch (spectralnorm's a(i, j),
// called once per inner iteration).
//
// The callee's frame is where the call would have put it: its registers
// are the caller's from the CALL's A up, so the arguments the caller moved
// there are its parameters, and its results are left where the call leaves
// them; a RET becomes a jump past the body. The caller's frame therefore
// uses more registers than its function declares (Code.regs), which
// Enter makes room for.
//
// Only callees that behave the same whether or not their frame exists are
// inlined: no loops (an interrupt is polled at back edges and calls), no
// calls, and no instruction that can raise an error or stop the run
// (indexing, division by a register, shifts by a register, allocation,
// panic, exit); printing is left out too. What stays visible is the frame
// record: a stack trace never shows one (nothing in the body can fail),
// and the profiler counts the body's time as the caller's, as it does for
// L2's inlined calls. One thing the record's absence would change is a
// stack overflow at the call itself, when the caller runs at the machine's
// frame limit; Enter hands such a frame to the interpreter, which makes the
// call for real.
//
// The compiler works on the expanded code with its own pcs; what it bakes
// into closures (the pc an error or interrupt is reported at, a call's
// return pc, a loop header's pc) is translated back to the function's
// pcs, which the interpreter, traces and on-stack replacement use.

// maxInline is the largest callee, in instructions, that is inlined.
const maxInline = 32

// inlinable reports whether prog's function callee may be spliced into a
// caller (see above).
func inlinable(prog *bc.Program, callee int) bool {
	g := prog.Funcs[callee]
	n := len(g.Code)
	if n == 0 || n > maxInline || g.Code[n-1].Op() != bc.RET {
		return false
	}
	for _, in := range g.Code {
		op := in.Op()
		if op.IsJump() {
			if in.C() < 0 {
				return false // a loop
			}
			continue
		}
		if !safeOp[op] {
			return false
		}
	}
	return true
}

// safeOp marks the instructions an inlined body may contain: those that
// cannot raise an error, stop the run, call or print. DIVK and MODK divide
// by a nonzero constant; FTOI does not fail in Go.
var safeOp = func() (ok [bc.NumOps]bool) {
	for _, op := range []bc.Op{
		bc.NOP, bc.MOVE, bc.MOVES, bc.LOADI, bc.LOADK, bc.LOADNIL,
		bc.GETG, bc.SETG, bc.GETGS, bc.SETGS,
		bc.ADD, bc.SUB, bc.MUL, bc.AND, bc.OR, bc.XOR, bc.ANDNOT,
		bc.ADDI, bc.SHLI, bc.SHRI, bc.MULK, bc.DIVK, bc.MODK, bc.ANDK, bc.ORK, bc.XORK,
		bc.NEG, bc.BNOT, bc.NOT,
		bc.FADD, bc.FSUB, bc.FMUL, bc.FDIV, bc.FADDK, bc.FSUBK, bc.FMULK, bc.FDIVK,
		bc.FNEG, bc.ITOF, bc.FTOI,
		bc.EQ, bc.NE, bc.LT, bc.LE, bc.FEQ, bc.FNE, bc.FLT, bc.FLE, bc.ISNIL,
		bc.LEN, bc.CAP, bc.SQRT, bc.FABS, bc.FLOOR, bc.CEIL,
		bc.MIN, bc.MAX, bc.FMIN, bc.FMAX,
		bc.RET,
	} {
		ok[op] = true
	}
	return ok
}()

// expansion is a function's code with its inlinable calls spliced in.
type expansion struct {
	f     *bc.Func // the expanded function: the compiler's view
	orig  []int    // expanded pc -> the function's pc (a body's: its CALL's)
	first []int    // the function's pc -> the expanded pc of its first instruction
	sites []site   // the calls inlined, whole or their quick return (guard)

	// The expanded pc of a CALL whose callee's guard runs before it ->
	// the callee's pc the call enters at (0, or past the guard), and
	// whether it must enter there whatever code runs the callee (the
	// guard's effects).
	entry  map[int]int
	resume map[int]bool
}

// site is a call spliced in: the callee, and the CALL's pc. A partial
// site is a callee's quick return (guard), spliced in before a call that
// stays.
type site struct {
	fn, pc  int
	partial bool
}

// expand splices into function fn of prog the calls of functions other
// than itself that are inlinable, and the guards of the other calls'
// callees that have one (guardOf); it returns nil when there are none.
func expand(prog *bc.Program, fn int) *expansion {
	f := prog.Funcs[fn]
	inl := func(in bc.Instr) bool {
		return in.Op() == bc.CALL && in.B() != fn && inlinable(prog, in.B())
	}
	guards := map[int]*guard{}
	guarded := func(in bc.Instr) *guard {
		if in.Op() != bc.CALL || inl(in) {
			return nil
		}
		g, ok := guards[in.B()]
		if !ok {
			g = guardOf(prog, in.B())
			guards[in.B()] = g
		}
		return g
	}
	if !slices.ContainsFunc(f.Code, func(in bc.Instr) bool { return inl(in) || guarded(in) != nil }) {
		return nil
	}
	x := &expansion{first: make([]int, len(f.Code)+1), entry: map[int]int{}, resume: map[int]bool{}}
	nf := &bc.Func{Name: f.Name, Line: f.Line, Params: f.Params, Results: f.Results,
		NumRegs: f.NumRegs, Consts: append([]uint64(nil), f.Consts...)}
	type jump struct{ at, target int } // an expanded pc and the function's pc it jumps to
	var jumps []jump
	// The argument moves a body reads through (forward), by pc.
	dropped := map[int]bool{}
	substs := map[int]map[int]int{}
	orig := analyze(prog, fn) // the function's blocks and liveness, as calls leave registers
	for pc, in := range f.Code {
		if inl(in) {
			substs[pc] = forward(orig, pc, dropped)
		}
	}
	for pc, in := range f.Code {
		x.first[pc] = len(nf.Code)
		if dropped[pc] {
			continue
		}
		if gd := guarded(in); gd != nil {
			x.sites = append(x.sites, site{in.B(), pc, true})
			nf.NumRegs = max(nf.NumRegs, in.A()+prog.Funcs[in.B()].NumRegs)
			x.guard(nf, gd, in, lineAt(f, pc), pc)
			continue
		}
		if !inl(in) {
			if in.Op().IsJump() {
				jumps = append(jumps, jump{len(nf.Code), pc + 1 + in.C()})
			}
			x.emit(nf, in, lineAt(f, pc), pc)
			continue
		}
		a, g := in.A(), prog.Funcs[in.B()]
		x.sites = append(x.sites, site{fn: in.B(), pc: pc})
		koff := len(nf.Consts)
		nf.Consts = append(nf.Consts, g.Consts...)
		nf.NumRegs = max(nf.NumRegs, a+g.NumRegs)
		last := len(g.Code) - 1 // the final RET: the body falls through past it
		sub := substs[pc]
		for gpc, gin := range g.Code[:last] {
			_, writes := access(prog, gin)
			switch {
			case gin.Op() == bc.RET && gpc == last-1:
				gin = bc.Make(bc.NOP, 0, 0, 0) // falls through, not a block end
			case gin.Op() == bc.RET:
				gin = bc.Make(bc.JMP, 0, 0, last-gpc-1)
			default:
				gin = relocate(gin, a, koff, sub, writes)
			}
			for _, w := range writes {
				delete(sub, w) // later reads are of the body's own value
			}
			x.emit(nf, gin, lineAt(f, pc), pc)
		}
	}
	x.first[len(f.Code)] = len(nf.Code)
	for _, j := range jumps {
		nf.Code[j.at] = nf.Code[j.at].WithC(x.first[j.target] - j.at - 1)
	}
	x.f = nf
	return x
}

// A guard is the start of a function that decides, before anything that
// needs its frame, to return at once: fib's "if n < 2 { return n }". It is
// spliced in before the function's calls (partial inlining): a call that
// would return at once costs no call, and the others enter the callee
// past its guard. Half of fib's calls return at once.
//
// A guard's instructions are those an inlined body may contain (safeOp),
// so, as for an inlined body, no trace or error can tell that the frame
// was not there. Those before the branch (pre) write no parameter and no
// global slice. When the registers they write are dead where the call
// goes on (past), a call enters the callee past the guard; otherwise at pc
// 0, running pre again, which therefore may not write a global either.
// A guard whose pre writes a global (effects: the examples' ackermann
// counts its calls first) must be past: whatever runs the callee then
// starts it at entry (vm.Machine.CallAt).
type guard struct {
	pre     []bc.Instr // from pc 0 to the branch
	jump    bc.Instr   // the branch: a forward conditional jump
	ret     []bc.Instr // the path to the quick return, without its RET
	taken   bool       // ret is the branch's target (else its fall-through)
	entry   int        // the callee's pc where a call goes on (the other side)
	past    bool       // pre's registers are dead at entry
	effects bool       // pre writes a global
	g       *bc.Func   // the callee
}

// maxGuard is the most instructions a guard may have: it is spliced in at
// every call.
const maxGuard = 8

// guardOf returns function fn's guard, or nil when it has none.
func guardOf(prog *bc.Program, fn int) *guard {
	g := prog.Funcs[fn]
	code := g.Code
	plain := func(in bc.Instr) bool {
		op := in.Op()
		return safeOp[op] && !op.IsJump() && op != bc.RET
	}
	gd := &guard{g: g}
	pc := 0
	for ; pc < len(code) && plain(code[pc]); pc++ {
		switch in := code[pc]; in.Op() {
		case bc.SETGS, bc.GETGS, bc.MOVES, bc.LOADNIL:
			return nil // slice registers, which liveness does not cover
		case bc.SETG:
			gd.effects = true
		case bc.NOP:
		default:
			if in.A() < len(g.Params) {
				return nil // writes a parameter
			}
		}
		gd.pre = append(gd.pre, code[pc])
	}
	if pc >= len(code) || !code[pc].Op().IsJump() || code[pc].Op() == bc.JMP || code[pc].C() < 0 {
		return nil
	}
	gd.jump = code[pc]
	// The quick return: straight to a RET from one side of the branch.
	path := func(from int) []bc.Instr {
		var out []bc.Instr
		for q := from; q < len(code) && len(out) < maxGuard; q++ {
			if code[q].Op() == bc.RET {
				return out
			}
			if !plain(code[q]) {
				return nil
			}
			out = append(out, code[q])
		}
		return nil
	}
	fall, target := pc+1, pc+1+gd.jump.C()
	if fall == target {
		return nil
	}
	if r := path(fall); r != nil || fall < len(code) && code[fall].Op() == bc.RET {
		gd.ret, gd.entry = r, target
	} else if r := path(target); r != nil || target < len(code) && code[target].Op() == bc.RET {
		gd.ret, gd.entry, gd.taken = r, fall, true
	} else {
		return nil
	}
	if len(gd.pre)+1+len(gd.ret) > maxGuard {
		return nil
	}
	gd.past = true
	if len(gd.pre) > 0 {
		an := analyze(prog, fn)
		live := an.blocks[an.blockOf[gd.entry]].in
		for pc := range gd.pre {
			for _, r := range an.writes[pc] {
				if live.has(r) {
					gd.past = false
				}
			}
		}
	}
	if gd.effects && !gd.past {
		return nil
	}
	return gd
}

// guard splices in gd, the guard of in's callee, and then the call in,
// which when the callee does not return at once enters it past the guard
// (or at 0 when the guard does things before its branch: the compiler may
// not keep their results in the frame, so the callee does them again).
//
// With the quick return on the branch's fall-through:
//
//	pre; if cond goto call; ret; goto after; call: CALL; after:
//
// and on its target:
//
//	pre; if cond goto ret; CALL; goto after; ret: ret; after:
func (x *expansion) guard(f *bc.Func, gd *guard, in bc.Instr, line int32, pc int) {
	a, koff := in.A(), len(f.Consts)
	f.Consts = append(f.Consts, gd.g.Consts...)
	put := func(gin bc.Instr) {
		_, writes := access(nil, gin)
		x.emit(f, relocate(gin, a, koff, nil, writes), line, pc)
	}
	for _, gin := range gd.pre {
		put(gin)
	}
	n := len(gd.ret)
	entry := gd.entry
	if !gd.past {
		entry = 0
	}
	if !gd.taken {
		put(gd.jump.WithC(n + 1))
		for _, gin := range gd.ret {
			put(gin)
		}
		x.emit(f, bc.Make(bc.JMP, 0, 0, 1), line, pc)
		x.entry[len(f.Code)] = entry
		x.resume[len(f.Code)] = gd.effects
		x.emit(f, in, line, pc)
		return
	}
	put(gd.jump.WithC(2))
	x.entry[len(f.Code)] = entry
	x.resume[len(f.Code)] = gd.effects
	x.emit(f, in, line, pc)
	x.emit(f, bc.Make(bc.JMP, 0, 0, n), line, pc)
	for _, gin := range gd.ret {
		put(gin)
	}
}

func (x *expansion) emit(f *bc.Func, in bc.Instr, line int32, pc int) {
	f.Code = append(f.Code, in)
	f.Lines = append(f.Lines, line)
	x.orig = append(x.orig, pc)
}

func lineAt(f *bc.Func, pc int) int32 {
	if pc < len(f.Lines) {
		return f.Lines[pc]
	}
	return int32(f.Line)
}

// relocate moves an instruction of a callee whose frame is at the caller's
// register a, with its constants from koff on; it reads the parameters in
// sub (callee register -> caller register) where the caller has them.
// writes are the scalar registers the instruction writes.
func relocate(in bc.Instr, a, koff int, sub map[int]int, writes []int) bc.Instr {
	info := bc.Info[in.Op()]
	fix := func(kind bc.Operand, v int, dest bool) int {
		switch kind {
		case bc.OpdReg:
			if src, ok := sub[v]; ok && !dest {
				return src
			}
			return v + a
		case bc.OpdSReg:
			return v + a
		case bc.OpdConst:
			return v + koff
		}
		return v
	}
	// Operand A is the destination when the instruction writes it; B and
	// C are only ever read.
	destA := len(writes) > 0 && writes[0] == in.A()
	return bc.Make(in.Op(), fix(info.A, in.A(), destA), fix(info.B, in.B(), false), fix(info.C, in.C(), false))
}

// forward finds the arguments of the inlined CALL at pc that its body can
// read where the caller has them, saving a move: a MOVE of a register
// below the call's frame (A) into a parameter, among the instructions just
// before the call that set up its frame (in its basic block), when nothing
// after the move reads or writes the parameter before the call,
// and the body reads the parameter only before it writes it, on its one
// path, or never writes it, it is not a result, and the caller does not
// read it after the call (an, the function's analysis, knows). It marks
// such moves in dropped and returns, for the body, callee register ->
// caller register.
func forward(an *analysis, pc int, dropped map[int]bool) map[int]int {
	prog, f := an.prog, an.f
	call := f.Code[pc]
	a, g := call.A(), prog.Funcs[call.B()]
	straight := true
	written := map[int]bool{}
	for i, in := range g.Code {
		if in.Op().IsJump() || in.Op() == bc.RET && i < len(g.Code)-2 { // see expand for a RET before the last
			straight = false
		}
		_, w := access(prog, in)
		for _, r := range w {
			written[r] = true
		}
	}
	nres := len(g.Results)
	sub := map[int]int{}
	touched := map[int]bool{} // registers read or written after the instruction being looked at
	// From the call back to its block's start: no jump lands in between.
	for q := pc - 1; q >= 0 && !an.leader[q+1]; q-- {
		in := f.Code[q]
		op := in.Op()
		reads, writes := access(prog, in)
		if len(writes) != 1 || writes[0] < a {
			break // not setting up the call's frame
		}
		if op == bc.MOVE && in.B() < a && !touched[in.A()] {
			k := in.A() - a
			if k < g.NumRegs && (straight && written[k] || !written[k] && k >= nres && !an.liveAfter(pc, in.A())) {
				sub[k] = in.B()
				dropped[q] = true
			}
		}
		for _, r := range reads {
			touched[r] = true
		}
		touched[writes[0]] = true
	}
	return sub
}

// pc translates an expanded pc the compiler works with into the function's
// pc, which is what closures report (errors, interrupts, calls).
func (c *compiler) pc(p int) int {
	if c.x == nil || p < 0 {
		return p
	}
	return c.x.orig[p]
}

// remap translates the pcs the statements and trees of a block carry into
// the function's (pc), once each: closures built from them report those.
func (c *compiler) remap(ir *blockIR) {
	for i := range ir.stmts {
		ir.stmts[i].xpc = ir.stmts[i].pc
	}
	if c.x == nil {
		return
	}
	seen := map[*node]bool{}
	var walk func(n *node)
	walk = func(n *node) {
		if n == nil || seen[n] {
			return
		}
		seen[n] = true
		n.pc = c.pc(n.pc)
		for _, a := range n.args {
			walk(a)
		}
	}
	for i := range ir.stmts {
		s := &ir.stmts[i]
		s.pc = c.pc(s.pc)
		walk(s.n)
		for _, a := range s.args {
			walk(a)
		}
	}
	walk(ir.term.cond)
	walk(ir.term.arg)
}

// liveAfter reports whether scalar register r is read after the
// instruction at pc before it is written.
func (a *analysis) liveAfter(pc, r int) bool {
	b := &a.blocks[a.blockOf[pc]]
	for q := pc + 1; q <= b.end; q++ {
		if slices.Contains(a.reads[q], r) {
			return true
		}
		if slices.Contains(a.writes[q], r) {
			return false
		}
	}
	return b.out.has(r)
}
