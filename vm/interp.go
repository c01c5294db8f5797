package vm

import (
	"math"

	bc "github.com/jitvm/jitvm/vm/bytecode"
)

func f64(w uint64) float64 { return math.Float64frombits(w) }
func w64(f float64) uint64 { return math.Float64bits(f) }

func b2w(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// exec runs function entry (with no arguments) to completion on an empty
// frame stack: the L0 interpreter.
//
// Dispatch is a switch over the opcode byte, which Go compiles to a jump
// table. The running frame's state lives in locals (code, constants, the
// register windows r and s, pc); calls and returns push and pop a frame
// record and reload them, without recursion on the Go stack, so program
// recursion depth is bounded only by MaxFrames.
//
// With CountOps, executed bytecodes are credited to functions a straight
// run at a time: at every taken jump, call and return, the run since the
// last such point is added (the jump-taken path goes through `jumped`), so
// the counting costs nothing per ordinary instruction.
func (m *Machine) exec(entry int) (err error) {
	funcs := m.prog.Funcs
	counting := m.counts != nil
	fn := entry
	f := funcs[fn]
	base := 0
	if f.NumRegs > len(m.regs) {
		m.grow(f.NumRegs)
	}
	m.frames = append(m.frames[:0], frame{fn: fn})
	code := f.Code
	consts := f.Consts
	r := m.regs[base : base+f.NumRegs]
	s := m.sregs[base : base+f.NumRegs]
	pc, seg := 0, 0
	m.current.Store(int32(fn))
	var rerr *RuntimeError

	for {
		in := code[pc]
		pc++
		switch in.Op() {
		case bc.NOP:
		case bc.MOVE:
			r[in.A()] = r[in.B()]
		case bc.MOVES:
			s[in.A()] = s[in.B()]
		case bc.LOADI:
			r[in.A()] = uint64(int64(in.C()))
		case bc.LOADK:
			r[in.A()] = consts[in.B()]
		case bc.LOADNIL:
			s[in.A()] = Slice{}
		case bc.GETG:
			r[in.A()] = m.globals[in.B()]
		case bc.SETG:
			m.globals[in.B()] = r[in.A()]
		case bc.GETGS:
			s[in.A()] = m.sglobals[in.B()]
		case bc.SETGS:
			m.sglobals[in.B()] = s[in.A()]

		case bc.ADD:
			r[in.A()] = r[in.B()] + r[in.C()]
		case bc.SUB:
			r[in.A()] = r[in.B()] - r[in.C()]
		case bc.MUL:
			r[in.A()] = r[in.B()] * r[in.C()]
		case bc.DIV:
			y := int64(r[in.C()])
			if y == 0 {
				rerr = ErrDivideByZero
				goto fail
			}
			r[in.A()] = uint64(int64(r[in.B()]) / y)
		case bc.MOD:
			y := int64(r[in.C()])
			if y == 0 {
				rerr = ErrDivideByZero
				goto fail
			}
			r[in.A()] = uint64(int64(r[in.B()]) % y)
		case bc.AND:
			r[in.A()] = r[in.B()] & r[in.C()]
		case bc.OR:
			r[in.A()] = r[in.B()] | r[in.C()]
		case bc.XOR:
			r[in.A()] = r[in.B()] ^ r[in.C()]
		case bc.ANDNOT:
			r[in.A()] = r[in.B()] &^ r[in.C()]
		case bc.SHL:
			n := int64(r[in.C()])
			if n < 0 {
				rerr = ErrNegativeShift
				goto fail
			}
			r[in.A()] = r[in.B()] << uint64(n)
		case bc.SHR:
			n := int64(r[in.C()])
			if n < 0 {
				rerr = ErrNegativeShift
				goto fail
			}
			r[in.A()] = uint64(int64(r[in.B()]) >> uint64(n))
		case bc.ADDI:
			r[in.A()] = r[in.B()] + uint64(int64(in.C()))
		case bc.SHLI:
			r[in.A()] = r[in.B()] << uint(in.C())
		case bc.SHRI:
			r[in.A()] = uint64(int64(r[in.B()]) >> uint(in.C()))
		case bc.NEG:
			r[in.A()] = -r[in.B()]
		case bc.BNOT:
			r[in.A()] = ^r[in.B()]
		case bc.NOT:
			r[in.A()] = r[in.B()] ^ 1

		case bc.FADD:
			r[in.A()] = w64(f64(r[in.B()]) + f64(r[in.C()]))
		case bc.FSUB:
			r[in.A()] = w64(f64(r[in.B()]) - f64(r[in.C()]))
		case bc.FMUL:
			r[in.A()] = w64(f64(r[in.B()]) * f64(r[in.C()]))
		case bc.FDIV:
			r[in.A()] = w64(f64(r[in.B()]) / f64(r[in.C()]))
		case bc.FNEG:
			r[in.A()] = w64(-f64(r[in.B()]))
		case bc.ITOF:
			r[in.A()] = w64(float64(int64(r[in.B()])))
		case bc.FTOI:
			r[in.A()] = uint64(int64(f64(r[in.B()])))

		case bc.EQ:
			r[in.A()] = b2w(r[in.B()] == r[in.C()])
		case bc.NE:
			r[in.A()] = b2w(r[in.B()] != r[in.C()])
		case bc.LT:
			r[in.A()] = b2w(int64(r[in.B()]) < int64(r[in.C()]))
		case bc.LE:
			r[in.A()] = b2w(int64(r[in.B()]) <= int64(r[in.C()]))
		case bc.FEQ:
			r[in.A()] = b2w(f64(r[in.B()]) == f64(r[in.C()]))
		case bc.FNE:
			r[in.A()] = b2w(f64(r[in.B()]) != f64(r[in.C()]))
		case bc.FLT:
			r[in.A()] = b2w(f64(r[in.B()]) < f64(r[in.C()]))
		case bc.FLE:
			r[in.A()] = b2w(f64(r[in.B()]) <= f64(r[in.C()]))
		case bc.ISNIL:
			r[in.A()] = b2w(s[in.B()].IsNil())

		case bc.JMP:
			pc += in.C()
			goto jumped
		case bc.JT:
			if r[in.A()] != 0 {
				pc += in.C()
				goto jumped
			}
		case bc.JF:
			if r[in.A()] == 0 {
				pc += in.C()
				goto jumped
			}
		case bc.JEQ:
			if r[in.A()] == r[in.B()] {
				pc += in.C()
				goto jumped
			}
		case bc.JNE:
			if r[in.A()] != r[in.B()] {
				pc += in.C()
				goto jumped
			}
		case bc.JLT:
			if int64(r[in.A()]) < int64(r[in.B()]) {
				pc += in.C()
				goto jumped
			}
		case bc.JLE:
			if int64(r[in.A()]) <= int64(r[in.B()]) {
				pc += in.C()
				goto jumped
			}
		case bc.JEQK:
			if r[in.A()] == consts[in.B()] {
				pc += in.C()
				goto jumped
			}
		case bc.JNEK:
			if r[in.A()] != consts[in.B()] {
				pc += in.C()
				goto jumped
			}
		case bc.JLTK:
			if int64(r[in.A()]) < int64(consts[in.B()]) {
				pc += in.C()
				goto jumped
			}
		case bc.JLEK:
			if int64(r[in.A()]) <= int64(consts[in.B()]) {
				pc += in.C()
				goto jumped
			}
		case bc.JGTK:
			if int64(r[in.A()]) > int64(consts[in.B()]) {
				pc += in.C()
				goto jumped
			}
		case bc.JGEK:
			if int64(r[in.A()]) >= int64(consts[in.B()]) {
				pc += in.C()
				goto jumped
			}

		case bc.LEN:
			r[in.A()] = uint64(s[in.B()].Len())
		case bc.CAP:
			r[in.A()] = uint64(s[in.B()].Cap())
		case bc.GET:
			w := s[in.B()].W
			i := r[in.C()]
			if i >= uint64(len(w)) {
				rerr = indexError(int64(i), len(w))
				goto fail
			}
			r[in.A()] = w[i]
		case bc.GETS:
			ss := s[in.B()].S
			i := r[in.C()]
			if i >= uint64(len(ss)) {
				rerr = indexError(int64(i), len(ss))
				goto fail
			}
			s[in.A()] = ss[i]
		case bc.SET:
			w := s[in.A()].W
			i := r[in.B()]
			if i >= uint64(len(w)) {
				rerr = indexError(int64(i), len(w))
				goto fail
			}
			w[i] = r[in.C()]
		case bc.SETS:
			ss := s[in.A()].S
			i := r[in.B()]
			if i >= uint64(len(ss)) {
				rerr = indexError(int64(i), len(ss))
				goto fail
			}
			ss[i] = s[in.C()]
		case bc.MAKE:
			b := in.B()
			sl, e := makeSlice(bc.ElemKind(in.C()), int64(r[b]), int64(r[b+1]))
			if e != nil {
				rerr = e
				goto fail
			}
			s[in.A()] = sl
		case bc.APPEND:
			b, n, k := in.B(), in.C()>>2, bc.ElemKind(in.C()&3)
			if k == bc.ElemSlice {
				s[in.A()] = appendSlices(s[in.A()], s[b:b+n])
			} else {
				s[in.A()] = appendWords(s[in.A()], k, r[b:b+n])
			}
		case bc.APPSL:
			if k := bc.ElemKind(in.C()); k == bc.ElemSlice {
				s[in.A()] = appendSlices(s[in.A()], s[in.B()].S)
			} else {
				s[in.A()] = appendWords(s[in.A()], k, s[in.B()].W)
			}
		case bc.SLICE, bc.SLICE3:
			x := s[in.B()]
			c := in.C()
			lo, hi := int64(r[c]), int64(r[c+1])
			mx := int64(x.Cap())
			three := in.Op() == bc.SLICE3
			if three {
				mx = int64(r[c+2])
			}
			if mx < 0 || mx > int64(x.Cap()) || hi < 0 || hi > mx || lo < 0 || lo > hi {
				rerr = sliceError(lo, hi, mx, three, x.Len(), x.Cap())
				goto fail
			}
			if x.S != nil {
				s[in.A()] = Slice{S: x.S[lo:hi:mx]}
			} else {
				s[in.A()] = Slice{W: x.W[lo:hi:mx]}
			}
		case bc.COPY:
			d, src := s[in.B()], s[in.C()]
			if d.S != nil || src.S != nil {
				r[in.A()] = uint64(copy(d.S, src.S))
			} else {
				r[in.A()] = uint64(copy(d.W, src.W))
			}

		case bc.SQRT:
			r[in.A()] = w64(math.Sqrt(f64(r[in.B()])))
		case bc.FABS:
			r[in.A()] = w64(math.Abs(f64(r[in.B()])))
		case bc.FLOOR:
			r[in.A()] = w64(math.Floor(f64(r[in.B()])))
		case bc.CEIL:
			r[in.A()] = w64(math.Ceil(f64(r[in.B()])))
		case bc.MIN:
			r[in.A()] = uint64(min(int64(r[in.B()]), int64(r[in.C()])))
		case bc.MAX:
			r[in.A()] = uint64(max(int64(r[in.B()]), int64(r[in.C()])))
		case bc.FMIN:
			r[in.A()] = w64(min(f64(r[in.B()]), f64(r[in.C()])))
		case bc.FMAX:
			r[in.A()] = w64(max(f64(r[in.B()]), f64(r[in.C()])))

		case bc.CALL:
			callee := in.B()
			nf := funcs[callee]
			nbase := base + in.A()
			if nbase+nf.NumRegs > len(m.regs) {
				m.grow(nbase + nf.NumRegs)
			}
			if len(m.frames) >= m.maxFrames {
				rerr = &RuntimeError{Msg: "stack overflow", Fatal: true,
					Note: "runtime: goroutine stack exceeds " + itoa(m.maxFrames) + "-frame limit (jitvm --max-stack)"}
				goto fail
			}
			if counting {
				m.counts[fn] += uint64(pc - seg)
				seg = 0
			}
			m.frames[len(m.frames)-1].pc = pc
			m.frames = append(m.frames, frame{fn: callee, base: nbase})
			fn, f, base, pc = callee, nf, nbase, 0
			code, consts = f.Code, f.Consts
			r = m.regs[base : base+f.NumRegs]
			s = m.sregs[base : base+f.NumRegs]
			m.current.Store(int32(fn))
		case bc.RET:
			if counting {
				m.counts[fn] += uint64(pc - seg)
			}
			m.frames = m.frames[:len(m.frames)-1]
			if len(m.frames) == 0 {
				m.current.Store(-1)
				return nil
			}
			top := m.frames[len(m.frames)-1]
			fn, base, pc = top.fn, top.base, top.pc
			seg = pc
			f = funcs[fn]
			code, consts = f.Code, f.Consts
			r = m.regs[base : base+f.NumRegs]
			s = m.sregs[base : base+f.NumRegs]
			m.current.Store(int32(fn))
		case bc.PRINT:
			a := in.A()
			m.print(m.out, &m.prog.Prints[in.B()], r[a:], s[a:])
		case bc.PANIC:
			site := &m.prog.Panics[in.B()]
			rerr = &RuntimeError{Msg: panicValue(site, r[in.A()])}
			goto fail
		case bc.EXIT:
			if counting {
				m.counts[fn] += uint64(pc - seg)
			}
			m.frames = m.frames[:0]
			m.current.Store(-1)
			return &ExitError{Code: int(int64(r[in.A()]))}
		default:
			rerr = &RuntimeError{Msg: "invalid opcode " + in.Op().String(), Fatal: true}
			goto fail
		}
		continue
	jumped:
		if counting {
			m.counts[fn] += uint64(pc - in.C() - seg)
			seg = pc
		}
		continue
	fail:
		if counting {
			m.counts[fn] += uint64(pc - seg)
		}
		e := *rerr
		e.Trace = m.trace(pc)
		m.frames = m.frames[:0]
		m.current.Store(-1)
		return &e
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
