//go:build amd64

package l2

import (
	"math"

	"github.com/jitvm/jitvm/jit/internal/native"
	"github.com/jitvm/jitvm/vm"
	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// Exits: what native code asks Go to do. Each exit site has a descriptor
// in its Code; the exit code native code reports is native.ExitUser plus
// the descriptor's index, and Go finds the Code from the resume address.

type exitKind uint8

const (
	exCall    exitKind = iota // a call Go makes: Machine.Call
	exOp                      // an instruction Go carries out (slices, output, panics, os.Exit)
	exRaise                   // a runtime error detected by native code
	exPreempt                 // a preemption request seen at a loop header or function entry
)

type errKind uint8

const (
	errIndex   errKind = iota // index out of range: index in wArg0, length in wArg1
	errIndex2                 // a failed s[i][j]: i in wArg0, j in wArg1
	errDivZero                // integer divide by zero
	errShift                  // negative shift amount
)

type exitDesc struct {
	kind exitKind
	err  errKind
	in   inst // the instruction (operands relative to the physical frame), its origin and inline site
	// leave marks a preemption exit at a loop header of the function's own
	// code where the frame window holds every value live at the header, as
	// the interpreter would: the frame may leave the Code there for newer
	// code of its function (machineRuntime.replace). Go then sets wArg0 to
	// 1 when it did (native code returns at once: the newer code ran the
	// rest of the function) and to 0 when it did not.
	leave bool
}

// exitState is what Go knows about the frame that exited.
type exitState struct {
	m     *vm.Machine
	c     *Code
	base  int // the physical frame's window
	depth int // frame stack depth (the physical frame is on top)
}

// handle carries out exit d and returns normally when native code can
// resume (runtime errors and os.Exit do not return).
func (s *exitState) handle(d *exitDesc, arg0, arg1 uint64) {
	m, base := s.m, s.base
	in := &d.in
	switch d.kind {
	case exPreempt:
		native.Preempt()
		if m.Stopping() {
			// Interrupt: stop where the program is (Machine.Poll). The
			// runtime's time-slice preemption (every 10 ms of running)
			// brings long-running native code here.
			s.atSite(in, func() { m.Poll(in.pc) })
		}
	case exCall:
		m.Call(in.b, base+in.a, in.pc)
	case exRaise:
		var err *vm.RuntimeError
		switch d.err {
		case errIndex:
			err = vm.IndexError(int64(arg0), int(arg1))
		case errIndex2:
			_, sregs := m.Regs()
			x := in.b // GET2
			if in.op == bc.SET2 {
				x = in.a
			}
			err = vm.Index2Error(sregs[base+x].S, arg0, arg1)
		case errDivZero:
			err = vm.ErrDivideByZero
		case errShift:
			err = vm.ErrNegativeShift
		}
		s.raise(in, err)
	case exOp:
		s.op(in)
	}
}

// raise raises err at instruction in.
func (s *exitState) raise(in *inst, err *vm.RuntimeError) {
	s.atSite(in, func() { s.m.Raise(err, in.pc) })
}

// atSite runs f (which may raise or stop the run) with the frame stack as
// the interpreter would have it at instruction in: with the frame record
// of the inlined callee in belongs to, if any, on top.
func (s *exitState) atSite(in *inst, f func()) {
	if in.site < 0 {
		f()
		return
	}
	site := s.c.sites[in.site]
	frames := s.m.Frames() // the inlined call's guard left room for one record
	frames[s.depth-1].PC = site.callPC + 1
	frames[s.depth] = frameRec{Fn: site.callee, Base: s.base + site.a}
	s.m.SetDepth(s.depth + 1)
	f()
	s.m.SetDepth(s.depth)
}

// op carries out an instruction native code leaves to Go, exactly as the
// interpreter does (vm/interp.go).
func (s *exitState) op(in *inst) {
	m := s.m
	regs, sregs := m.Regs()
	r, sr := regs[s.base:], sregs[s.base:]
	a, b, c := in.a, in.b, in.c
	switch in.op {
	case bc.MOVES:
		sr[a] = sr[b]
	case bc.LOADNIL:
		sr[a] = vm.Slice{}
	case bc.GETGS:
		_, sg := m.Globals()
		sr[a] = sg[b]
	case bc.SETGS:
		_, sg := m.Globals()
		sg[b] = sr[a]
	case bc.GETS:
		ss := sr[b].S
		i := r[c]
		if i >= uint64(len(ss)) {
			s.raise(in, vm.IndexError(int64(i), len(ss)))
		}
		sr[a] = ss[i]
	case bc.SETS:
		ss := sr[a].S
		i := r[b]
		if i >= uint64(len(ss)) {
			s.raise(in, vm.IndexError(int64(i), len(ss)))
		}
		ss[i] = sr[c]
	case bc.MAKE:
		// Allocations are charged to the heap limit, which may stop the run.
		s.atSite(in, func() {
			sl, err := m.MakeSlice(bc.ElemKind(c), int64(r[b]), int64(r[b+1]), in.pc)
			if err != nil {
				m.Raise(err, in.pc)
			}
			sr[a] = sl
		})
	case bc.APPEND:
		n, k := c>>2, bc.ElemKind(c&3)
		s.atSite(in, func() {
			if k == bc.ElemSlice {
				sr[a] = m.AppendSlices(sr[a], sr[b:b+n], in.pc)
			} else {
				m.AppendWordsTo(&sr[a], k, r[b:b+n], in.pc)
			}
		})
	case bc.APPSL:
		s.atSite(in, func() {
			if k := bc.ElemKind(c); k == bc.ElemSlice {
				sr[a] = m.AppendSlices(sr[a], sr[b].S, in.pc)
			} else {
				m.AppendWordsTo(&sr[a], k, sr[b].W, in.pc)
			}
		})
	case bc.SLICE, bc.SLICE3:
		x := sr[b]
		lo, hi := int64(r[c]), int64(r[c+1])
		mx := int64(x.Cap())
		three := in.op == bc.SLICE3
		if three {
			mx = int64(r[c+2])
		}
		if mx < 0 || mx > int64(x.Cap()) || hi < 0 || hi > mx || lo < 0 || lo > hi {
			s.raise(in, vm.SliceError(lo, hi, mx, three, x.Len(), x.Cap()))
		}
		if x.S != nil {
			sr[a] = vm.Slice{S: x.S[lo:hi:mx]}
		} else {
			sr[a] = vm.Slice{W: x.W[lo:hi:mx]}
		}
	case bc.COPY:
		d, src := &sr[b], &sr[c]
		if d.S != nil || src.S != nil {
			r[a] = uint64(copy(d.S, src.S))
		} else {
			r[a] = uint64(copy(d.W, src.W))
		}
	case bc.PRINT:
		m.Print(b, s.base+a)
	case bc.PANIC:
		s.raise(in, m.PanicError(b, r[a]))
	case bc.EXIT:
		m.Exit(int(int64(r[a])))
	case opGAppend:
		_, sg := m.Globals()
		n, k := c>>2, bc.ElemKind(c&3)
		s.atSite(in, func() { m.AppendWordsTo(&sg[a], k, r[b:b+n], in.pc) })
	case bc.FLOOR:
		r[a] = math.Float64bits(math.Floor(math.Float64frombits(r[b])))
	case bc.CEIL:
		r[a] = math.Float64bits(math.Ceil(math.Float64frombits(r[b])))
	default:
		panic("l2: no exit handler for " + in.op.String())
	}
}
