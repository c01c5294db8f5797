package vm

import (
	"math"
	"unsafe"

	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// frameState is what the inner loop runs a frame with: pointers only, so
// that they live in machine registers.
type frameState struct {
	code   unsafe.Pointer // the function's instructions
	consts unsafe.Pointer // its constants
	r      unsafe.Pointer // scalar register window
	s      unsafe.Pointer // slice register window
}

// rg is scalar register (or constant) i of the window at p.
func rg(p unsafe.Pointer, i int) *uint64 { return (*uint64)(unsafe.Add(p, uintptr(i)*8)) }

// sg is slice register i of the window at p.
func sg(p unsafe.Pointer, i int) *Slice {
	return (*Slice)(unsafe.Add(p, uintptr(i)*unsafe.Sizeof(Slice{})))
}

func f64(w uint64) float64 { return math.Float64frombits(w) }
func w64(f float64) uint64 { return math.Float64bits(f) }

func b2w(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// runFast is the inner loop of the L0 interpreter. It executes the
// instructions that need nothing but the frame's registers and constants,
// from pc on, and returns at the first instruction it does not handle (a
// call of compiled code, the return of the loop's own frame, an allocation,
// an error, a taken jump when counting, a loop header of a frame to move to
// compiled code), with that instruction and the pc after it. It calls no function, so
// Go keeps its state in machine registers instead of spilling it on every
// dispatch; the slow instructions cost one return and one call more.
// Instructions that store a slice into a register stay out too: the GC
// write barrier such a store needs is a call, and with it in the loop Go
// spilled five values on every dispatch. Element access through global and
// two-level slices, which would otherwise need such stores, has fused
// instructions (GLOAD, GSTORE, GET2, SET2) that stay here.
//
// The verifier (bytecode.Verify) has checked every register, constant and
// jump operand, which is what makes the unchecked accesses safe.
func runFast(m *Machine, st frameState, pc int, counting bool) (frameState, int, bc.Instr) {
	code, consts, r, s := st.code, st.consts, st.r, st.s
	for {
		in := *(*bc.Instr)(unsafe.Add(code, uintptr(pc)*8))
		pc++
		switch in.Op() {
		case bc.NOP:
		case bc.MOVE:
			*rg(r, in.A()) = *rg(r, in.B())
		case bc.LOADI:
			*rg(r, in.A()) = uint64(int64(in.C()))
		case bc.LOADK:
			*rg(r, in.A()) = *rg(consts, in.B())
		case bc.GETG:
			*rg(r, in.A()) = m.globals[in.B()]
		case bc.SETG:
			m.globals[in.B()] = *rg(r, in.A())
		case bc.ADD:
			*rg(r, in.A()) = *rg(r, in.B()) + *rg(r, in.C())
		case bc.SUB:
			*rg(r, in.A()) = *rg(r, in.B()) - *rg(r, in.C())
		case bc.MUL:
			*rg(r, in.A()) = *rg(r, in.B()) * *rg(r, in.C())
		case bc.DIV:
			y := int64(*rg(r, in.C()))
			if y == 0 {
				return frameState{code, consts, r, s}, pc, in
			}
			*rg(r, in.A()) = uint64(int64(*rg(r, in.B())) / y)
		case bc.MOD:
			y := int64(*rg(r, in.C()))
			if y == 0 {
				return frameState{code, consts, r, s}, pc, in
			}
			*rg(r, in.A()) = uint64(int64(*rg(r, in.B())) % y)
		case bc.AND:
			*rg(r, in.A()) = *rg(r, in.B()) & *rg(r, in.C())
		case bc.OR:
			*rg(r, in.A()) = *rg(r, in.B()) | *rg(r, in.C())
		case bc.XOR:
			*rg(r, in.A()) = *rg(r, in.B()) ^ *rg(r, in.C())
		case bc.ANDNOT:
			*rg(r, in.A()) = *rg(r, in.B()) &^ *rg(r, in.C())
		case bc.SHL:
			n := int64(*rg(r, in.C()))
			if n < 0 {
				return frameState{code, consts, r, s}, pc, in
			}
			*rg(r, in.A()) = *rg(r, in.B()) << uint64(n)
		case bc.SHR:
			n := int64(*rg(r, in.C()))
			if n < 0 {
				return frameState{code, consts, r, s}, pc, in
			}
			*rg(r, in.A()) = uint64(int64(*rg(r, in.B())) >> uint64(n))
		case bc.ADDI:
			*rg(r, in.A()) = *rg(r, in.B()) + uint64(int64(in.C()))
		case bc.SHLI:
			*rg(r, in.A()) = *rg(r, in.B()) << uint(in.C()&63)
		case bc.SHRI:
			*rg(r, in.A()) = uint64(int64(*rg(r, in.B())) >> uint(in.C()&63))
		case bc.MULK:
			*rg(r, in.A()) = *rg(r, in.B()) * *rg(consts, in.C())
		case bc.DIVK:
			*rg(r, in.A()) = uint64(int64(*rg(r, in.B())) / int64(*rg(consts, in.C())))
		case bc.MODK:
			*rg(r, in.A()) = uint64(int64(*rg(r, in.B())) % int64(*rg(consts, in.C())))
		case bc.ANDK:
			*rg(r, in.A()) = *rg(r, in.B()) & *rg(consts, in.C())
		case bc.ORK:
			*rg(r, in.A()) = *rg(r, in.B()) | *rg(consts, in.C())
		case bc.XORK:
			*rg(r, in.A()) = *rg(r, in.B()) ^ *rg(consts, in.C())
		case bc.NEG:
			*rg(r, in.A()) = -*rg(r, in.B())
		case bc.BNOT:
			*rg(r, in.A()) = ^*rg(r, in.B())
		case bc.NOT:
			*rg(r, in.A()) = *rg(r, in.B()) ^ 1

		case bc.FADD:
			*rg(r, in.A()) = w64(f64(*rg(r, in.B())) + f64(*rg(r, in.C())))
		case bc.FSUB:
			*rg(r, in.A()) = w64(f64(*rg(r, in.B())) - f64(*rg(r, in.C())))
		case bc.FMUL:
			*rg(r, in.A()) = w64(f64(*rg(r, in.B())) * f64(*rg(r, in.C())))
		case bc.FDIV:
			*rg(r, in.A()) = w64(f64(*rg(r, in.B())) / f64(*rg(r, in.C())))
		case bc.FADDK:
			*rg(r, in.A()) = w64(f64(*rg(r, in.B())) + f64(*rg(consts, in.C())))
		case bc.FSUBK:
			*rg(r, in.A()) = w64(f64(*rg(r, in.B())) - f64(*rg(consts, in.C())))
		case bc.FMULK:
			*rg(r, in.A()) = w64(f64(*rg(r, in.B())) * f64(*rg(consts, in.C())))
		case bc.FDIVK:
			*rg(r, in.A()) = w64(f64(*rg(r, in.B())) / f64(*rg(consts, in.C())))
		case bc.FNEG:
			*rg(r, in.A()) = w64(-f64(*rg(r, in.B())))
		case bc.ITOF:
			*rg(r, in.A()) = w64(float64(int64(*rg(r, in.B()))))
		case bc.FTOI:
			*rg(r, in.A()) = uint64(int64(f64(*rg(r, in.B()))))

		case bc.EQ:
			*rg(r, in.A()) = b2w(*rg(r, in.B()) == *rg(r, in.C()))
		case bc.NE:
			*rg(r, in.A()) = b2w(*rg(r, in.B()) != *rg(r, in.C()))
		case bc.LT:
			*rg(r, in.A()) = b2w(int64(*rg(r, in.B())) < int64(*rg(r, in.C())))
		case bc.LE:
			*rg(r, in.A()) = b2w(int64(*rg(r, in.B())) <= int64(*rg(r, in.C())))
		case bc.FEQ:
			*rg(r, in.A()) = b2w(f64(*rg(r, in.B())) == f64(*rg(r, in.C())))
		case bc.FNE:
			*rg(r, in.A()) = b2w(f64(*rg(r, in.B())) != f64(*rg(r, in.C())))
		case bc.FLT:
			*rg(r, in.A()) = b2w(f64(*rg(r, in.B())) < f64(*rg(r, in.C())))
		case bc.FLE:
			*rg(r, in.A()) = b2w(f64(*rg(r, in.B())) <= f64(*rg(r, in.C())))
		case bc.ISNIL:
			*rg(r, in.A()) = b2w(sg(s, in.B()).IsNil())

		case bc.JMP:
			pc += in.C()
			goto taken
		case bc.JT:
			if *rg(r, in.A()) != 0 {
				pc += in.C()
				goto taken
			}
		case bc.JF:
			if *rg(r, in.A()) == 0 {
				pc += in.C()
				goto taken
			}
		case bc.JEQ:
			if *rg(r, in.A()) == *rg(r, in.B()) {
				pc += in.C()
				goto taken
			}
		case bc.JNE:
			if *rg(r, in.A()) != *rg(r, in.B()) {
				pc += in.C()
				goto taken
			}
		case bc.JLT:
			if int64(*rg(r, in.A())) < int64(*rg(r, in.B())) {
				pc += in.C()
				goto taken
			}
		case bc.JLE:
			if int64(*rg(r, in.A())) <= int64(*rg(r, in.B())) {
				pc += in.C()
				goto taken
			}
		case bc.JEQK:
			if *rg(r, in.A()) == *rg(consts, in.B()) {
				pc += in.C()
				goto taken
			}
		case bc.JNEK:
			if *rg(r, in.A()) != *rg(consts, in.B()) {
				pc += in.C()
				goto taken
			}
		case bc.JLTK:
			if int64(*rg(r, in.A())) < int64(*rg(consts, in.B())) {
				pc += in.C()
				goto taken
			}
		case bc.JLEK:
			if int64(*rg(r, in.A())) <= int64(*rg(consts, in.B())) {
				pc += in.C()
				goto taken
			}
		case bc.JGTK:
			if int64(*rg(r, in.A())) > int64(*rg(consts, in.B())) {
				pc += in.C()
				goto taken
			}
		case bc.JGEK:
			if int64(*rg(r, in.A())) >= int64(*rg(consts, in.B())) {
				pc += in.C()
				goto taken
			}

		case bc.LEN:
			*rg(r, in.A()) = uint64(sg(s, in.B()).Len())
		case bc.CAP:
			*rg(r, in.A()) = uint64(sg(s, in.B()).Cap())
		case bc.GET:
			w := sg(s, in.B()).W
			i := *rg(r, in.C())
			if i >= uint64(len(w)) {
				return frameState{code, consts, r, s}, pc, in
			}
			*rg(r, in.A()) = w[i]
		case bc.GLOAD:
			w := m.sglobals[in.B()].W
			i := *rg(r, in.C())
			if i >= uint64(len(w)) {
				return frameState{code, consts, r, s}, pc, in
			}
			*rg(r, in.A()) = w[i]
		case bc.GSTORE:
			w := m.sglobals[in.A()].W
			i := *rg(r, in.B())
			if i >= uint64(len(w)) {
				return frameState{code, consts, r, s}, pc, in
			}
			w[i] = *rg(r, in.C())
		case bc.GET2:
			ss := sg(s, in.B()).S
			i := *rg(r, in.C()&0xfff)
			if i >= uint64(len(ss)) {
				return frameState{code, consts, r, s}, pc, in
			}
			w := ss[i].W
			j := *rg(r, in.C()>>12)
			if j >= uint64(len(w)) {
				return frameState{code, consts, r, s}, pc, in
			}
			*rg(r, in.A()) = w[j]
		case bc.SET2:
			ss := sg(s, in.A()).S
			i := *rg(r, in.B())
			if i >= uint64(len(ss)) {
				return frameState{code, consts, r, s}, pc, in
			}
			w := ss[i].W
			j := *rg(r, in.C()&0xfff)
			if j >= uint64(len(w)) {
				return frameState{code, consts, r, s}, pc, in
			}
			w[j] = *rg(r, in.C()>>12)
		case bc.SET:
			w := sg(s, in.A()).W
			i := *rg(r, in.B())
			if i >= uint64(len(w)) {
				return frameState{code, consts, r, s}, pc, in
			}
			w[i] = *rg(r, in.C())

		case bc.SQRT:
			*rg(r, in.A()) = w64(math.Sqrt(f64(*rg(r, in.B()))))
		case bc.FABS:
			*rg(r, in.A()) = w64(math.Abs(f64(*rg(r, in.B()))))
		case bc.MIN:
			*rg(r, in.A()) = uint64(min(int64(*rg(r, in.B())), int64(*rg(r, in.C()))))
		case bc.MAX:
			*rg(r, in.A()) = uint64(max(int64(*rg(r, in.B())), int64(*rg(r, in.C()))))
		case bc.FMIN:
			*rg(r, in.A()) = w64(min(f64(*rg(r, in.B())), f64(*rg(r, in.C()))))
		case bc.FMAX:
			*rg(r, in.A()) = w64(max(f64(*rg(r, in.B())), f64(*rg(r, in.C()))))

		case bc.CALL:
			// Calls and returns that need no growth and no counting stay here.
			callee := in.B()
			nf := m.funcs[callee]
			nbase := m.base + in.A()
			d := m.depth
			if counting || d >= len(m.frames) || nbase+nf.NumRegs > len(m.regs) || m.state[callee].Load() != 0 {
				return frameState{code, consts, r, s}, pc, in
			}
			m.frames[d-1].pc = pc
			m.frames[d] = frame{fn: callee, base: nbase}
			m.depth = d + 1
			m.fn, m.base, pc = callee, nbase, 0
			code = unsafe.Pointer(unsafe.SliceData(nf.Code))
			consts = unsafe.Pointer(unsafe.SliceData(nf.Consts))
			r = unsafe.Pointer(&m.regs[nbase])
			s = unsafe.Pointer(&m.sregs[nbase])
			m.publish(callee)
		case bc.RET:
			d := m.depth - 1
			if counting || d < m.stop {
				return frameState{code, consts, r, s}, pc, in
			}
			m.depth = d
			top := m.frames[d-1]
			nf := m.funcs[top.fn]
			m.fn, m.base, pc = top.fn, top.base, top.pc
			code = unsafe.Pointer(unsafe.SliceData(nf.Code))
			consts = unsafe.Pointer(unsafe.SliceData(nf.Consts))
			r = unsafe.Pointer(&m.regs[top.base])
			s = unsafe.Pointer(&m.sregs[top.base])
			m.publish(top.fn)

		default:
			return frameState{code, consts, r, s}, pc, in
		}
		continue
	taken:
		// A taken jump: the loop leaves it to the caller when counting, and
		// at a loop header (a backward jump) of a function whose compiled
		// code asked for on-stack replacement, or when the run is stopping.
		if counting || (in.C() < 0 && m.state[m.fn].Load()&(stateOSR|stateStop) != 0) {
			return frameState{code, consts, r, s}, pc, in
		}
	}
}
