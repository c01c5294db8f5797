//go:build amd64

package l2

import (
	"fmt"
	"math/bits"

	. "github.com/jitvm/jitvm/jit/internal/amd64"
	"github.com/jitvm/jitvm/jit/internal/native"
	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// inst emits instruction i.
func (g *gen) inst(i int) error {
	in := &g.u.code[i]
	if i > 0 && g.a.fusedJump[i-1] || !g.a.reached(i) {
		return nil // emitted with the compare before it, or unreachable
	}
	uw, dw := g.a.useWeb[i], g.a.defWeb[i]
	a := g.asm
	switch in.op {
	case bc.NOP:
	case bc.MOVE:
		g.move(dw[0], uw[0])
	case bc.LOADI:
		g.putConst(dw[0], uint64(int64(in.c)))
	case bc.LOADK:
		g.putConst(dw[0], g.constant(in.b))
	case bc.GETG:
		base := g.dreg(dGlobs, 0, sc0)
		g.loadWord(dw[0], M(base, int32(8*in.b)))
	case bc.SETG:
		base := g.dreg(dGlobs, 0, sc0)
		g.storeWord(M(base, int32(8*in.b)), uw[0])

	case bc.ADD:
		g.binop(dw[0], uw[0], uw[1], true, func(d Reg, s src) { g.alu(ADD, d, s) })
	case bc.SUB:
		g.binop(dw[0], uw[0], uw[1], false, func(d Reg, s src) { g.alu(SUB, d, s) })
	case bc.AND:
		g.binop(dw[0], uw[0], uw[1], true, func(d Reg, s src) { g.alu(AND, d, s) })
	case bc.OR:
		g.binop(dw[0], uw[0], uw[1], true, func(d Reg, s src) { g.alu(OR, d, s) })
	case bc.XOR:
		g.binop(dw[0], uw[0], uw[1], true, func(d Reg, s src) { g.alu(XOR, d, s) })
	case bc.MUL:
		g.binop(dw[0], uw[0], uw[1], true, func(d Reg, s src) {
			if s.reg {
				a.ImulRR(d, s.r)
			} else {
				a.ImulRM(d, s.m)
			}
		})
	case bc.ANDNOT:
		g.toGPR(sc1, uw[1])
		a.Not(sc1)
		d := g.gdst(dw[0], sc0)
		g.toGPR(d, uw[0])
		a.AndRR(d, sc1)
		g.gput(dw[0], d)
	case bc.DIV, bc.MOD:
		g.divide(i, in.op == bc.MOD)
	case bc.SHL, bc.SHR:
		g.shift(i, in.op == bc.SHL)
	case bc.ADDI:
		g.addImm(dw[0], uw[0], int64(in.c))
	case bc.SHLI, bc.SHRI:
		d := g.gdst(dw[0], sc0)
		g.toGPR(d, uw[0])
		if n := uint8(in.c & 63); n != 0 {
			if in.op == bc.SHLI {
				a.ShlRI(d, n)
			} else {
				a.SarRI(d, n)
			}
		}
		g.gput(dw[0], d)
	case bc.MULK:
		k := int64(g.constant(in.c))
		d := g.gdst(dw[0], sc0)
		if fitsImm32(k) {
			a.ImulRRI(d, g.greg(uw[0], sc1), int32(k))
		} else {
			a.MovRI(sc1, k)
			g.toGPR(d, uw[0])
			a.ImulRR(d, sc1)
		}
		g.gput(dw[0], d)
	case bc.DIVK, bc.MODK:
		g.divideConst(dw[0], uw[0], int64(g.constant(in.c)), in.op == bc.MODK)
	case bc.ANDK, bc.ORK, bc.XORK:
		op := map[bc.Op]ALUOp{bc.ANDK: AND, bc.ORK: OR, bc.XORK: XOR}[in.op]
		k := int64(g.constant(in.c))
		d := g.gdst(dw[0], sc0)
		if fitsImm32(k) {
			g.toGPR(d, uw[0])
			a.ALURI(op, d, int32(k))
		} else {
			a.MovRI(sc1, k)
			g.toGPR(d, uw[0])
			a.ALURR(op, d, sc1)
		}
		g.gput(dw[0], d)
	case bc.NEG, bc.BNOT, bc.NOT:
		d := g.gdst(dw[0], sc0)
		g.toGPR(d, uw[0])
		switch in.op {
		case bc.NEG:
			a.Neg(d)
		case bc.BNOT:
			a.Not(d)
		default:
			a.XorRI(d, 1)
		}
		g.gput(dw[0], d)
	case bc.MIN, bc.MAX:
		b, c := uw[0], uw[1]
		d := g.gdst(dw[0], sc0)
		if g.inGPRw(c) && g.gpr(c) == d {
			b, c = c, b // min and max commute
		}
		g.toGPR(d, b)
		s := g.gsrc(c, sc1)
		cond := CondG // min: take c when d > c
		if in.op == bc.MAX {
			cond = CondL
		}
		if s.reg {
			a.CmpRR(d, s.r)
			a.Cmov(cond, d, s.r)
		} else {
			a.CmpRM(d, s.m)
			a.CmovM(cond, d, s.m)
		}
		g.gput(dw[0], d)

	case bc.EQ, bc.NE, bc.LT, bc.LE:
		cond := map[bc.Op]Cond{bc.EQ: CondE, bc.NE: CondNE, bc.LT: CondL, bc.LE: CondLE}[in.op]
		g.cmpInt(uw[0], uw[1])
		if g.a.fusedJump[i] {
			g.fusedBranch(i, cond)
			return nil
		}
		g.setBool(dw[0], cond)

	case bc.JMP:
		next := i + 1
		for next < in.target && !g.a.reached(next) {
			next++ // unreachable code emits nothing
		}
		if in.target != next {
			a.Jmp(g.labels[in.target])
		}
	case bc.JT, bc.JF:
		s := g.gsrc(uw[0], sc0)
		if s.reg {
			a.TestRR(s.r, s.r)
		} else {
			a.CmpMI(s.m, 0)
		}
		cond := CondNE
		if in.op == bc.JF {
			cond = CondE
		}
		a.Jcc(cond, g.labels[in.target])
	case bc.JEQ, bc.JNE, bc.JLT, bc.JLE:
		cond := map[bc.Op]Cond{bc.JEQ: CondE, bc.JNE: CondNE, bc.JLT: CondL, bc.JLE: CondLE}[in.op]
		g.cmpInt(uw[0], uw[1])
		a.Jcc(cond, g.labels[in.target])
	case bc.JEQK, bc.JNEK, bc.JLTK, bc.JLEK, bc.JGTK, bc.JGEK:
		cond := map[bc.Op]Cond{bc.JEQK: CondE, bc.JNEK: CondNE, bc.JLTK: CondL, bc.JLEK: CondLE,
			bc.JGTK: CondG, bc.JGEK: CondGE}[in.op]
		k := int64(g.constant(in.b))
		s := g.gsrc(uw[0], sc0)
		switch {
		case fitsImm32(k) && s.reg:
			a.CmpRI(s.r, int32(k))
		case fitsImm32(k):
			a.CmpMI(s.m, int32(k))
		default:
			a.MovRI(sc1, k)
			if s.reg {
				a.CmpRR(s.r, sc1)
			} else {
				a.ALUMR(CMP, s.m, sc1)
			}
		}
		a.Jcc(cond, g.labels[in.target])

	case opInline:
		g.inlineCheck(in)
	case opGLen, opGCap:
		wf, sf := int32(sliceWLen), int32(sliceSLen)
		if in.op == opGCap {
			wf, sf = sliceWCap, sliceSCap
		}
		a.Load64(sc0, ctxWord(wSGlobals))
		d := g.gdst(dw[0], sc1)
		a.Load64(d, M(sc0, int32(sliceSize*in.b)+wf))
		a.ALURM(ADD, d, M(sc0, int32(sliceSize*in.b)+sf))
		g.gput(dw[0], d)
	case bc.CALL:
		g.call(i)
	case bc.RET:
		g.store(uw)
		if g.a.rbpFree {
			a.Load64(fpReg, ctxWord(wFP)) // the caller's frame record pointer
		}
		if g.a.gFree {
			native.EmitLoadG(a, native.GReg) // callers expect g in R14
		}
		a.Ret()

	default:
		if g.u.isHybrid(in) {
			g.hybrid(i)
			return nil
		}
		if g.u.isExit(in) {
			g.syncExit(i, exitDesc{kind: exOp, in: *in})
			return nil
		}
		return g.instMem(i)
	}
	return nil
}

// move copies web s to web d.
func (g *gen) move(d, s int) {
	a := g.asm
	switch {
	case g.inGPRw(d):
		g.toGPR(g.gpr(d), s)
	case g.inXMMw(d):
		g.toXMM(g.xmm(d), s)
	case g.inGPRw(s):
		a.Store64(g.homeOf(d), g.gpr(s))
	case g.inXMMw(s):
		a.MovsdMR(g.homeOf(d), g.xmm(s))
	default:
		if g.web(d).reg != g.web(s).reg {
			a.Load64(sc0, g.homeOf(s))
			a.Store64(g.homeOf(d), sc0)
		}
	}
}

// loadWord sets web d to the word at m (m must not use sc1 if d needs it... it uses sc1 only for memory-resident d).
func (g *gen) loadWord(d int, m Mem) {
	switch {
	case g.inGPRw(d):
		g.asm.Load64(g.gpr(d), m)
	case g.inXMMw(d):
		g.asm.MovsdRM(g.xmm(d), m)
	default:
		g.asm.Load64(sc1, m)
		g.asm.Store64(g.homeOf(d), sc1)
	}
}

// storeWord writes web s to m (using sc1 for a memory-resident s).
func (g *gen) storeWord(m Mem, s int) {
	switch {
	case g.inGPRw(s):
		g.asm.Store64(m, g.gpr(s))
	case g.inXMMw(s):
		g.asm.MovsdMR(m, g.xmm(s))
	default:
		g.asm.Load64(sc1, g.homeOf(s))
		g.asm.Store64(m, sc1)
	}
}

func (g *gen) alu(op ALUOp, d Reg, s src) {
	if s.reg {
		g.asm.ALURR(op, d, s.r)
	} else {
		g.asm.ALURM(op, d, s.m)
	}
}

// binop emits d = b op c for a two-operand instruction pattern.
func (g *gen) binop(d, b, c int, commutative bool, op func(dst Reg, s src)) {
	dst := g.gdst(d, sc0)
	if g.inGPRw(c) && g.gpr(c) == dst && !(g.inGPRw(b) && g.gpr(b) == dst) {
		// The destination register holds c, which op still reads.
		if commutative {
			op(dst, g.gsrc(b, sc1))
			g.gput(d, dst)
			return
		}
		dst = sc0
	}
	g.toGPR(dst, b)
	op(dst, g.gsrc(c, sc1))
	g.gput(d, dst)
}

func (g *gen) addImm(d, b int, k int64) {
	a := g.asm
	dst := g.gdst(d, sc0)
	switch {
	case !fitsImm32(k):
		a.MovRI(sc1, k)
		g.toGPR(dst, b)
		a.AddRR(dst, sc1)
	case g.inGPRw(b) && g.gpr(b) != dst && k != 0:
		a.Lea(dst, M(g.gpr(b), int32(k)))
	default:
		g.toGPR(dst, b)
		if k != 0 {
			a.AddRI(dst, int32(k))
		}
	}
	g.gput(d, dst)
}

// divide emits DIV or MOD with a register divisor: zero raises, -1 is
// done without IDIV (MinInt64 / -1 faults on x86; Go wraps, and x % -1 is 0).
func (g *gen) divide(i int, mod bool) {
	a := g.asm
	uw, dw := g.a.useWeb[i], g.a.defWeb[i]
	g.toGPR(sc1, uw[1])
	a.TestRR(sc1, sc1)
	a.Jcc(CondE, g.raise(i, errDivZero, nil))
	minus1, done := a.NewLabel(""), a.NewLabel("")
	a.CmpRI(sc1, -1)
	a.Jcc(CondE, minus1)
	g.toGPR(sc0, uw[0])
	a.Cqo()
	a.Idiv(sc1)
	res := sc0
	if mod {
		res = sc2
	}
	a.Bind(done)
	g.gput(dw[0], res)
	g.late = append(g.late, func() {
		a.Bind(minus1)
		if mod {
			a.Zero(sc2)
		} else {
			g.toGPR(sc0, uw[0])
			a.Neg(sc0)
		}
		a.Jmp(done)
	})
}

// divideConst emits x / k or x % k for a constant k != 0.
func (g *gen) divideConst(d, b int, k int64, mod bool) {
	a := g.asm
	switch {
	case k == 1 || k == -1:
		dst := g.gdst(d, sc0)
		if mod {
			a.Zero(dst)
		} else {
			g.toGPR(dst, b)
			if k == -1 {
				a.Neg(dst)
			}
		}
		g.gput(d, dst)
		return
	}
	abs := uint64(k)
	if k < 0 {
		abs = -abs
	}
	if abs&(abs-1) == 0 && abs != 1<<63 {
		// Truncated division by 2^s: add 2^s-1 to negative dividends.
		s := uint8(bits.TrailingZeros64(abs))
		r := g.gdst(d, sc0)
		g.toGPR(r, b)
		a.MovRR(sc1, r)
		a.SarRI(sc1, 63)
		a.ShrRI(sc1, 64-s) // bias: 2^s-1 when negative, else 0
		a.AddRR(r, sc1)
		if mod {
			mask := int64(abs - 1)
			if fitsImm32(mask) {
				a.AndRI(r, int32(mask))
			} else {
				a.MovRI(sc2, mask)
				a.AndRR(r, sc2)
			}
			a.SubRR(r, sc1)
		} else {
			a.SarRI(r, s)
			if k < 0 {
				a.Neg(r)
			}
		}
		g.gput(d, r)
		return
	}
	a.MovRI(sc1, k)
	g.toGPR(sc0, b)
	a.Cqo()
	a.Idiv(sc1)
	if mod {
		g.gput(d, sc2)
	} else {
		g.gput(d, sc0)
	}
}

// shift emits SHL or SHR by a register count with Go's semantics: a
// negative count panics, a count of 64 or more gives 0 (or the sign).
func (g *gen) shift(i int, left bool) {
	a := g.asm
	uw, dw := g.a.useWeb[i], g.a.defWeb[i]
	g.toGPR(sc1, uw[1])
	dst := g.gdst(dw[0], sc0)
	g.toGPR(dst, uw[0])
	big, done := a.NewLabel(""), a.NewLabel("")
	a.CmpRI(sc1, 63)
	a.Jcc(CondA, big) // unsigned: negative counts too
	if left {
		a.ShlCL(dst)
	} else {
		a.SarCL(dst)
	}
	a.Bind(done)
	g.gput(dw[0], dst)
	neg := g.raise(i, errShift, nil)
	g.late = append(g.late, func() {
		a.Bind(big)
		a.TestRR(sc1, sc1)
		a.Jcc(CondS, neg)
		if left {
			a.Zero(dst)
		} else {
			a.SarRI(dst, 63)
		}
		a.Jmp(done)
	})
}

// cmpInt sets the flags of b - c.
func (g *gen) cmpInt(b, c int) {
	a := g.asm
	sb, scc := g.gsrc(b, sc0), g.gsrc(c, sc1)
	switch {
	case sb.reg && scc.reg:
		a.CmpRR(sb.r, scc.r)
	case sb.reg:
		a.CmpRM(sb.r, scc.m)
	case scc.reg:
		a.ALUMR(CMP, sb.m, scc.r)
	default:
		a.Load64(sc0, sb.m)
		a.CmpRM(sc0, scc.m)
	}
}

// setBool sets web d to 1 if cond holds, else 0 (flags set by a compare).
func (g *gen) setBool(d int, cond Cond) {
	dst := g.gdst(d, sc0)
	g.asm.Setcc(cond, dst)
	g.asm.Movzx8(dst, dst)
	g.gput(d, dst)
}

// fusedBranch emits the JT/JF after compare i as a conditional jump on
// the compare's flags (cond is the compare's "true" condition).
func (g *gen) fusedBranch(i int, cond Cond) {
	j := g.u.code[i+1]
	if j.op == bc.JF {
		cond = cond.Not()
	}
	g.asm.Jcc(cond, g.labels[j.target])
}

// inlineCheck emits the guard of an inlined call: room in the frame stack
// for the callee's frame record (so that a runtime error inside the body
// can materialise it) and in the register file for its registers; else
// the call is made for real (the slow path at in.target).
func (g *gen) inlineCheck(in *inst) {
	a := g.asm
	slow := g.labels[in.target]
	if g.a.rbpFree {
		a.Load64(sc0, ctxWord(wFP))
		a.CmpRM(sc0, ctxWord(wFPLimit))
	} else {
		a.CmpRM(fpReg, ctxWord(wFPLimit))
	}
	a.Jcc(CondAE, slow)
	a.Lea(sc0, M(winReg, int32(8*(in.a+g.u.prog.Funcs[in.b].NumRegs))))
	a.CmpRM(sc0, ctxWord(wRegsEnd))
	a.Jcc(CondA, slow)
}

// call emits a CALL: a direct native call when the callee has L2 code on
// this machine and the frame stack and register file have room, else an
// exit to Go (Machine.Call).
func (g *gen) call(i int) {
	a := g.asm
	in := &g.u.code[i]
	callee := in.b
	nf := g.u.prog.Funcs[callee]
	sp := g.a.syncs[i]
	g.store(sp.stores)
	slow, join := a.NewLabel(fmt.Sprintf("call_slow_%d", i)), a.NewLabel(fmt.Sprintf("call_join_%d", i))
	self := callee == g.u.fn
	if !self {
		a.Load64(sc0, ctxWord(wTable))
		a.Load64(sc0, M(sc0, int32(8*callee)))
		a.TestRR(sc0, sc0)
		a.Jcc(CondE, slow)
	}
	a.CmpRM(fpReg, ctxWord(wFPLimit))
	a.Jcc(CondAE, slow)
	a.Lea(sc2, M(winReg, int32(8*(in.a+nf.NumRegs))))
	a.CmpRM(sc2, ctxWord(wRegsEnd))
	a.Jcc(CondA, slow)
	// Push the callee's frame record and publish it (a recursive call
	// publishes the function already published).
	a.Store64I(M(fpReg, framePCOff), int32(in.pc+1))
	a.Store64I(M(fpReg, frameSize+frameFnOff), int32(callee))
	a.AddRI(fpReg, frameSize)
	if !self {
		a.Load64(sc2, ctxWord(wCur))
		a.Store32I(M(sc2, 0), int32(callee))
	}
	if in.a != 0 {
		a.AddRI(winReg, int32(8*in.a))
	}
	if g.a.gFree {
		native.EmitLoadG(a, native.GReg) // the callee expects g in R14
	}
	if self {
		a.Call(g.body)
	} else {
		a.CallR(sc0)
	}
	if in.a != 0 {
		a.SubRI(winReg, int32(8*in.a))
	}
	a.SubRI(fpReg, frameSize)
	if !self {
		a.Load64(sc2, ctxWord(wCur))
		a.Store32I(M(sc2, 0), int32(g.u.fn))
	}
	a.Bind(join)
	g.reload(sp.reloads, 2*i+1)
	code := g.newExit(exitDesc{kind: exCall, in: *in})
	g.late = append(g.late, func() {
		a.Bind(slow)
		g.exit(code)
		g.resumed()
		a.Jmp(join)
	})
}
