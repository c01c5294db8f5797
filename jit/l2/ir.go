//go:build amd64

package l2

import (
	"fmt"

	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// The compiler's input is the function's bytecode decoded into insts, with
// the bodies of inlined callees spliced in (expand). Everything after that
// (analysis, allocation, emission) sees one flat instruction list and
// knows about inlining only through inst.site.

// opInline is a pseudo-opcode that starts an inlined call: "if the frame
// stack and the register file have room for the callee's frame, fall
// through into its body; else jump to target", where target is an ordinary
// CALL of the callee (the slow path) that rejoins after the body. A is the
// call's frame register, B the callee.
const opInline = bc.NumOps + 1

// inst is one decoded instruction. Register operands are absolute in the
// compiled frame's window (an inlined callee's registers are shifted by its
// call's A); constant operands index the merged constant table.
type inst struct {
	op      bc.Op
	a, b, c int
	d       int // GET2/SET2: the second register of the packed C operand
	target  int // jumps and opInline: index of the target inst; else -1
	fn, pc  int // where the instruction comes from (for errors and traces)
	site    int // inline site, -1 for the compiled function's own code
	// virt marks a GETS whose result is never stored in its slot: native
	// code keeps its data pointer and length in registers (findVirtual).
	virt bool
}

// inlineSite is one inlined call.
type inlineSite struct {
	callee int
	a      int // the CALL's frame register
	callPC int // pc of the CALL in the compiled function
	first  int // index of the opInline inst
	end    int // index after the inlined body
	cont   int // where the call continues (the inst after the body)
	slow   int // index of the slow-path CALL (after the function's code)
}

// unit is the function being compiled after inline expansion.
type unit struct {
	prog    *bc.Program
	fn      int
	f       *bc.Func
	code    []inst
	consts  []uint64
	sites   []inlineSite
	numRegs int // window size needed: the function's and every inlined callee's
	// pcIndex maps a pc of the compiled function to its inst index.
	pcIndex []int
	// mainLen is where the slow paths of inlined calls start: their jumps
	// back are not loops.
	mainLen int
}

// expand decodes function fn and splices in the callees inline approves.
// An inlined call becomes
//
//	INLINE (guard) -> slow
//	<the callee's body; its RETs jump to cont>
//	cont: ...
//	...
//	slow: CALL (the call made for real); JMP cont   (after the function's code)
func expand(prog *bc.Program, fn int, inline func(callee int) bool) *unit {
	f := prog.Funcs[fn]
	u := &unit{prog: prog, fn: fn, f: f, consts: append([]uint64(nil), f.Consts...),
		numRegs: f.NumRegs, pcIndex: make([]int, len(f.Code))}
	type pending struct{ at, pc int }
	var jumps []pending
	var slows []int // inline sites whose slow path is still to be emitted
	for pc, in := range f.Code {
		u.pcIndex[pc] = len(u.code)
		if in.Op() == bc.CALL && inline != nil && in.B() != fn && inlinable(prog, in.B()) && inline(in.B()) {
			slows = append(slows, u.inlineCall(pc, in))
			continue
		}
		ins := decode(in, 0, 0)
		ins.fn, ins.pc, ins.site = fn, pc, -1
		if ins.target >= 0 {
			jumps = append(jumps, pending{len(u.code), pc + 1 + in.C()})
		}
		u.code = append(u.code, ins)
	}
	for _, j := range jumps {
		u.code[j.at].target = u.pcIndex[j.pc]
	}
	u.mainLen = len(u.code)
	for _, s := range slows {
		site := &u.sites[s]
		site.slow = len(u.code)
		u.code[site.first].target = site.slow
		call := decode(f.Code[site.callPC], 0, 0)
		call.fn, call.pc, call.site = fn, site.callPC, -1
		u.code = append(u.code, call, inst{op: bc.JMP, target: site.cont, fn: fn, pc: site.callPC, site: -1})
	}
	return u
}

// inlineCall splices the body of the callee of the CALL at pc in and
// returns the site's index.
func (u *unit) inlineCall(pc int, in bc.Instr) int {
	callee := in.B()
	g := u.prog.Funcs[callee]
	a := in.A()
	site := len(u.sites)
	koff := len(u.consts)
	u.consts = append(u.consts, g.Consts...)
	u.numRegs = max(u.numRegs, a+g.NumRegs)
	first := len(u.code)
	u.code = append(u.code, inst{op: opInline, a: a, b: callee, target: -1, fn: u.fn, pc: pc, site: -1})
	start := len(u.code)
	// The body: RET becomes a jump to the continuation, patched below.
	var rets []int
	for gpc, gin := range g.Code {
		ins := decode(gin, a, koff)
		ins.fn, ins.pc, ins.site = callee, gpc, site
		switch {
		case ins.op == bc.RET:
			ins = inst{op: bc.JMP, target: -2, fn: callee, pc: gpc, site: site}
			rets = append(rets, len(u.code))
		case ins.target >= 0:
			ins.target = start + gpc + 1 + gin.C()
		}
		u.code = append(u.code, ins)
	}
	cont := len(u.code)
	for _, r := range rets {
		u.code[r].target = cont
	}
	u.sites = append(u.sites, inlineSite{callee: callee, a: a, callPC: pc, first: first, end: cont, cont: cont})
	return site
}

// inlinable reports whether callee can be inlined at all: a leaf (no CALL,
// so an inlined frame never has to exist while Go runs code) whose
// instructions the compiler supports.
func inlinable(prog *bc.Program, callee int) bool {
	for _, in := range prog.Funcs[callee].Code {
		if in.Op() == bc.CALL {
			return false
		}
	}
	return true
}

// decode unpacks one instruction, shifting its register operands by roff
// and its constant operands by koff.
func decode(in bc.Instr, roff, koff int) inst {
	op := in.Op()
	info := bc.Info[op]
	ins := inst{op: op, a: in.A(), b: in.B(), c: in.C(), target: -1}
	shift := func(kind bc.Operand, v int) int {
		switch kind {
		case bc.OpdReg, bc.OpdSReg, bc.OpdArgs:
			return v + roff
		case bc.OpdConst:
			return v + koff
		}
		return v
	}
	ins.a = shift(info.A, ins.a)
	ins.b = shift(info.B, ins.b)
	switch info.C {
	case bc.OpdReg2:
		ins.c, ins.d = in.C()&0xfff+roff, in.C()>>12+roff
	case bc.OpdJump:
		ins.target = 0 // set by the caller
	default:
		ins.c = shift(info.C, ins.c)
	}
	return ins
}

func (in *inst) String() string {
	s := fmt.Sprintf("%-7s", in.op)
	if in.op == opInline {
		s = "INLINE "
	}
	info := bc.OpInfo{}
	if in.op < bc.NumOps {
		info = bc.Info[in.op]
	}
	opd := func(kind bc.Operand, v int) string {
		switch kind {
		case bc.OpdReg:
			return fmt.Sprintf(" r%d", v)
		case bc.OpdSReg:
			return fmt.Sprintf(" s%d", v)
		case bc.OpdImm:
			return fmt.Sprintf(" %d", v)
		case bc.OpdConst:
			return fmt.Sprintf(" k%d", v)
		case bc.OpdFunc:
			return fmt.Sprintf(" f%d", v)
		case bc.OpdGlob:
			return fmt.Sprintf(" g%d", v)
		case bc.OpdSGlob:
			return fmt.Sprintf(" gs%d", v)
		case bc.OpdArgs:
			return fmt.Sprintf(" @%d", v)
		case bc.OpdPrint, bc.OpdPanic, bc.OpdKind:
			return fmt.Sprintf(" #%d", v)
		}
		return ""
	}
	switch in.op {
	case opInline:
		return s + fmt.Sprintf(" @%d f%d ->%d", in.a, in.b, in.target)
	case opGAppend:
		return fmt.Sprintf("GAPPEND gs%d @%d n=%d", in.a, in.b, in.c>>2)
	case opGLen:
		return fmt.Sprintf("GLEN    r%d gs%d", in.a, in.b)
	case opGCap:
		return fmt.Sprintf("GCAP    r%d gs%d", in.a, in.b)
	}
	s += opd(info.A, in.a) + opd(info.B, in.b)
	switch info.C {
	case bc.OpdReg2:
		s += fmt.Sprintf(" r%d r%d", in.c, in.d)
	case bc.OpdJump:
		s += fmt.Sprintf(" ->%d", in.target)
	default:
		s += opd(info.C, in.c)
	}
	return s
}
