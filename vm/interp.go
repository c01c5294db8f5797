package vm

import (
	"math"
	"unsafe"

	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// window returns the state the inner loop runs a frame of f at base with.
func (m *Machine) window(f *bc.Func, base int) frameState {
	return frameState{
		code:   unsafe.Pointer(unsafe.SliceData(f.Code)),
		consts: unsafe.Pointer(unsafe.SliceData(f.Consts)),
		r:      unsafe.Pointer(&m.regs[base]),
		s:      unsafe.Pointer(&m.sregs[base]),
	}
}

// runEntry runs function entry (with no arguments) on an empty frame stack
// and returns how the program stopped: nil, an *ExitError or a
// *RuntimeError.
func (m *Machine) runEntry(entry int) (err error) {
	defer func() {
		if r := recover(); r != nil {
			u, ok := r.(unwind)
			if !ok {
				panic(r)
			}
			err = u.err
			m.depth, m.stop = 0, 0
			m.current.Store(-1)
		}
	}()
	f := m.funcs[entry]
	if f.NumRegs > len(m.regs) {
		m.grow(f.NumRegs)
	}
	m.frames[0] = frame{fn: entry}
	m.depth = 1
	m.fn, m.base, m.seg = entry, 0, 0
	m.publish(entry)
	if c := m.compiled(entry); c != nil {
		c.Enter(m, 0, 0)
		m.pop()
		return nil
	}
	m.loop(1, 0, false)
	return nil
}

// loop is the L0 interpreter. It runs the frame on top of the frame stack,
// at depth stop, from pc, until that frame returns; then it pops that frame
// unless keep is set.
//
// It is two loops. runFast (fast.go) dispatches the instructions that only
// touch registers and constants; loop handles the rest (calls of compiled
// code, allocation, slice stores, output, errors, growth). Calls and returns
// between interpreted functions push and pop a frame record and reload the
// frame state, without recursion on the Go stack, so program recursion
// depth is bounded only by MaxFrames. A call of compiled code is a Go call
// (Code.Enter), and compiled code calls interpreted functions through
// Machine.Call, which runs a nested loop: stop tells each loop where its
// frames end.
//
// With CountOps, executed bytecodes are credited to functions a straight
// run at a time: at every taken jump, call and return, the run since the
// last such point is added, so counting costs nothing per ordinary
// instruction (runFast returns at taken jumps when counting).
func (m *Machine) loop(stop, pc int, keep bool) {
	outer := m.stop
	m.stop = stop
	defer func() { m.stop = outer }()
	st := m.window(m.funcs[m.fn], m.base)
	counting := m.counts != nil
	var rerr *RuntimeError

	for {
		var in bc.Instr
		st, pc, in = runFast(m, st, pc, counting)
		r, s := st.r, st.s
		switch op := in.Op(); op {
		case bc.DIV, bc.MOD:
			// runFast returns these (and the GETs and SETs below) only when
			// they fail.
			rerr = ErrDivideByZero
		case bc.SHL, bc.SHR:
			rerr = ErrNegativeShift
		case bc.GET:
			rerr = indexError(int64(*rg(r, in.C())), len(sg(s, in.B()).W))
		case bc.SET:
			rerr = indexError(int64(*rg(r, in.B())), len(sg(s, in.A()).W))

		case bc.GLOAD:
			rerr = indexError(int64(*rg(r, in.C())), len(m.sglobals[in.B()].W))
		case bc.GSTORE:
			rerr = indexError(int64(*rg(r, in.B())), len(m.sglobals[in.A()].W))
		case bc.GET2:
			rerr = index2Error(sg(s, in.B()).S, *rg(r, in.C()&0xfff), *rg(r, in.C()>>12))
		case bc.SET2:
			rerr = index2Error(sg(s, in.A()).S, *rg(r, in.B()), *rg(r, in.C()&0xfff))
		case bc.MOVES:
			*sg(s, in.A()) = *sg(s, in.B())
		case bc.LOADNIL:
			*sg(s, in.A()) = Slice{}
		case bc.GETGS:
			*sg(s, in.A()) = m.sglobals[in.B()]
		case bc.SETGS:
			m.sglobals[in.B()] = *sg(s, in.A())
		case bc.GETS:
			ss := sg(s, in.B()).S
			i := *rg(r, in.C())
			if i >= uint64(len(ss)) {
				rerr = indexError(int64(i), len(ss))
				break
			}
			*sg(s, in.A()) = ss[i]
		case bc.SETS:
			ss := sg(s, in.A()).S
			i := *rg(r, in.B())
			if i >= uint64(len(ss)) {
				rerr = indexError(int64(i), len(ss))
				break
			}
			ss[i] = *sg(s, in.C())
		case bc.MAKE:
			b := in.B()
			sl, e := m.MakeSlice(bc.ElemKind(in.C()), int64(*rg(r, b)), int64(*rg(r, b+1)), pc-1)
			if e != nil {
				rerr = e
				break
			}
			*sg(s, in.A()) = sl
		case bc.APPEND:
			b, n, k := in.B(), in.C()>>2, bc.ElemKind(in.C()&3)
			if k == bc.ElemSlice {
				*sg(s, in.A()) = m.AppendSlices(*sg(s, in.A()), unsafe.Slice(sg(s, b), n), pc-1)
			} else {
				m.AppendWordsTo(sg(s, in.A()), k, unsafe.Slice(rg(r, b), n), pc-1)
			}
		case bc.APPSL:
			if k := bc.ElemKind(in.C()); k == bc.ElemSlice {
				*sg(s, in.A()) = m.AppendSlices(*sg(s, in.A()), sg(s, in.B()).S, pc-1)
			} else {
				m.AppendWordsTo(sg(s, in.A()), k, sg(s, in.B()).W, pc-1)
			}
		case bc.SLICE, bc.SLICE3:
			x := *sg(s, in.B())
			c := in.C()
			lo, hi := int64(*rg(r, c)), int64(*rg(r, c+1))
			mx := int64(x.Cap())
			three := op == bc.SLICE3
			if three {
				mx = int64(*rg(r, c+2))
			}
			if mx < 0 || mx > int64(x.Cap()) || hi < 0 || hi > mx || lo < 0 || lo > hi {
				rerr = sliceError(lo, hi, mx, three, x.Len(), x.Cap())
				break
			}
			if x.S != nil {
				*sg(s, in.A()) = Slice{S: x.S[lo:hi:mx]}
			} else {
				*sg(s, in.A()) = Slice{W: x.W[lo:hi:mx]}
			}
		case bc.COPY:
			d, src := sg(s, in.B()), sg(s, in.C())
			if d.S != nil || src.S != nil {
				*rg(r, in.A()) = uint64(copy(d.S, src.S))
			} else {
				*rg(r, in.A()) = uint64(copy(d.W, src.W))
			}
		case bc.FLOOR:
			*rg(r, in.A()) = w64(math.Floor(f64(*rg(r, in.B()))))
		case bc.CEIL:
			*rg(r, in.A()) = w64(math.Ceil(f64(*rg(r, in.B()))))

		case bc.CALL:
			callee := in.B()
			if m.state[callee].Load()&stateStop != 0 {
				m.stopNow(pc - 1)
			}
			nbase := m.base + in.A()
			if counting {
				m.counts[m.fn] += uint64(pc - m.seg)
				m.seg = 0
			}
			m.push(callee, nbase, pc)
			if c := m.compiled(callee); c != nil {
				c.Enter(m, nbase, 0)
				m.pop()
				top := m.frames[m.depth-1]
				pc, m.seg = top.pc, top.pc
			} else {
				pc = 0
			}
			st = m.window(m.funcs[m.fn], m.base)
		case bc.RET:
			if counting {
				m.counts[m.fn] += uint64(pc - m.seg)
			}
			if m.ret(keep) {
				return
			}
			pc = m.frames[m.depth-1].pc
			m.seg = pc
			st = m.window(m.funcs[m.fn], m.base)
		case bc.PRINT:
			a := in.A()
			site := &m.prog.Prints[in.B()]
			m.print(m.out, site, unsafe.Slice(rg(r, a), len(site.Args)), unsafe.Slice(sg(s, a), len(site.Args)))
		case bc.PANIC:
			rerr = m.PanicError(in.B(), *rg(r, in.A()))
		case bc.EXIT:
			if counting {
				m.counts[m.fn] += uint64(pc - m.seg)
			}
			m.Exit(int(int64(*rg(r, in.A()))))
		default:
			if !op.IsJump() {
				rerr = &RuntimeError{Msg: "invalid opcode " + op.String(), Fatal: true}
				break
			}
			// A taken jump that runFast handed over: for counting, or for
			// on-stack replacement at a loop header.
			if counting {
				m.counts[m.fn] += uint64(pc - in.C() - m.seg)
				m.seg = pc
			}
			if in.C() < 0 && m.state[m.fn].Load()&(stateOSR|stateStop) != 0 {
				if c := m.AtLoopHeader(m.fn, nil, pc-in.C()-1, pc); c != nil {
					c.Enter(m, m.base, pc)
					if m.ret(keep) {
						return
					}
					pc = m.frames[m.depth-1].pc
					st = m.window(m.funcs[m.fn], m.base)
				}
			}
		}
		if rerr != nil {
			if counting {
				m.counts[m.fn] += uint64(pc - m.seg)
			}
			m.Raise(rerr, pc-1)
		}
	}
}

// ret pops the top frame after its function returned and reports whether
// it was the frame this loop was started for.
func (m *Machine) ret(keep bool) bool {
	done := m.depth == m.stop
	if !done || !keep {
		m.pop()
	}
	return done
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
