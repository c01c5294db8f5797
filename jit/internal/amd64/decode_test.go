package amd64

import (
	"fmt"
	"math"
	"testing"

	"golang.org/x/arch/x86/x86asm"
)

// This file decodes every instruction form back with x86asm, for every
// general and SSE register in every operand position and for a grid of
// memory operands (all bases, all indexes, all scales, displacements at the
// disp8/disp32 boundaries), and compares mnemonic, operands and length. This
// is what catches wrong REX bits, ModRM/SIB special cases (RSP/R12 bases,
// RBP/R13 with no displacement) and wrong immediate sizes.

func q(r Reg) x86asm.Reg   { return x86asm.RAX + x86asm.Reg(r) }
func d32(r Reg) x86asm.Reg { return x86asm.EAX + x86asm.Reg(r) }
func xr(x XReg) x86asm.Reg { return x86asm.X0 + x86asm.Reg(x) }

// b8 is the low-byte register as named when a REX prefix is present.
func b8(r Reg) x86asm.Reg {
	switch {
	case r < 4:
		return x86asm.AL + x86asm.Reg(r)
	case r < 8:
		return x86asm.SPB + x86asm.Reg(r-4)
	}
	return x86asm.R8B + x86asm.Reg(r-8)
}

func xm(m Mem) x86asm.Mem {
	out := x86asm.Mem{Base: q(m.Base), Disp: int64(m.Disp)}
	switch {
	case m.Scale != 0:
		out.Scale = m.Scale
		out.Index = q(m.Index)
	case m.Base&7 == 4:
		// RSP/R12 bases need a SIB byte with "no index"; x86asm reports
		// that as scale 1 with no index register.
		out.Scale = 1
	}
	return out
}

type ops struct {
	r1, r2 Reg
	x1, x2 XReg
	m      Mem
	imm    int64
}

type slot uint8

const (
	sR1 slot = 1 << iota
	sR2
	sX1
	sX2
	sM
	sImm
)

type form struct {
	name string
	vary slot
	imms []int64 // values swept when vary has sImm
	emit func(a *Assembler, o ops)
	op   x86asm.Op
	args func(o ops) []x86asm.Arg
	mem  int // expected MemBytes when there is a memory operand (0: not checked)
}

var allRegs = func() (r []Reg) {
	for i := Reg(0); i < 16; i++ {
		r = append(r, i)
	}
	return
}()

var allXRegs = func() (r []XReg) {
	for i := XReg(0); i < 16; i++ {
		r = append(r, i)
	}
	return
}()

// memGrid: every base, no index or every legal index with every scale, and
// displacements on both sides of the disp8 boundary.
func memGrid(full bool) []Mem {
	disps := []int32{0, 1, -1, 127, -128, 128, -129, 0x12345678, math.MinInt32}
	if !full {
		disps = []int32{0, 127, 128}
	}
	var ms []Mem
	for b := Reg(0); b < 16; b++ {
		for _, d := range disps {
			ms = append(ms, M(b, d))
			for i := Reg(0); i < 16; i++ {
				if i == RSP {
					continue
				}
				for _, s := range []uint8{1, 2, 4, 8} {
					if !full && s != 8 && i != R12 && i != RBP {
						continue
					}
					ms = append(ms, MIdx(b, i, s, d))
				}
			}
		}
	}
	return ms
}

func args(a ...x86asm.Arg) []x86asm.Arg { return a }

var imm8s = []int64{0, 1, -1, 127, -128}
var imm32s = []int64{0, 1, -1, 127, -128, 128, -129, 0x12345678, math.MinInt32, math.MaxInt32}

func forms() []form {
	var fs []form
	// 64-bit ALU, all four operand shapes.
	for op := ADD; op <= CMP; op++ {
		xop := [8]x86asm.Op{x86asm.ADD, x86asm.OR, x86asm.ADC, x86asm.SBB, x86asm.AND, x86asm.SUB, x86asm.XOR, x86asm.CMP}[op]
		fs = append(fs,
			form{op.String() + " r,r", sR1 | sR2, nil, func(a *Assembler, o ops) { a.ALURR(op, o.r1, o.r2) }, xop,
				func(o ops) []x86asm.Arg { return args(q(o.r1), q(o.r2)) }, 0},
			form{op.String() + " r,imm", sR1 | sImm, imm32s, func(a *Assembler, o ops) { a.ALURI(op, o.r1, int32(o.imm)) }, xop,
				func(o ops) []x86asm.Arg { return args(q(o.r1), x86asm.Imm(o.imm)) }, 0},
			form{op.String() + " r,m", sR1 | sM, nil, func(a *Assembler, o ops) { a.ALURM(op, o.r1, o.m) }, xop,
				func(o ops) []x86asm.Arg { return args(q(o.r1), xm(o.m)) }, 8},
			form{op.String() + " m,r", sR1 | sM, nil, func(a *Assembler, o ops) { a.ALUMR(op, o.m, o.r1) }, xop,
				func(o ops) []x86asm.Arg { return args(xm(o.m), q(o.r1)) }, 8},
			form{op.String() + " m,imm", sM | sImm, []int64{1, -128, 128, math.MinInt32}, func(a *Assembler, o ops) { a.ALUMI(op, o.m, int32(o.imm)) }, xop,
				func(o ops) []x86asm.Arg { return args(xm(o.m), x86asm.Imm(o.imm)) }, 8},
		)
	}
	for _, sh := range []ShiftOp{ROL, ROR, SHL, SHR, SAR} {
		xop := map[ShiftOp]x86asm.Op{ROL: x86asm.ROL, ROR: x86asm.ROR, SHL: x86asm.SHL, SHR: x86asm.SHR, SAR: x86asm.SAR}[sh]
		fs = append(fs,
			form{sh.String() + " r,CL", sR1, nil, func(a *Assembler, o ops) { a.ShiftCL(sh, o.r1) }, xop,
				func(o ops) []x86asm.Arg { return args(q(o.r1), x86asm.CL) }, 0},
			form{sh.String() + " r,imm", sR1 | sImm, []int64{0, 1, 2, 31, 63}, func(a *Assembler, o ops) { a.ShiftRI(sh, o.r1, uint8(o.imm)) }, xop,
				func(o ops) []x86asm.Arg { return args(q(o.r1), x86asm.Imm(o.imm)) }, 0},
		)
	}
	for c := CondO; c <= CondG; c++ {
		fs = append(fs,
			form{"SET" + c.String(), sR1, nil, func(a *Assembler, o ops) { a.Setcc(c, o.r1) }, setOps[c],
				func(o ops) []x86asm.Arg { return args(b8(o.r1)) }, 0},
			form{"CMOV" + c.String() + " r,r", sR1 | sR2, nil, func(a *Assembler, o ops) { a.Cmov(c, o.r1, o.r2) }, cmovOps[c],
				func(o ops) []x86asm.Arg { return args(q(o.r1), q(o.r2)) }, 0},
			form{"CMOV" + c.String() + " r,m", sR1 | sM, nil, func(a *Assembler, o ops) { a.CmovM(c, o.r1, o.m) }, cmovOps[c],
				func(o ops) []x86asm.Arg { return args(q(o.r1), xm(o.m)) }, 8},
		)
	}
	for _, sd := range []SDOp{SQRTSD, ADDSD, MULSD, SUBSD, MINSD, DIVSD, MAXSD} {
		xop := map[SDOp]x86asm.Op{SQRTSD: x86asm.SQRTSD, ADDSD: x86asm.ADDSD, MULSD: x86asm.MULSD, SUBSD: x86asm.SUBSD,
			MINSD: x86asm.MINSD, DIVSD: x86asm.DIVSD, MAXSD: x86asm.MAXSD}[sd]
		fs = append(fs,
			form{sd.String() + " x,x", sX1 | sX2, nil, func(a *Assembler, o ops) { a.SD(sd, o.x1, o.x2) }, xop,
				func(o ops) []x86asm.Arg { return args(xr(o.x1), xr(o.x2)) }, 0},
			form{sd.String() + " x,m", sX1 | sM, nil, func(a *Assembler, o ops) { a.SDM(sd, o.x1, o.m) }, xop,
				func(o ops) []x86asm.Arg { return args(xr(o.x1), xm(o.m)) }, 8},
		)
	}
	for _, pd := range []PDOp{ANDPD, ANDNPD, ORPD, XORPD} {
		xop := map[PDOp]x86asm.Op{ANDPD: x86asm.ANDPD, ANDNPD: x86asm.ANDNPD, ORPD: x86asm.ORPD, XORPD: x86asm.XORPD}[pd]
		fs = append(fs,
			form{pd.String() + " x,x", sX1 | sX2, nil, func(a *Assembler, o ops) { a.PD(pd, o.x1, o.x2) }, xop,
				func(o ops) []x86asm.Arg { return args(xr(o.x1), xr(o.x2)) }, 0},
			form{pd.String() + " x,m", sX1 | sM, nil, func(a *Assembler, o ops) { a.PDM(pd, o.x1, o.m) }, xop,
				func(o ops) []x86asm.Arg { return args(xr(o.x1), xm(o.m)) }, 16},
		)
	}
	r1 := func(o ops) []x86asm.Arg { return args(q(o.r1)) }
	rr := func(o ops) []x86asm.Arg { return args(q(o.r1), q(o.r2)) }
	rm := func(o ops) []x86asm.Arg { return args(q(o.r1), xm(o.m)) }
	mr := func(o ops) []x86asm.Arg { return args(xm(o.m), q(o.r1)) }
	fs = append(fs,
		form{"MOV r,r", sR1 | sR2, nil, func(a *Assembler, o ops) { a.MovRR(o.r1, o.r2) }, x86asm.MOV, rr, 0},
		form{"MOV r,simm32", sR1 | sImm, imm32s, func(a *Assembler, o ops) { a.MovRI32(o.r1, int32(o.imm)) }, x86asm.MOV,
			func(o ops) []x86asm.Arg { return args(q(o.r1), x86asm.Imm(o.imm)) }, 0},
		form{"MOV r,imm64", sR1 | sImm, []int64{0, -1, math.MinInt64, math.MaxInt64, 0x123456789abcdef0}, func(a *Assembler, o ops) { a.MovRI64(o.r1, o.imm) }, x86asm.MOV,
			func(o ops) []x86asm.Arg { return args(q(o.r1), x86asm.Imm(o.imm)) }, 0},
		form{"MOV r32,uimm32 (MovRI)", sR1 | sImm, []int64{0, 1, 0x7fffffff, 0x80000000, 0xffffffff}, func(a *Assembler, o ops) { a.MovRI(o.r1, o.imm) }, x86asm.MOV,
			func(o ops) []x86asm.Arg { return args(d32(o.r1), x86asm.Imm(int32(uint32(o.imm)))) }, 0}, // x86asm reads imm32 as signed
		form{"MOV r,simm32 (MovRI)", sR1 | sImm, []int64{-1, math.MinInt32}, func(a *Assembler, o ops) { a.MovRI(o.r1, o.imm) }, x86asm.MOV,
			func(o ops) []x86asm.Arg { return args(q(o.r1), x86asm.Imm(o.imm)) }, 0},
		form{"MOV r,imm64 (MovRI)", sR1 | sImm, []int64{1 << 32, math.MinInt32 - 1, math.MinInt64}, func(a *Assembler, o ops) { a.MovRI(o.r1, o.imm) }, x86asm.MOV,
			func(o ops) []x86asm.Arg { return args(q(o.r1), x86asm.Imm(o.imm)) }, 0},
		form{"XOR r32,r32 (Zero)", sR1, nil, func(a *Assembler, o ops) { a.Zero(o.r1) }, x86asm.XOR,
			func(o ops) []x86asm.Arg { return args(d32(o.r1), d32(o.r1)) }, 0},
		form{"MOV r,m64", sR1 | sM, nil, func(a *Assembler, o ops) { a.Load64(o.r1, o.m) }, x86asm.MOV, rm, 8},
		form{"MOV r32,m32", sR1 | sM, nil, func(a *Assembler, o ops) { a.Load32(o.r1, o.m) }, x86asm.MOV,
			func(o ops) []x86asm.Arg { return args(d32(o.r1), xm(o.m)) }, 4},
		form{"MOVSXD r,m32", sR1 | sM, nil, func(a *Assembler, o ops) { a.Load32SX(o.r1, o.m) }, x86asm.MOVSXD, rm, 4},
		form{"MOVZX r,m16", sR1 | sM, nil, func(a *Assembler, o ops) { a.Load16ZX(o.r1, o.m) }, x86asm.MOVZX, rm, 2},
		form{"MOVSX r,m16", sR1 | sM, nil, func(a *Assembler, o ops) { a.Load16SX(o.r1, o.m) }, x86asm.MOVSX, rm, 2},
		form{"MOVZX r,m8", sR1 | sM, nil, func(a *Assembler, o ops) { a.Load8ZX(o.r1, o.m) }, x86asm.MOVZX, rm, 1},
		form{"MOVSX r,m8", sR1 | sM, nil, func(a *Assembler, o ops) { a.Load8SX(o.r1, o.m) }, x86asm.MOVSX, rm, 1},
		form{"MOV m64,r", sR1 | sM, nil, func(a *Assembler, o ops) { a.Store64(o.m, o.r1) }, x86asm.MOV, mr, 8},
		form{"MOV m32,r32", sR1 | sM, nil, func(a *Assembler, o ops) { a.Store32(o.m, o.r1) }, x86asm.MOV,
			func(o ops) []x86asm.Arg { return args(xm(o.m), d32(o.r1)) }, 4},
		form{"MOV m16,r16", sR1 | sM, nil, func(a *Assembler, o ops) { a.Store16(o.m, o.r1) }, x86asm.MOV,
			func(o ops) []x86asm.Arg { return args(xm(o.m), x86asm.AX+x86asm.Reg(o.r1)) }, 2},
		form{"MOV m8,r8", sR1 | sM, nil, func(a *Assembler, o ops) { a.Store8(o.m, o.r1) }, x86asm.MOV,
			func(o ops) []x86asm.Arg { return args(xm(o.m), b8(o.r1)) }, 1},
		form{"MOV m64,simm32", sM | sImm, []int64{0, -1, 0x12345678}, func(a *Assembler, o ops) { a.Store64I(o.m, int32(o.imm)) }, x86asm.MOV,
			func(o ops) []x86asm.Arg { return args(xm(o.m), x86asm.Imm(o.imm)) }, 8},
		form{"MOV m32,imm32", sM | sImm, []int64{0, -1, 0x12345678}, func(a *Assembler, o ops) { a.Store32I(o.m, int32(o.imm)) }, x86asm.MOV,
			func(o ops) []x86asm.Arg { return args(xm(o.m), x86asm.Imm(o.imm)) }, 4}, // x86asm sign-extends imm32
		form{"MOV m8,imm8", sM | sImm, imm8s, func(a *Assembler, o ops) { a.Store8I(o.m, int8(o.imm)) }, x86asm.MOV,
			func(o ops) []x86asm.Arg { return args(xm(o.m), x86asm.Imm(uint8(o.imm))) }, 1}, // x86asm reads imm8 here as unsigned
		form{"LEA r,m", sR1 | sM, nil, func(a *Assembler, o ops) { a.Lea(o.r1, o.m) }, x86asm.LEA, rm, 0},
		form{"MOV r,FS:disp", sR1 | sImm, []int64{-8, 0, 0x100}, func(a *Assembler, o ops) { a.LoadFS(o.r1, int32(o.imm)) }, x86asm.MOV,
			func(o ops) []x86asm.Arg { return args(q(o.r1), x86asm.Mem{Segment: x86asm.FS, Scale: 1, Disp: o.imm}) }, 8},
		form{"TEST r,r", sR1 | sR2, nil, func(a *Assembler, o ops) { a.TestRR(o.r1, o.r2) }, x86asm.TEST, rr, 0},
		form{"TEST r,imm", sR1 | sImm, imm32s, func(a *Assembler, o ops) { a.TestRI(o.r1, int32(o.imm)) }, x86asm.TEST,
			func(o ops) []x86asm.Arg { return args(q(o.r1), x86asm.Imm(o.imm)) }, 0},
		form{"IMUL r,r", sR1 | sR2, nil, func(a *Assembler, o ops) { a.ImulRR(o.r1, o.r2) }, x86asm.IMUL, rr, 0},
		form{"IMUL r,m", sR1 | sM, nil, func(a *Assembler, o ops) { a.ImulRM(o.r1, o.m) }, x86asm.IMUL, rm, 8},
		form{"IMUL r,r,imm", sR1 | sR2 | sImm, imm32s, func(a *Assembler, o ops) { a.ImulRRI(o.r1, o.r2, int32(o.imm)) }, x86asm.IMUL,
			func(o ops) []x86asm.Arg { return args(q(o.r1), q(o.r2), x86asm.Imm(o.imm)) }, 0},
		form{"NEG r", sR1, nil, func(a *Assembler, o ops) { a.Neg(o.r1) }, x86asm.NEG, r1, 0},
		form{"NOT r", sR1, nil, func(a *Assembler, o ops) { a.Not(o.r1) }, x86asm.NOT, r1, 0},
		form{"IDIV r", sR1, nil, func(a *Assembler, o ops) { a.Idiv(o.r1) }, x86asm.IDIV, r1, 0},
		form{"DIV r", sR1, nil, func(a *Assembler, o ops) { a.Div(o.r1) }, x86asm.DIV, r1, 0},
		form{"CQO", 0, nil, func(a *Assembler, o ops) { a.Cqo() }, x86asm.CQO, func(o ops) []x86asm.Arg { return nil }, 0},
		form{"MOVZX r,r8", sR1 | sR2, nil, func(a *Assembler, o ops) { a.Movzx8(o.r1, o.r2) }, x86asm.MOVZX,
			func(o ops) []x86asm.Arg { return args(q(o.r1), b8(o.r2)) }, 0},
		form{"BT r,r", sR1 | sR2, nil, func(a *Assembler, o ops) { a.BtRR(o.r1, o.r2) }, x86asm.BT, rr, 0},
		form{"BT r,imm", sR1 | sImm, []int64{0, 1, 63}, func(a *Assembler, o ops) { a.BtRI(o.r1, uint8(o.imm)) }, x86asm.BT,
			func(o ops) []x86asm.Arg { return args(q(o.r1), x86asm.Imm(o.imm)) }, 0},
		form{"PUSH r", sR1, nil, func(a *Assembler, o ops) { a.Push(o.r1) }, x86asm.PUSH, r1, 0},
		form{"POP r", sR1, nil, func(a *Assembler, o ops) { a.Pop(o.r1) }, x86asm.POP, r1, 0},
		form{"JMP r", sR1, nil, func(a *Assembler, o ops) { a.JmpR(o.r1) }, x86asm.JMP, r1, 0},
		form{"CALL r", sR1, nil, func(a *Assembler, o ops) { a.CallR(o.r1) }, x86asm.CALL, r1, 0},
		form{"JMP m", sM, nil, func(a *Assembler, o ops) { a.JmpM(o.m) }, x86asm.JMP,
			func(o ops) []x86asm.Arg { return args(xm(o.m)) }, 8},
		form{"CALL m", sM, nil, func(a *Assembler, o ops) { a.CallM(o.m) }, x86asm.CALL,
			func(o ops) []x86asm.Arg { return args(xm(o.m)) }, 8},
		form{"RET", 0, nil, func(a *Assembler, o ops) { a.Ret() }, x86asm.RET, func(o ops) []x86asm.Arg { return nil }, 0},
		form{"UD2", 0, nil, func(a *Assembler, o ops) { a.Ud2() }, x86asm.UD2, func(o ops) []x86asm.Arg { return nil }, 0},
		form{"MOVSD x,x", sX1 | sX2, nil, func(a *Assembler, o ops) { a.MovsdRR(o.x1, o.x2) }, x86asm.MOVSD_XMM,
			func(o ops) []x86asm.Arg { return args(xr(o.x1), xr(o.x2)) }, 0},
		form{"MOVSD x,m", sX1 | sM, nil, func(a *Assembler, o ops) { a.MovsdRM(o.x1, o.m) }, x86asm.MOVSD_XMM,
			func(o ops) []x86asm.Arg { return args(xr(o.x1), xm(o.m)) }, 8},
		form{"MOVSD m,x", sX1 | sM, nil, func(a *Assembler, o ops) { a.MovsdMR(o.m, o.x1) }, x86asm.MOVSD_XMM,
			func(o ops) []x86asm.Arg { return args(xm(o.m), xr(o.x1)) }, 8},
		form{"MOVAPS x,x", sX1 | sX2, nil, func(a *Assembler, o ops) { a.Movaps(o.x1, o.x2) }, x86asm.MOVAPS,
			func(o ops) []x86asm.Arg { return args(xr(o.x1), xr(o.x2)) }, 0},
		form{"UCOMISD x,x", sX1 | sX2, nil, func(a *Assembler, o ops) { a.Ucomisd(o.x1, o.x2) }, x86asm.UCOMISD,
			func(o ops) []x86asm.Arg { return args(xr(o.x1), xr(o.x2)) }, 0},
		form{"UCOMISD x,m", sX1 | sM, nil, func(a *Assembler, o ops) { a.UcomisdM(o.x1, o.m) }, x86asm.UCOMISD,
			func(o ops) []x86asm.Arg { return args(xr(o.x1), xm(o.m)) }, 8},
		form{"CVTSI2SDQ x,r", sX1 | sR1, nil, func(a *Assembler, o ops) { a.Cvtsi2sdq(o.x1, o.r1) }, x86asm.CVTSI2SD,
			func(o ops) []x86asm.Arg { return args(xr(o.x1), q(o.r1)) }, 0},
		form{"CVTSI2SDQ x,m", sX1 | sM, nil, func(a *Assembler, o ops) { a.Cvtsi2sdqM(o.x1, o.m) }, x86asm.CVTSI2SD,
			func(o ops) []x86asm.Arg { return args(xr(o.x1), xm(o.m)) }, 8},
		form{"CVTTSD2SIQ r,x", sX1 | sR1, nil, func(a *Assembler, o ops) { a.Cvttsd2siq(o.r1, o.x1) }, x86asm.CVTTSD2SI,
			func(o ops) []x86asm.Arg { return args(q(o.r1), xr(o.x1)) }, 0},
		form{"CVTTSD2SIQ r,m", sR1 | sM, nil, func(a *Assembler, o ops) { a.Cvttsd2siqM(o.r1, o.m) }, x86asm.CVTTSD2SI, rm, 8},
		form{"MOVQ x,r", sX1 | sR1, nil, func(a *Assembler, o ops) { a.MovqXR(o.x1, o.r1) }, x86asm.MOVQ,
			func(o ops) []x86asm.Arg { return args(xr(o.x1), q(o.r1)) }, 0},
		form{"MOVQ r,x", sX1 | sR1, nil, func(a *Assembler, o ops) { a.MovqRX(o.r1, o.x1) }, x86asm.MOVQ,
			func(o ops) []x86asm.Arg { return args(q(o.r1), xr(o.x1)) }, 0},
		form{"ROUNDSD x,x,imm", sX1 | sX2 | sImm, []int64{8, 9, 10, 11}, func(a *Assembler, o ops) { a.Roundsd(o.x1, o.x2, RoundMode(o.imm)) }, x86asm.ROUNDSD,
			func(o ops) []x86asm.Arg { return args(xr(o.x1), xr(o.x2), x86asm.Imm(o.imm)) }, 0},
		form{"ROUNDSD x,m,imm", sX1 | sM | sImm, []int64{9}, func(a *Assembler, o ops) { a.RoundsdM(o.x1, o.m, RoundMode(o.imm)) }, x86asm.ROUNDSD,
			func(o ops) []x86asm.Arg { return args(xr(o.x1), xm(o.m), x86asm.Imm(o.imm)) }, 8},
	)
	return fs
}

var setOps = [16]x86asm.Op{x86asm.SETO, x86asm.SETNO, x86asm.SETB, x86asm.SETAE, x86asm.SETE, x86asm.SETNE,
	x86asm.SETBE, x86asm.SETA, x86asm.SETS, x86asm.SETNS, x86asm.SETP, x86asm.SETNP, x86asm.SETL,
	x86asm.SETGE, x86asm.SETLE, x86asm.SETG}

var cmovOps = [16]x86asm.Op{x86asm.CMOVO, x86asm.CMOVNO, x86asm.CMOVB, x86asm.CMOVAE, x86asm.CMOVE, x86asm.CMOVNE,
	x86asm.CMOVBE, x86asm.CMOVA, x86asm.CMOVS, x86asm.CMOVNS, x86asm.CMOVP, x86asm.CMOVNP, x86asm.CMOVL,
	x86asm.CMOVGE, x86asm.CMOVLE, x86asm.CMOVG}

// expand lists every operand combination a form is checked with.
func expand(f form, mems []Mem) []ops {
	list := []ops{{}}
	grow := func(n int, set func(o *ops, i int)) {
		var out []ops
		for _, o := range list {
			for i := 0; i < n; i++ {
				c := o
				set(&c, i)
				out = append(out, c)
			}
		}
		list = out
	}
	if f.vary&sR1 != 0 {
		grow(16, func(o *ops, i int) { o.r1 = allRegs[i] })
	}
	if f.vary&sR2 != 0 {
		grow(16, func(o *ops, i int) { o.r2 = allRegs[i] })
	}
	if f.vary&sX1 != 0 {
		grow(16, func(o *ops, i int) { o.x1 = allXRegs[i] })
	}
	if f.vary&sX2 != 0 {
		grow(16, func(o *ops, i int) { o.x2 = allXRegs[i] })
	}
	if f.vary&sM != 0 {
		grow(len(mems), func(o *ops, i int) { o.m = mems[i] })
	}
	if f.vary&sImm != 0 {
		grow(len(f.imms), func(o *ops, i int) { o.imm = f.imms[i] })
	}
	return list
}

func TestDecodeAllForms(t *testing.T) {
	full := memGrid(!testing.Short() && !raceEnabled)
	small := memGrid(false)
	a := NewAssembler()
	total := 0
	for _, f := range forms() {
		mems := full
		if f.vary&(sR1|sX1) != 0 && f.vary&sM != 0 || f.vary&sImm != 0 && f.vary&sM != 0 {
			mems = small // registers x full grid is checked by the LEA/MOV forms below
		}
		if f.name == "LEA r,m" || f.name == "MOV r,m64" || f.name == "MOVSD x,m" {
			mems = full
		}
		fails := 0
		for _, o := range expand(f, mems) {
			a.Reset()
			f.emit(a, o)
			code := a.Bytes()
			total++
			if err := checkDecode(code, f.op, f.args(o), f.mem); err != nil {
				fails++
				if fails <= 3 {
					t.Errorf("%s %+v: % x: %v", f.name, o, code, err)
				}
			}
		}
	}
	t.Logf("decoded %d encodings", total)
}

func checkDecode(code []byte, op x86asm.Op, want []x86asm.Arg, memBytes int) error {
	inst, err := x86asm.Decode(code, 64)
	if err != nil {
		return fmt.Errorf("decode: %v", err)
	}
	if inst.Len != len(code) {
		return fmt.Errorf("decoded length %d, emitted %d (%v)", inst.Len, len(code), inst)
	}
	if inst.Op != op {
		return fmt.Errorf("op %v, want %v (%v)", inst.Op, op, inst)
	}
	for i := range inst.Args {
		var w x86asm.Arg
		if i < len(want) {
			w = want[i]
		}
		if inst.Args[i] != w {
			return fmt.Errorf("arg %d = %v, want %v (%v)", i, inst.Args[i], w, inst)
		}
	}
	if memBytes != 0 && inst.MemBytes != memBytes {
		return fmt.Errorf("MemBytes %d, want %d", inst.MemBytes, memBytes)
	}
	return nil
}
