package amd64

import "fmt"

// Scalar float64 arithmetic with SSE2 (plus ROUNDSD from SSE4.1). No AVX, no
// FMA: a fused multiply-add rounds once and would give results that differ
// from Go's (which never fuses on amd64).
//
// Reg-reg forms encode the destination in ModRM.reg and the source in
// ModRM.rm. Packed operations with a memory operand (ANDPD, XORPD, ...) need
// a 16-byte aligned address.

// SDOp is a scalar-double arithmetic operation: the opcode byte after F2 0F.
type SDOp uint8

// The scalar double operations.
const (
	SQRTSD SDOp = 0x51
	ADDSD  SDOp = 0x58
	MULSD  SDOp = 0x59
	SUBSD  SDOp = 0x5C
	MINSD  SDOp = 0x5D
	DIVSD  SDOp = 0x5E
	MAXSD  SDOp = 0x5F
)

func (op SDOp) String() string {
	switch op {
	case SQRTSD:
		return "SQRTSD"
	case ADDSD:
		return "ADDSD"
	case MULSD:
		return "MULSD"
	case SUBSD:
		return "SUBSD"
	case MINSD:
		return "MINSD"
	case DIVSD:
		return "DIVSD"
	case MAXSD:
		return "MAXSD"
	}
	return fmt.Sprintf("SDOp(%#x)", uint8(op))
}

func (op SDOp) check() {
	switch op {
	case SQRTSD, ADDSD, MULSD, SUBSD, MINSD, DIVSD, MAXSD:
		return
	}
	panic(fmt.Sprintf("amd64: invalid scalar double op %#x", uint8(op)))
}

// SD emits OP dst, src for a scalar double operation. MINSD/MAXSD return the
// second operand when either is NaN or both are zero: not Go's min/max.
func (a *Assembler) SD(op SDOp, dst, src XReg) {
	op.check()
	dst.check()
	src.check()
	a.encRR(0xF2, false, string([]byte{0x0F, byte(op)}), uint8(dst), uint8(src), false)
}

// SDM emits OP dst, QWORD [m].
func (a *Assembler) SDM(op SDOp, dst XReg, m Mem) {
	op.check()
	dst.check()
	a.encM(0xF2, false, string([]byte{0x0F, byte(op)}), uint8(dst), m, 0, false)
}

// Addsd emits ADDSD dst, src.
func (a *Assembler) Addsd(dst, src XReg) { a.SD(ADDSD, dst, src) }

// Subsd emits SUBSD dst, src.
func (a *Assembler) Subsd(dst, src XReg) { a.SD(SUBSD, dst, src) }

// Mulsd emits MULSD dst, src.
func (a *Assembler) Mulsd(dst, src XReg) { a.SD(MULSD, dst, src) }

// Divsd emits DIVSD dst, src.
func (a *Assembler) Divsd(dst, src XReg) { a.SD(DIVSD, dst, src) }

// Sqrtsd emits SQRTSD dst, src.
func (a *Assembler) Sqrtsd(dst, src XReg) { a.SD(SQRTSD, dst, src) }

// MovsdRR emits MOVSD dst, src (merges: keeps dst's upper half). Prefer
// Movaps for plain register copies.
func (a *Assembler) MovsdRR(dst, src XReg) {
	dst.check()
	src.check()
	a.encRR(0xF2, false, "\x0F\x10", uint8(dst), uint8(src), false)
}

// MovsdRM emits MOVSD dst, QWORD [m] (zeroes dst's upper half).
func (a *Assembler) MovsdRM(dst XReg, m Mem) {
	dst.check()
	a.encM(0xF2, false, "\x0F\x10", uint8(dst), m, 0, false)
}

// MovsdMR emits MOVSD QWORD [m], src.
func (a *Assembler) MovsdMR(m Mem, src XReg) {
	src.check()
	a.encM(0xF2, false, "\x0F\x11", uint8(src), m, 0, false)
}

// Movaps emits MOVAPS dst, src: a full register copy with no dependency on
// dst's old value (the usual float64 register move).
func (a *Assembler) Movaps(dst, src XReg) {
	dst.check()
	src.check()
	a.encRR(0, false, "\x0F\x28", uint8(dst), uint8(src), false)
}

// Ucomisd emits UCOMISD x, y: flags of the unordered compare x ? y (ZF, PF
// and CF all set when either is NaN). See Cond for how to test them.
func (a *Assembler) Ucomisd(x, y XReg) {
	x.check()
	y.check()
	a.encRR(0x66, false, "\x0F\x2E", uint8(x), uint8(y), false)
}

// UcomisdM emits UCOMISD x, QWORD [m].
func (a *Assembler) UcomisdM(x XReg, m Mem) {
	x.check()
	a.encM(0x66, false, "\x0F\x2E", uint8(x), m, 0, false)
}

// Cvtsi2sdq emits CVTSI2SDQ dst, src: float64(int64). It writes only dst's
// low half, so it depends on dst's old value; XORPD dst, dst first breaks that
// dependency.
func (a *Assembler) Cvtsi2sdq(dst XReg, src Reg) {
	dst.check()
	src.check()
	a.encRR(0xF2, true, "\x0F\x2A", uint8(dst), uint8(src), false)
}

// Cvtsi2sdqM emits CVTSI2SDQ dst, QWORD [m].
func (a *Assembler) Cvtsi2sdqM(dst XReg, m Mem) {
	dst.check()
	a.encM(0xF2, true, "\x0F\x2A", uint8(dst), m, 0, false)
}

// Cvttsd2siq emits CVTTSD2SIQ dst, src: int64(float64) truncating toward
// zero. NaN and out-of-range values give 0x8000000000000000, which matches
// Go on amd64.
func (a *Assembler) Cvttsd2siq(dst Reg, src XReg) {
	dst.check()
	src.check()
	a.encRR(0xF2, true, "\x0F\x2C", uint8(dst), uint8(src), false)
}

// Cvttsd2siqM emits CVTTSD2SIQ dst, QWORD [m].
func (a *Assembler) Cvttsd2siqM(dst Reg, m Mem) {
	dst.check()
	a.encM(0xF2, true, "\x0F\x2C", uint8(dst), m, 0, false)
}

// MovqXR emits MOVQ dst, src: the bits of a GPR into an XMM (upper half zeroed).
func (a *Assembler) MovqXR(dst XReg, src Reg) {
	dst.check()
	src.check()
	a.encRR(0x66, true, "\x0F\x6E", uint8(dst), uint8(src), false)
}

// MovqRX emits MOVQ dst, src: the low 64 bits of an XMM into a GPR.
func (a *Assembler) MovqRX(dst Reg, src XReg) {
	dst.check()
	src.check()
	a.encRR(0x66, true, "\x0F\x7E", uint8(src), uint8(dst), false)
}

// PDOp is a packed-double logical operation: the opcode byte after 66 0F.
type PDOp uint8

// The packed double logical operations (sign-bit tricks: ANDPD with
// 0x7FF... is abs, XORPD with 0x800... negates, XORPD x, x zeroes).
const (
	ANDPD  PDOp = 0x54
	ANDNPD PDOp = 0x55
	ORPD   PDOp = 0x56
	XORPD  PDOp = 0x57
)

func (op PDOp) String() string {
	switch op {
	case ANDPD:
		return "ANDPD"
	case ANDNPD:
		return "ANDNPD"
	case ORPD:
		return "ORPD"
	case XORPD:
		return "XORPD"
	}
	return fmt.Sprintf("PDOp(%#x)", uint8(op))
}

func (op PDOp) check() {
	switch op {
	case ANDPD, ANDNPD, ORPD, XORPD:
		return
	}
	panic(fmt.Sprintf("amd64: invalid packed double op %#x", uint8(op)))
}

// PD emits OP dst, src for a packed double logical operation.
func (a *Assembler) PD(op PDOp, dst, src XReg) {
	op.check()
	dst.check()
	src.check()
	a.encRR(0x66, false, string([]byte{0x0F, byte(op)}), uint8(dst), uint8(src), false)
}

// PDM emits OP dst, XMMWORD [m]; m must be 16-byte aligned.
func (a *Assembler) PDM(op PDOp, dst XReg, m Mem) {
	op.check()
	dst.check()
	a.encM(0x66, false, string([]byte{0x0F, byte(op)}), uint8(dst), m, 0, false)
}

// Xorpd emits XORPD dst, src.
func (a *Assembler) Xorpd(dst, src XReg) { a.PD(XORPD, dst, src) }

// Andpd emits ANDPD dst, src.
func (a *Assembler) Andpd(dst, src XReg) { a.PD(ANDPD, dst, src) }

// RoundMode is ROUNDSD's immediate: the rounding in bits 0-1, and bit 3 set
// so that the precision (inexact) exception is suppressed.
type RoundMode uint8

// The rounding modes.
const (
	RoundNearestEven RoundMode = 0x8 // math.RoundToEven
	RoundDown        RoundMode = 0x9 // math.Floor
	RoundUp          RoundMode = 0xA // math.Ceil
	RoundTrunc       RoundMode = 0xB // math.Trunc
)

// Roundsd emits ROUNDSD dst, src, mode (SSE4.1: the caller checks the CPU,
// e.g. golang.org/x/sys/cpu.X86.HasSSE41).
func (a *Assembler) Roundsd(dst, src XReg, mode RoundMode) {
	dst.check()
	src.check()
	a.encRR(0x66, false, "\x0F\x3A\x0B", uint8(dst), uint8(src), false)
	a.byte1(byte(mode))
}

// RoundsdM emits ROUNDSD dst, QWORD [m], mode.
func (a *Assembler) RoundsdM(dst XReg, m Mem, mode RoundMode) {
	dst.check()
	a.encM(0x66, false, "\x0F\x3A\x0B", uint8(dst), m, 1, false)
	a.byte1(byte(mode))
}
