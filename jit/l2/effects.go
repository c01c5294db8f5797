//go:build amd64

package l2

import (
	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// class is what kind of machine register a value wants.
type class uint8

const (
	clsAny   class = iota // raw bits: either kind
	clsInt                // int or bool: a general register
	clsFloat              // float64: an SSE register
)

// opnd is one register operand of an instruction.
type opnd struct {
	reg   int
	slice bool  // the slice bank
	cls   class // for scalars: the register kind the operation wants
}

// effects lists the registers an instruction reads (uses) and writes
// (defs). Operands of instructions that Go carries out (exits and calls)
// are read and written through the frame window in memory.
type effects struct {
	uses, defs []opnd
}

func sc(r int, c class) opnd { return opnd{reg: r, cls: c} }
func sl(r int) opnd          { return opnd{reg: r, slice: true} }

func typeOpnd(r int, t *bc.Type) opnd {
	switch t.Kind {
	case bc.KSlice:
		return sl(r)
	case bc.KFloat:
		return sc(r, clsFloat)
	}
	return sc(r, clsInt)
}

// effectsOf computes the effects of in.
func (u *unit) effectsOf(in *inst) effects {
	var e effects
	use := func(o ...opnd) { e.uses = append(e.uses, o...) }
	def := func(o ...opnd) { e.defs = append(e.defs, o...) }
	a, b, c := in.a, in.b, in.c
	switch in.op {
	case bc.NOP, bc.JMP, opInline:
	case bc.MOVE:
		use(sc(b, clsAny))
		def(sc(a, clsAny))
	case bc.MOVES:
		use(sl(b))
		def(sl(a))
	case bc.LOADI, bc.LOADK, bc.GETG:
		def(sc(a, clsAny))
	case bc.LOADNIL, bc.GETGS:
		def(sl(a))
	case bc.SETG:
		use(sc(a, clsAny))
	case bc.SETGS:
		use(sl(a))
	case bc.ADD, bc.SUB, bc.MUL, bc.DIV, bc.MOD, bc.AND, bc.OR, bc.XOR, bc.ANDNOT,
		bc.SHL, bc.SHR, bc.MIN, bc.MAX:
		use(sc(b, clsInt), sc(c, clsInt))
		def(sc(a, clsInt))
	case bc.EQ, bc.NE, bc.LT, bc.LE:
		use(sc(b, clsInt), sc(c, clsInt))
		def(sc(a, clsInt))
	case bc.ADDI, bc.SHLI, bc.SHRI, bc.MULK, bc.DIVK, bc.MODK, bc.ANDK, bc.ORK, bc.XORK,
		bc.NEG, bc.BNOT, bc.NOT:
		use(sc(b, clsInt))
		def(sc(a, clsInt))
	case bc.FADD, bc.FSUB, bc.FMUL, bc.FDIV, bc.FMIN, bc.FMAX:
		use(sc(b, clsFloat), sc(c, clsFloat))
		def(sc(a, clsFloat))
	case bc.FADDK, bc.FSUBK, bc.FMULK, bc.FDIVK, bc.FNEG, bc.SQRT, bc.FABS, bc.FLOOR, bc.CEIL:
		use(sc(b, clsFloat))
		def(sc(a, clsFloat))
	case bc.ITOF:
		use(sc(b, clsInt))
		def(sc(a, clsFloat))
	case bc.FTOI:
		use(sc(b, clsFloat))
		def(sc(a, clsInt))
	case bc.FEQ, bc.FNE, bc.FLT, bc.FLE:
		use(sc(b, clsFloat), sc(c, clsFloat))
		def(sc(a, clsInt))
	case bc.ISNIL, bc.LEN, bc.CAP:
		use(sl(b))
		def(sc(a, clsInt))
	case bc.JT, bc.JF:
		use(sc(a, clsInt))
	case bc.JEQ, bc.JNE, bc.JLT, bc.JLE:
		use(sc(a, clsInt), sc(b, clsInt))
	case bc.JEQK, bc.JNEK, bc.JLTK, bc.JLEK, bc.JGTK, bc.JGEK:
		use(sc(a, clsInt))
	case bc.GET:
		use(sl(b), sc(c, clsInt))
		def(sc(a, clsAny))
	case bc.GETS:
		use(sl(b), sc(c, clsInt))
		def(sl(a))
	case bc.SET:
		use(sl(a), sc(b, clsInt), sc(c, clsAny))
	case bc.GLOAD:
		use(sc(c, clsInt))
		def(sc(a, clsAny))
	case bc.GSTORE:
		use(sc(b, clsInt), sc(c, clsAny))
	case bc.GET2:
		use(sl(b), sc(c, clsInt), sc(in.d, clsInt))
		def(sc(a, clsAny))
	case bc.SET2:
		use(sl(a), sc(b, clsInt), sc(c, clsInt), sc(in.d, clsAny))
	case bc.SETS:
		use(sl(a), sc(b, clsInt), sl(c))
	case bc.MAKE:
		use(sc(b, clsInt), sc(b+1, clsInt))
		def(sl(a))
	case bc.APPEND:
		n, k := c>>2, bc.ElemKind(c&3)
		use(sl(a))
		for i := 0; i < n; i++ {
			if k == bc.ElemSlice {
				use(sl(b + i))
			} else {
				use(sc(b+i, clsAny))
			}
		}
		def(sl(a))
	case bc.APPSL:
		use(sl(a), sl(b))
		def(sl(a))
	case bc.SLICE, bc.SLICE3:
		use(sl(b), sc(c, clsInt), sc(c+1, clsInt))
		if in.op == bc.SLICE3 {
			use(sc(c+2, clsInt))
		}
		def(sl(a))
	case bc.COPY:
		use(sl(b), sl(c))
		def(sc(a, clsInt))
	case bc.CALL:
		g := u.prog.Funcs[b]
		for i, t := range g.Params {
			use(typeOpnd(a+i, t))
		}
		for i, t := range g.Results {
			def(typeOpnd(a+i, t))
		}
	case bc.RET:
		f := u.prog.Funcs[in.fn]
		for i, t := range f.Results {
			use(typeOpnd(i, t))
		}
	case bc.PRINT:
		for i, arg := range u.prog.Prints[b].Args {
			if arg.Type != nil {
				use(typeOpnd(a+i, arg.Type))
			}
		}
	case bc.PANIC:
		if t := u.prog.Panics[b].Arg; t != nil {
			use(typeOpnd(a, t))
		}
	case bc.EXIT:
		use(sc(a, clsInt))
	case opGAppend:
		for i := 0; i < c>>2; i++ {
			use(sc(b+i, clsAny))
		}
	case opGLen, opGCap:
		def(sc(a, clsInt))
	}
	return e
}

// isExit reports whether Go carries out the instruction: its scalar
// operands are read from and written to the frame window, and every
// machine register is lost across it.
func (u *unit) isExit(in *inst) bool {
	if u.isHybrid(in) || in.virt {
		return false
	}
	switch in.op {
	case bc.MOVES, bc.LOADNIL, bc.GETGS, bc.SETGS, bc.GETS, bc.SETS, bc.MAKE, bc.APPEND,
		bc.APPSL, bc.SLICE, bc.SLICE3, bc.COPY, bc.PRINT, bc.PANIC, bc.EXIT, bc.CALL:
		return true
	case bc.FLOOR, bc.CEIL:
		return !hasSSE41
	}
	return false
}

// isHybrid reports whether native code carries out the instruction in the
// common case and exits to Go, out of line, otherwise: slice header copies
// whose pointer words the destination already holds (only lengths and
// capacities change, so no pointer is stored), append with spare
// capacity, copy between word slices.
func (u *unit) isHybrid(in *inst) bool {
	switch in.op {
	case bc.MOVES, bc.GETGS, bc.SETGS, bc.LOADNIL, bc.COPY, opGAppend:
		return true
	case bc.APPEND:
		return bc.ElemKind(in.c&3) != bc.ElemSlice
	}
	return false
}

// syncs reports whether the instruction may exit to Go.
func (u *unit) syncs(in *inst) bool { return u.isExit(in) || u.isHybrid(in) }

// isJump reports whether in transfers control to in.target.
func isJump(op bc.Op) bool { return op == opInline || (op < bc.NumOps && op.IsJump()) }

// endsFlow reports whether control never falls through to the next inst.
func endsFlow(op bc.Op) bool {
	switch op {
	case bc.JMP, bc.RET, bc.PANIC, bc.EXIT:
		return true
	}
	return false
}
