//go:build amd64

package l2

import (
	"fmt"

	. "github.com/jitvm/jitvm/jit/internal/amd64"
	bc "github.com/jitvm/jitvm/vm/bytecode"
	"golang.org/x/sys/cpu"
)

// hasSSE41 says whether ROUNDSD (math.Floor and math.Ceil) is available;
// without it FLOOR and CEIL exit to Go.
var hasSSE41 = cpu.X86.HasSSE41

const (
	signMask = 1 << 63
	absMask  = 1<<63 - 1
)

// instMem emits float arithmetic and slice, global and length operations.
func (g *gen) instMem(i int) error {
	in := &g.u.code[i]
	uw, dw := g.a.useWeb[i], g.a.defWeb[i]
	a := g.asm
	switch in.op {
	case bc.FADD:
		g.fbinop(dw[0], uw[0], uw[1], ADDSD, true)
	case bc.FSUB:
		g.fbinop(dw[0], uw[0], uw[1], SUBSD, false)
	case bc.FMUL:
		g.fbinop(dw[0], uw[0], uw[1], MULSD, true)
	case bc.FDIV:
		g.fbinop(dw[0], uw[0], uw[1], DIVSD, false)
	case bc.FADDK, bc.FSUBK, bc.FMULK, bc.FDIVK:
		op := map[bc.Op]SDOp{bc.FADDK: ADDSD, bc.FSUBK: SUBSD, bc.FMULK: MULSD, bc.FDIVK: DIVSD}[in.op]
		d := g.xdst(dw[0], xs0)
		g.toXMM(d, uw[0])
		a.SDM(op, d, g.constMem(g.constant(in.c)))
		g.xput(dw[0], d)
	case bc.FNEG, bc.FABS:
		d := g.xdst(dw[0], xs0)
		g.toXMM(d, uw[0])
		if in.op == bc.FNEG {
			a.PDM(XORPD, d, g.const128(signMask, 0))
		} else {
			a.PDM(ANDPD, d, g.const128(absMask, 0))
		}
		g.xput(dw[0], d)
	case bc.SQRT:
		d := g.xdst(dw[0], xs0)
		s := g.fsrc(uw[0], xs1)
		if s.reg {
			a.Sqrtsd(d, s.x)
		} else {
			a.SDM(SQRTSD, d, s.m)
		}
		g.xput(dw[0], d)
	case bc.FLOOR, bc.CEIL:
		mode := RoundDown
		if in.op == bc.CEIL {
			mode = RoundUp
		}
		d := g.xdst(dw[0], xs0)
		s := g.fsrc(uw[0], xs1)
		if s.reg {
			a.Roundsd(d, s.x, mode)
		} else {
			a.RoundsdM(d, s.m, mode)
		}
		g.xput(dw[0], d)
	case bc.ITOF:
		d := g.xdst(dw[0], xs0)
		s := g.gsrc(uw[0], sc0)
		a.Xorpd(d, d) // CVTSI2SD writes only the low half: break the dependency
		if s.reg {
			a.Cvtsi2sdq(d, s.r)
		} else {
			a.Cvtsi2sdqM(d, s.m)
		}
		g.xput(dw[0], d)
	case bc.FTOI:
		d := g.gdst(dw[0], sc0)
		s := g.fsrc(uw[0], xs0)
		if s.reg {
			a.Cvttsd2siq(d, s.x)
		} else {
			a.Cvttsd2siqM(d, s.m)
		}
		g.gput(dw[0], d)
	case bc.FMIN, bc.FMAX:
		g.fminmax(dw[0], uw[0], uw[1], in.op == bc.FMIN)
	case bc.FEQ, bc.FNE, bc.FLT, bc.FLE:
		g.fcompare(i)

	case bc.LEN, bc.CAP:
		s := uw[0]
		d := g.gdst(dw[0], sc1)
		wf, sf := int32(sliceWLen), int32(sliceSLen)
		wk, sk := dWLen, dSLen
		if in.op == bc.CAP {
			wf, sf = sliceWCap, sliceSCap
		}
		switch {
		case in.op == bc.LEN && g.hasDerived(wk, s):
			a.MovRR(d, g.dreg(wk, s, sc0))
		case in.op == bc.LEN && g.hasDerived(sk, s):
			a.MovRR(d, g.dreg(sk, s, sc0))
		default:
			// At most one of W and S is non-nil: add both.
			g.sliceWindow(sc0)
			r := int32(sliceSize * g.web(s).reg)
			a.Load64(d, M(sc0, r+wf))
			a.ALURM(ADD, d, M(sc0, r+sf))
		}
		g.gput(dw[0], d)
	case bc.ISNIL:
		d := g.gdst(dw[0], sc1)
		g.sliceWindow(sc0)
		r := int32(sliceSize * g.web(uw[0]).reg)
		a.Load64(d, M(sc0, r+sliceWPtr))
		a.ALURM(OR, d, M(sc0, r+sliceSPtr))
		a.TestRR(d, d)
		a.Setcc(CondE, d)
		a.Movzx8(d, d)
		g.gput(dw[0], d)

	case bc.GET:
		idx := g.greg(uw[1], sc1)
		if g.needCheck(uw[0], uw[1]) {
			g.boundsCheck(i, idx, g.dsrc(dWLen, uw[0], sc2))
		}
		ptr := g.dreg(dWPtr, uw[0], sc2)
		g.loadWord(dw[0], MIdx(ptr, idx, 8, 0))
	case bc.SET:
		idx := g.greg(uw[1], sc0)
		if g.needCheck(uw[0], uw[1]) {
			g.boundsCheck(i, idx, g.dsrc(dWLen, uw[0], sc2))
		}
		ptr := g.dreg(dWPtr, uw[0], sc2)
		g.storeWord(MIdx(ptr, idx, 8, 0), uw[2])
	case bc.GLOAD:
		idx := g.greg(uw[0], sc1)
		if g.needCheck(-1-in.b, uw[0]) {
			g.boundsCheck(i, idx, g.dsrc(dGWLen, in.b, sc2))
		}
		ptr := g.dreg(dGWPtr, in.b, sc2)
		g.loadWord(dw[0], MIdx(ptr, idx, 8, 0))
	case bc.GSTORE:
		idx := g.greg(uw[0], sc0)
		if g.needCheck(-1-in.a, uw[0]) {
			g.boundsCheck(i, idx, g.dsrc(dGWLen, in.a, sc2))
		}
		ptr := g.dreg(dGWPtr, in.a, sc2)
		g.storeWord(MIdx(ptr, idx, 8, 0), uw[1])
	case bc.GETS: // virtual (findVirtual): load the element's W pointer and length
		ss := uw[0]
		idx := g.greg(uw[1], sc1)
		if g.needCheck(ss, uw[1]) {
			g.boundsCheck(i, idx, g.dsrc(dSLen, ss, sc2))
		}
		sptr := g.dreg(dSPtr, ss, sc2)
		a.Lea(sc0, MIdx(idx, idx, 2, 0)) // i*3
		a.ShlRI(sc0, 4)                  // i*48
		a.AddRR(sc0, sptr)               // &ss[i]
		for _, d := range g.web(dw[0]).derived {
			dv := &g.a.derived[d]
			a.Load64(g.a.pool[dv.phys], M(sc0, dkindOff[dv.kind]))
		}
	case bc.GET2:
		g.elem2(i, uw[0], uw[1], uw[2], func(m Mem) { g.loadWord(dw[0], m) })
	case bc.SET2:
		g.elem2(i, uw[0], uw[1], uw[2], func(m Mem) {
			if g.inGPRw(uw[3]) || g.inXMMw(uw[3]) {
				g.storeWord(m, uw[3])
				return
			}
			a.Lea(sc0, m)
			a.Load64(sc2, g.homeOf(uw[3]))
			a.Store64(M(sc0, 0), sc2)
		})
	default:
		return fmt.Errorf("unsupported instruction %v", in.op)
	}
	return nil
}

func (g *gen) hasDerived(k dkind, x int) bool {
	d, ok := g.a.dIndex[[2]int{int(k), x}]
	return ok && g.a.derived[d].phys >= 0
}

// needCheck reports whether an access of slice x (a slice web, or -1-g for
// global g) at index web idx needs a bounds check: not if the same pair
// was checked earlier in the basic block. A web is one value, so its
// length cannot change; a global's can, at exits and calls, which clear
// the set.
func (g *gen) needCheck(x, idx int) bool {
	key := [2]int{x, idx}
	if g.checked[key] {
		return false
	}
	g.checked[key] = true
	return true
}

// boundsCheck jumps to a raise of "index out of range" unless idx < length
// (unsigned, so negative indexes fail too).
func (g *gen) boundsCheck(i int, idx Reg, length src) {
	a := g.asm
	if length.reg {
		a.CmpRR(idx, length.r)
	} else {
		a.CmpRM(idx, length.m)
	}
	a.Jcc(CondAE, g.raise(i, errIndex, func() {
		a.Store64(ctxWord(wArg0), idx)
		if length.reg {
			a.Store64(ctxWord(wArg1), length.r)
		} else {
			a.Load64(sc0, length.m)
			a.Store64(ctxWord(wArg1), sc0)
		}
	}))
}

// elem2 emits the address computation and both bounds checks of
// S(s)[R(i)][R(j)] and calls access with the element's memory operand.
func (g *gen) elem2(at, s, iw, jw int, access func(m Mem)) {
	a := g.asm
	slen := g.dsrc(dSLen, s, sc2)
	i := g.greg(iw, sc1)
	storeJ := func() {
		g.toGPR(sc0, jw)
		a.Store64(ctxWord(wArg1), sc0)
	}
	if slen.reg {
		a.CmpRR(i, slen.r)
	} else {
		a.CmpRM(i, slen.m)
	}
	a.Jcc(CondAE, g.raise(at, errIndex2, func() {
		a.Store64(ctxWord(wArg0), i)
		storeJ()
	}))
	sptr := g.dreg(dSPtr, s, sc2)
	a.Lea(sc0, MIdx(i, i, 2, 0)) // i*3
	a.ShlRI(sc0, 4)              // i*48
	a.AddRR(sc0, sptr)           // &ss[i]
	j := g.greg(jw, sc2)
	a.CmpRM(j, M(sc0, sliceWLen))
	a.Jcc(CondAE, g.raise(at, errIndex2, func() {
		a.Store64(ctxWord(wArg0), i)
		a.Store64(ctxWord(wArg1), j)
	}))
	a.Load64(sc0, M(sc0, sliceWPtr))
	access(MIdx(sc0, j, 8, 0))
}

// fbinop emits d = b op c for float64.
func (g *gen) fbinop(d, b, c int, op SDOp, commutative bool) {
	a := g.asm
	dst := g.xdst(d, xs0)
	if g.inXMMw(c) && g.xmm(c) == dst && !(g.inXMMw(b) && g.xmm(b) == dst) {
		if commutative {
			s := g.fsrc(b, xs1)
			if s.reg {
				a.SD(op, dst, s.x)
			} else {
				a.SDM(op, dst, s.m)
			}
			g.xput(d, dst)
			return
		}
		dst = xs0
	}
	g.toXMM(dst, b)
	s := g.fsrc(c, xs1)
	if s.reg {
		a.SD(op, dst, s.x)
	} else {
		a.SDM(op, dst, s.m)
	}
	g.xput(d, dst)
}

// fminmax emits Go's min and max of float64: a NaN operand gives NaN; of
// two zeros, min prefers -0 and max +0 (runtime/minmax.go).
func (g *gen) fminmax(d, b, c int, isMin bool) {
	a := g.asm
	x := g.xreg(b, xs0)
	y := g.xreg(c, xs1)
	if x != xs0 {
		a.Movaps(xs0, x)
	}
	if y != xs1 {
		a.Movaps(xs1, y)
	}
	// xs0 = x, xs1 = y; result in xs0.
	done, eq, nan := a.NewLabel(""), a.NewLabel(""), a.NewLabel("")
	a.Ucomisd(xs0, xs1)
	a.Jcc(CondP, nan)
	a.Jcc(CondE, eq)
	keep := CondB // min: x < y keeps x
	if !isMin {
		keep = CondA
	}
	a.Jcc(keep, done)
	a.Movaps(xs0, xs1)
	a.Bind(done)
	g.xput(d, xs0)
	g.late = append(g.late, func() {
		a.Bind(eq) // equal: the same bits unless ±0, where min ORs the signs and max ANDs them
		if isMin {
			a.PD(ORPD, xs0, xs1)
		} else {
			a.PD(ANDPD, xs0, xs1)
		}
		a.Jmp(done)
		a.Bind(nan) // y NaN: y; else x (NaN)
		a.Ucomisd(xs1, xs1)
		a.Jcc(CondNP, done)
		a.Movaps(xs0, xs1)
		a.Jmp(done)
	})
}

// fcompare emits FEQ FNE FLT FLE, as a bool or fused with the next JT/JF.
// UCOMISD sets ZF, PF and CF on an unordered compare, and every compare
// involving NaN is false (true for FNE).
func (g *gen) fcompare(i int) {
	a := g.asm
	in := &g.u.code[i]
	uw, dw := g.a.useWeb[i], g.a.defWeb[i]
	b, c := uw[0], uw[1]
	switch in.op {
	case bc.FLT, bc.FLE: // b < c is c > b: compare c with b
		b, c = c, b
	}
	x := g.xreg(b, xs0)
	s := g.fsrc(c, xs1)
	if s.reg {
		a.Ucomisd(x, s.x)
	} else {
		a.UcomisdM(x, s.m)
	}
	if g.a.fusedJump[i] {
		j := g.u.code[i+1]
		target := g.labels[j.target]
		taken := j.op == bc.JT
		switch in.op {
		case bc.FLT, bc.FLE:
			cond := CondA
			if in.op == bc.FLE {
				cond = CondAE
			}
			if !taken {
				cond = cond.Not() // BE / B: unordered jumps, as !(b < c) is true
			}
			a.Jcc(cond, target)
		default:
			// Equal means ZF=1 and PF=0.
			if (in.op == bc.FEQ) == taken {
				skip := a.NewLabel("")
				a.Jcc(CondP, skip)
				a.Jcc(CondE, target)
				a.Bind(skip)
			} else {
				a.Jcc(CondP, target)
				a.Jcc(CondNE, target)
			}
		}
		return
	}
	d := g.gdst(dw[0], sc0)
	switch in.op {
	case bc.FLT:
		a.Setcc(CondA, d)
		a.Movzx8(d, d)
	case bc.FLE:
		a.Setcc(CondAE, d)
		a.Movzx8(d, d)
	case bc.FEQ:
		a.Setcc(CondE, d)
		a.Setcc(CondNP, sc2)
		a.Movzx8(d, d)
		a.Movzx8(sc2, sc2)
		a.AndRR(d, sc2)
	case bc.FNE:
		a.Setcc(CondNE, d)
		a.Setcc(CondP, sc2)
		a.Movzx8(d, d)
		a.Movzx8(sc2, sc2)
		a.OrRR(d, sc2)
	}
	g.gput(dw[0], d)
}
