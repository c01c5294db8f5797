package amd64

import (
	"fmt"
	"math"
)

// --- moves -----------------------------------------------------------------

// MovRR emits MOV dst, src (64-bit).
func (a *Assembler) MovRR(dst, src Reg) {
	dst.check()
	src.check()
	a.encRR(0, true, "\x89", uint8(src), uint8(dst), false)
}

// MovRI loads a 64-bit constant with the shortest encoding: MOV r32, imm32
// (zero-extending, 5-6 bytes) when 0 <= imm < 2^32, MOV r64, simm32 (7 bytes)
// when imm fits a sign-extended 32-bit value, else MOV r64, imm64 (10 bytes).
// It never uses XOR, so flags are preserved (constants may be materialised
// between a CMP and its Jcc).
func (a *Assembler) MovRI(dst Reg, imm int64) {
	switch {
	case imm >= 0 && imm <= math.MaxUint32:
		dst.check()
		a.rex(false, 0, 0, uint8(dst), false)
		a.byte1(0xB8 | uint8(dst)&7)
		a.imm32(int32(uint32(imm)))
	case imm >= math.MinInt32 && imm <= math.MaxInt32:
		a.MovRI32(dst, int32(imm))
	default:
		a.MovRI64(dst, imm)
	}
}

// MovRI32 emits MOV r64, simm32 (REX.W C7 /0): the immediate is sign-extended.
func (a *Assembler) MovRI32(dst Reg, imm int32) {
	dst.check()
	a.encRR(0, true, "\xC7", 0, uint8(dst), false)
	a.imm32(imm)
}

// MovRI64 emits MOV r64, imm64 (REX.W B8+r, 10 bytes) whatever the value: its
// immediate is at a fixed offset (Len()-8), so it can be patched.
func (a *Assembler) MovRI64(dst Reg, imm int64) {
	dst.check()
	a.rex(true, 0, 0, uint8(dst), false)
	a.byte1(0xB8 | uint8(dst)&7)
	a.imm64(imm)
}

// Zero emits XOR r32, r32, which clears all 64 bits. It clobbers the flags.
func (a *Assembler) Zero(r Reg) {
	r.check()
	a.encRR(0, false, "\x31", uint8(r), uint8(r), false)
}

// Load64 emits MOV dst, QWORD [m].
func (a *Assembler) Load64(dst Reg, m Mem) {
	dst.check()
	a.encM(0, true, "\x8B", uint8(dst), m, 0, false)
}

// Load32 emits MOV dst32, DWORD [m] (zero-extends into the 64-bit register).
func (a *Assembler) Load32(dst Reg, m Mem) {
	dst.check()
	a.encM(0, false, "\x8B", uint8(dst), m, 0, false)
}

// Load32SX emits MOVSXD dst, DWORD [m] (sign-extends).
func (a *Assembler) Load32SX(dst Reg, m Mem) {
	dst.check()
	a.encM(0, true, "\x63", uint8(dst), m, 0, false)
}

// Load16ZX emits MOVZX dst, WORD [m].
func (a *Assembler) Load16ZX(dst Reg, m Mem) {
	dst.check()
	a.encM(0, true, "\x0F\xB7", uint8(dst), m, 0, false)
}

// Load16SX emits MOVSX dst, WORD [m].
func (a *Assembler) Load16SX(dst Reg, m Mem) {
	dst.check()
	a.encM(0, true, "\x0F\xBF", uint8(dst), m, 0, false)
}

// Load8ZX emits MOVZX dst, BYTE [m] (bool and byte loads).
func (a *Assembler) Load8ZX(dst Reg, m Mem) {
	dst.check()
	a.encM(0, true, "\x0F\xB6", uint8(dst), m, 0, false)
}

// Load8SX emits MOVSX dst, BYTE [m].
func (a *Assembler) Load8SX(dst Reg, m Mem) {
	dst.check()
	a.encM(0, true, "\x0F\xBE", uint8(dst), m, 0, false)
}

// Store64 emits MOV QWORD [m], src.
func (a *Assembler) Store64(m Mem, src Reg) {
	src.check()
	a.encM(0, true, "\x89", uint8(src), m, 0, false)
}

// Store32 emits MOV DWORD [m], src32.
func (a *Assembler) Store32(m Mem, src Reg) {
	src.check()
	a.encM(0, false, "\x89", uint8(src), m, 0, false)
}

// Store16 emits MOV WORD [m], src16.
func (a *Assembler) Store16(m Mem, src Reg) {
	src.check()
	a.encM(0x66, false, "\x89", uint8(src), m, 0, false)
}

// Store8 emits MOV BYTE [m], src8 (low byte of any of the 16 registers:
// SPL/BPL/SIL/DIL get the REX prefix they need).
func (a *Assembler) Store8(m Mem, src Reg) {
	src.check()
	a.encM(0, false, "\x88", uint8(src), m, 0, src >= 4 && src <= 7)
}

// Store64I emits MOV QWORD [m], simm32 (sign-extended).
func (a *Assembler) Store64I(m Mem, imm int32) {
	a.encM(0, true, "\xC7", 0, m, 4, false)
	a.imm32(imm)
}

// Store32I emits MOV DWORD [m], imm32.
func (a *Assembler) Store32I(m Mem, imm int32) {
	a.encM(0, false, "\xC7", 0, m, 4, false)
	a.imm32(imm)
}

// Store8I emits MOV BYTE [m], imm8.
func (a *Assembler) Store8I(m Mem, imm int8) {
	a.encM(0, false, "\xC6", 0, m, 1, false)
	a.imm8(imm)
}

// Lea emits LEA dst, [m].
func (a *Assembler) Lea(dst Reg, m Mem) {
	dst.check()
	a.encM(0, true, "\x8D", uint8(dst), m, 0, false)
}

// LeaLabel emits LEA dst, [RIP+l]: the absolute address of a label.
func (a *Assembler) LeaLabel(dst Reg, l *Label) { a.Lea(dst, MemLabel(l, 0)) }

// LoadFS emits MOV dst, QWORD FS:[disp] (absolute address in the FS segment:
// thread-local storage; see package native for g at FS:-8).
func (a *Assembler) LoadFS(dst Reg, disp int32) {
	dst.check()
	a.byte1(0x64)
	a.rex(true, uint8(dst), 0, 0, false)
	a.byte1(0x8B)
	a.byte1(0x04 | (uint8(dst)&7)<<3) // mod 00, rm 100: SIB follows
	a.byte1(0x25)                     // SIB: no index, no base: disp32 absolute
	a.imm32(disp)
}

// --- two-operand ALU ----------------------------------------------------------

// ALUOp is one of the eight classic ALU operations; its value is the /digit of
// the 0x81/0x83 immediate forms and opcode>>3 of the register forms.
type ALUOp uint8

// The ALU operations.
const (
	ADD ALUOp = 0
	OR  ALUOp = 1
	ADC ALUOp = 2
	SBB ALUOp = 3
	AND ALUOp = 4
	SUB ALUOp = 5
	XOR ALUOp = 6
	CMP ALUOp = 7
)

var aluNames = [8]string{"ADD", "OR", "ADC", "SBB", "AND", "SUB", "XOR", "CMP"}

func (op ALUOp) String() string {
	if op < 8 {
		return aluNames[op]
	}
	return fmt.Sprintf("ALUOp(%d)", uint8(op))
}

func (op ALUOp) check() {
	if op > 7 {
		panic(fmt.Sprintf("amd64: invalid ALU op %d", uint8(op)))
	}
}

// ALURR emits OP dst, src (64-bit).
func (a *Assembler) ALURR(op ALUOp, dst, src Reg) {
	op.check()
	dst.check()
	src.check()
	a.encRR(0, true, string([]byte{uint8(op)<<3 | 1}), uint8(src), uint8(dst), false)
}

// ALURM emits OP dst, QWORD [m].
func (a *Assembler) ALURM(op ALUOp, dst Reg, m Mem) {
	op.check()
	dst.check()
	a.encM(0, true, string([]byte{uint8(op)<<3 | 3}), uint8(dst), m, 0, false)
}

// ALUMR emits OP QWORD [m], src.
func (a *Assembler) ALUMR(op ALUOp, m Mem, src Reg) {
	op.check()
	src.check()
	a.encM(0, true, string([]byte{uint8(op)<<3 | 1}), uint8(src), m, 0, false)
}

// ALURI emits OP dst, simm32, using the imm8 form (0x83) when it fits.
func (a *Assembler) ALURI(op ALUOp, dst Reg, imm int32) {
	op.check()
	dst.check()
	if fitsInt8(int64(imm)) {
		a.encRR(0, true, "\x83", uint8(op), uint8(dst), false)
		a.imm8(int8(imm))
		return
	}
	a.encRR(0, true, "\x81", uint8(op), uint8(dst), false)
	a.imm32(imm)
}

// ALUMI emits OP QWORD [m], simm32, using the imm8 form when it fits.
func (a *Assembler) ALUMI(op ALUOp, m Mem, imm int32) {
	op.check()
	if fitsInt8(int64(imm)) {
		a.encM(0, true, "\x83", uint8(op), m, 1, false)
		a.imm8(int8(imm))
		return
	}
	a.encM(0, true, "\x81", uint8(op), m, 4, false)
	a.imm32(imm)
}

// AddRR emits ADD dst, src.
func (a *Assembler) AddRR(dst, src Reg) { a.ALURR(ADD, dst, src) }

// AddRI emits ADD dst, imm.
func (a *Assembler) AddRI(dst Reg, imm int32) { a.ALURI(ADD, dst, imm) }

// SubRR emits SUB dst, src.
func (a *Assembler) SubRR(dst, src Reg) { a.ALURR(SUB, dst, src) }

// SubRI emits SUB dst, imm.
func (a *Assembler) SubRI(dst Reg, imm int32) { a.ALURI(SUB, dst, imm) }

// AndRR emits AND dst, src.
func (a *Assembler) AndRR(dst, src Reg) { a.ALURR(AND, dst, src) }

// AndRI emits AND dst, imm.
func (a *Assembler) AndRI(dst Reg, imm int32) { a.ALURI(AND, dst, imm) }

// OrRR emits OR dst, src.
func (a *Assembler) OrRR(dst, src Reg) { a.ALURR(OR, dst, src) }

// OrRI emits OR dst, imm.
func (a *Assembler) OrRI(dst Reg, imm int32) { a.ALURI(OR, dst, imm) }

// XorRR emits XOR dst, src.
func (a *Assembler) XorRR(dst, src Reg) { a.ALURR(XOR, dst, src) }

// XorRI emits XOR dst, imm.
func (a *Assembler) XorRI(dst Reg, imm int32) { a.ALURI(XOR, dst, imm) }

// CmpRR emits CMP x, y (flags of x - y).
func (a *Assembler) CmpRR(x, y Reg) { a.ALURR(CMP, x, y) }

// CmpRI emits CMP x, imm.
func (a *Assembler) CmpRI(x Reg, imm int32) { a.ALURI(CMP, x, imm) }

// CmpRM emits CMP x, QWORD [m].
func (a *Assembler) CmpRM(x Reg, m Mem) { a.ALURM(CMP, x, m) }

// CmpMI emits CMP QWORD [m], imm.
func (a *Assembler) CmpMI(m Mem, imm int32) { a.ALUMI(CMP, m, imm) }

// TestRR emits TEST x, y (flags of x & y).
func (a *Assembler) TestRR(x, y Reg) {
	x.check()
	y.check()
	a.encRR(0, true, "\x85", uint8(y), uint8(x), false)
}

// TestRI emits TEST x, simm32 (there is no imm8 form).
func (a *Assembler) TestRI(x Reg, imm int32) {
	x.check()
	a.encRR(0, true, "\xF7", 0, uint8(x), false)
	a.imm32(imm)
}

// ImulRR emits IMUL dst, src (dst = dst*src, low 64 bits).
func (a *Assembler) ImulRR(dst, src Reg) {
	dst.check()
	src.check()
	a.encRR(0, true, "\x0F\xAF", uint8(dst), uint8(src), false)
}

// ImulRM emits IMUL dst, QWORD [m].
func (a *Assembler) ImulRM(dst Reg, m Mem) {
	dst.check()
	a.encM(0, true, "\x0F\xAF", uint8(dst), m, 0, false)
}

// ImulRRI emits IMUL dst, src, simm32 (dst = src*imm), imm8 form when it fits.
func (a *Assembler) ImulRRI(dst, src Reg, imm int32) {
	dst.check()
	src.check()
	if fitsInt8(int64(imm)) {
		a.encRR(0, true, "\x6B", uint8(dst), uint8(src), false)
		a.imm8(int8(imm))
		return
	}
	a.encRR(0, true, "\x69", uint8(dst), uint8(src), false)
	a.imm32(imm)
}

// unary emits REX.W F7 /digit r.
func (a *Assembler) unary(digit uint8, r Reg) {
	r.check()
	a.encRR(0, true, "\xF7", digit, uint8(r), false)
}

// Neg emits NEG r.
func (a *Assembler) Neg(r Reg) { a.unary(3, r) }

// Not emits NOT r.
func (a *Assembler) Not(r Reg) { a.unary(2, r) }

// Cqo emits CQO: sign-extends RAX into RDX:RAX before IDIV.
func (a *Assembler) Cqo() { a.buf = append(a.buf, 0x48, 0x99) }

// Idiv emits IDIV r: signed RDX:RAX / r, quotient in RAX, remainder in RDX.
// It faults on r == 0 and on MinInt64 / -1: generated code must check both
// (a fault in native code kills the process).
func (a *Assembler) Idiv(r Reg) { a.unary(7, r) }

// Div emits DIV r: unsigned RDX:RAX / r. Faults on r == 0.
func (a *Assembler) Div(r Reg) { a.unary(6, r) }

// --- shifts ------------------------------------------------------------------

// ShiftOp is the /digit of the shift group (0xC1/0xD1/0xD3).
type ShiftOp uint8

// The shift and rotate operations.
const (
	ROL ShiftOp = 0
	ROR ShiftOp = 1
	SHL ShiftOp = 4
	SHR ShiftOp = 5
	SAR ShiftOp = 7
)

func (op ShiftOp) String() string {
	switch op {
	case ROL:
		return "ROL"
	case ROR:
		return "ROR"
	case SHL:
		return "SHL"
	case SHR:
		return "SHR"
	case SAR:
		return "SAR"
	}
	return fmt.Sprintf("ShiftOp(%d)", uint8(op))
}

func (op ShiftOp) check() {
	switch op {
	case ROL, ROR, SHL, SHR, SAR:
		return
	}
	panic(fmt.Sprintf("amd64: invalid shift op %d", uint8(op)))
}

// ShiftCL emits OP dst, CL. The hardware masks the count to 6 bits: Go's
// "shift by >= 64" semantics must be handled by the compiler.
func (a *Assembler) ShiftCL(op ShiftOp, dst Reg) {
	op.check()
	dst.check()
	a.encRR(0, true, "\xD3", uint8(op), uint8(dst), false)
}

// ShiftRI emits OP dst, n for 0 <= n < 64 (the short D1 form when n == 1).
func (a *Assembler) ShiftRI(op ShiftOp, dst Reg, n uint8) {
	op.check()
	dst.check()
	if n > 63 {
		panic(fmt.Sprintf("amd64: shift count %d out of range", n))
	}
	if n == 1 {
		a.encRR(0, true, "\xD1", uint8(op), uint8(dst), false)
		return
	}
	a.encRR(0, true, "\xC1", uint8(op), uint8(dst), false)
	a.imm8(int8(n))
}

// ShlCL emits SHL dst, CL.
func (a *Assembler) ShlCL(dst Reg) { a.ShiftCL(SHL, dst) }

// ShrCL emits SHR dst, CL.
func (a *Assembler) ShrCL(dst Reg) { a.ShiftCL(SHR, dst) }

// SarCL emits SAR dst, CL.
func (a *Assembler) SarCL(dst Reg) { a.ShiftCL(SAR, dst) }

// ShlRI emits SHL dst, n.
func (a *Assembler) ShlRI(dst Reg, n uint8) { a.ShiftRI(SHL, dst, n) }

// ShrRI emits SHR dst, n.
func (a *Assembler) ShrRI(dst Reg, n uint8) { a.ShiftRI(SHR, dst, n) }

// SarRI emits SAR dst, n.
func (a *Assembler) SarRI(dst Reg, n uint8) { a.ShiftRI(SAR, dst, n) }

// --- flags to values -----------------------------------------------------------

// Setcc emits SETcc dst8: the low byte of dst becomes 0 or 1, the upper 56 bits
// are kept (follow with Movzx8 to get a clean bool).
func (a *Assembler) Setcc(c Cond, dst Reg) {
	c.check()
	dst.check()
	a.encRR(0, false, string([]byte{0x0F, 0x90 | byte(c)}), 0, uint8(dst), dst >= 4 && dst <= 7)
}

// Movzx8 emits MOVZX dst, src8 (zero-extends the low byte of src).
func (a *Assembler) Movzx8(dst, src Reg) {
	dst.check()
	src.check()
	a.encRR(0, true, "\x0F\xB6", uint8(dst), uint8(src), false)
}

// Cmov emits CMOVcc dst, src (64-bit).
func (a *Assembler) Cmov(c Cond, dst, src Reg) {
	c.check()
	dst.check()
	src.check()
	a.encRR(0, true, string([]byte{0x0F, 0x40 | byte(c)}), uint8(dst), uint8(src), false)
}

// CmovM emits CMOVcc dst, QWORD [m]. The load happens even when the condition
// is false (and may fault).
func (a *Assembler) CmovM(c Cond, dst Reg, m Mem) {
	c.check()
	dst.check()
	a.encM(0, true, string([]byte{0x0F, 0x40 | byte(c)}), uint8(dst), m, 0, false)
}

// BtRR emits BT x, bit: CF = bit (bit mod 64) of x.
func (a *Assembler) BtRR(x, bit Reg) {
	x.check()
	bit.check()
	a.encRR(0, true, "\x0F\xA3", uint8(bit), uint8(x), false)
}

// BtRI emits BT x, n: CF = bit n of x (n < 64).
func (a *Assembler) BtRI(x Reg, n uint8) {
	x.check()
	if n > 63 {
		panic(fmt.Sprintf("amd64: bit index %d out of range", n))
	}
	a.encRR(0, true, "\x0F\xBA", 4, uint8(x), false)
	a.imm8(int8(n))
}

// --- stack and misc --------------------------------------------------------------

// Push emits PUSH r.
func (a *Assembler) Push(r Reg) {
	r.check()
	a.rex(false, 0, 0, uint8(r), false)
	a.byte1(0x50 | uint8(r)&7)
}

// Pop emits POP r.
func (a *Assembler) Pop(r Reg) {
	r.check()
	a.rex(false, 0, 0, uint8(r), false)
	a.byte1(0x58 | uint8(r)&7)
}

// Ret emits RET.
func (a *Assembler) Ret() { a.byte1(0xC3) }

// Int3 emits INT3 (breakpoint trap).
func (a *Assembler) Int3() { a.byte1(0xCC) }

// Ud2 emits UD2 (guaranteed invalid opcode: marks unreachable code).
func (a *Assembler) Ud2() { a.buf = append(a.buf, 0x0F, 0x0B) }

// nops are Intel's recommended multi-byte NOPs, by length.
var nops = [...]string{
	1: "\x90",
	2: "\x66\x90",
	3: "\x0F\x1F\x00",
	4: "\x0F\x1F\x40\x00",
	5: "\x0F\x1F\x44\x00\x00",
	6: "\x66\x0F\x1F\x44\x00\x00",
	7: "\x0F\x1F\x80\x00\x00\x00\x00",
	8: "\x0F\x1F\x84\x00\x00\x00\x00\x00",
	9: "\x66\x0F\x1F\x84\x00\x00\x00\x00\x00",
}

// Nop emits n bytes of NOPs, as few instructions as possible (at most 9
// bytes each).
func (a *Assembler) Nop(n int) {
	for n > 0 {
		k := min(n, len(nops)-1)
		a.buf = append(a.buf, nops[k]...)
		n -= k
	}
}

// Align pads with NOPs up to a multiple of n (a power of two), for loop heads.
// Code is copied to page-aligned memory, so offsets align as addresses do.
func (a *Assembler) Align(n int) {
	if n <= 0 || n&(n-1) != 0 {
		panic(fmt.Sprintf("amd64: alignment %d is not a power of two", n))
	}
	a.Nop(-len(a.buf) & (n - 1))
}
