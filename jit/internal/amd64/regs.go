package amd64

import "fmt"

// Reg is a 64-bit general-purpose register, numbered as the hardware numbers
// it (the low three bits go in ModRM/SIB/opcode, bit 3 in a REX prefix).
type Reg uint8

// The 16 general-purpose registers.
const (
	RAX Reg = iota
	RCX
	RDX
	RBX
	RSP
	RBP
	RSI
	RDI
	R8
	R9
	R10
	R11
	R12
	R13
	R14
	R15
)

var regNames = [16]string{"RAX", "RCX", "RDX", "RBX", "RSP", "RBP", "RSI", "RDI",
	"R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15"}

func (r Reg) String() string {
	if r < 16 {
		return regNames[r]
	}
	return fmt.Sprintf("Reg(%d)", uint8(r))
}

func (r Reg) check() {
	if r > 15 {
		panic(fmt.Sprintf("amd64: invalid general register %d", uint8(r)))
	}
}

// XReg is an SSE register X0..X15.
type XReg uint8

// The 16 SSE registers.
const (
	X0 XReg = iota
	X1
	X2
	X3
	X4
	X5
	X6
	X7
	X8
	X9
	X10
	X11
	X12
	X13
	X14
	X15
)

func (x XReg) String() string {
	if x < 16 {
		return fmt.Sprintf("X%d", uint8(x))
	}
	return fmt.Sprintf("XReg(%d)", uint8(x))
}

func (x XReg) check() {
	if x > 15 {
		panic(fmt.Sprintf("amd64: invalid SSE register %d", uint8(x)))
	}
}

// Cond is an x86 condition code, the low nibble of Jcc/SETcc/CMOVcc.
type Cond uint8

// Condition codes. After CMP a, b: L/LE/G/GE compare signed, B/BE/A/AE
// unsigned. After UCOMISD a, b: A (a > b), AE (a >= b), B (a < b or
// unordered), E (a == b or unordered); P is set iff either operand is NaN.
const (
	CondO  Cond = 0x0 // overflow
	CondNO Cond = 0x1 // not overflow
	CondB  Cond = 0x2 // below (unsigned <), carry
	CondAE Cond = 0x3 // above or equal (unsigned >=), not carry
	CondE  Cond = 0x4 // equal, zero
	CondNE Cond = 0x5 // not equal, not zero
	CondBE Cond = 0x6 // below or equal (unsigned <=)
	CondA  Cond = 0x7 // above (unsigned >)
	CondS  Cond = 0x8 // sign
	CondNS Cond = 0x9 // not sign
	CondP  Cond = 0xA // parity (UCOMISD: unordered)
	CondNP Cond = 0xB // not parity (UCOMISD: ordered)
	CondL  Cond = 0xC // less (signed <)
	CondGE Cond = 0xD // greater or equal (signed >=)
	CondLE Cond = 0xE // less or equal (signed <=)
	CondG  Cond = 0xF // greater (signed >)

	CondZ  = CondE
	CondNZ = CondNE
	CondC  = CondB
	CondNC = CondAE
)

var condNames = [16]string{"O", "NO", "B", "AE", "E", "NE", "BE", "A",
	"S", "NS", "P", "NP", "L", "GE", "LE", "G"}

func (c Cond) String() string {
	if c < 16 {
		return condNames[c]
	}
	return fmt.Sprintf("Cond(%d)", uint8(c))
}

// Not returns the negated condition (E <-> NE, L <-> GE, ...).
func (c Cond) Not() Cond { return c ^ 1 }

func (c Cond) check() {
	if c > 15 {
		panic(fmt.Sprintf("amd64: invalid condition %d", uint8(c)))
	}
}

// Mem is a memory operand [Base + Index*Scale + Disp], or, when built by
// MemLabel, [RIP + label + Disp].
//
// Scale 0 means "no index"; otherwise it is 1, 2, 4 or 8 and Index must not
// be RSP (the hardware cannot encode RSP as an index; R12 is fine).
// RSP/R12 as a base need a SIB byte and RBP/R13 with zero displacement need
// an explicit disp8; the encoder handles both.
type Mem struct {
	Base  Reg
	Index Reg
	Scale uint8
	Disp  int32
	label *Label
}

// M returns [base+disp].
func M(base Reg, disp int32) Mem { return Mem{Base: base, Disp: disp} }

// MIdx returns [base+index*scale+disp].
func MIdx(base, index Reg, scale uint8, disp int32) Mem {
	return Mem{Base: base, Index: index, Scale: scale, Disp: disp}
}

// MemLabel returns the RIP-relative operand [RIP + (address of l) + disp].
func MemLabel(l *Label, disp int32) Mem { return Mem{label: l, Disp: disp} }

func (m Mem) String() string {
	s := "["
	if m.label != nil {
		s += "RIP+" + m.label.String()
	} else {
		s += m.Base.String()
		if m.Scale != 0 {
			s += fmt.Sprintf("+%s*%d", m.Index, m.Scale)
		}
	}
	if m.Disp != 0 {
		s += fmt.Sprintf("%+d", m.Disp)
	}
	return s + "]"
}
