package bytecode

import "fmt"

// Instr is one instruction: a 64-bit word holding an opcode and up to three
// operands.
//
//	bits  0..7   Op
//	bits  8..23  A  (unsigned 16 bits: a register)
//	bits 24..39  B  (unsigned 16 bits: a register, constant or table index)
//	bits 40..63  C  (signed 24 bits: a register, an immediate or a jump offset)
//
// Decoding is a shift and a mask, so the interpreter's dispatch stays cheap and
// the later tiers read the same words.
type Instr uint64

// Limits of the operand fields.
const (
	MaxA = 1<<16 - 1
	MaxB = 1<<16 - 1
	MaxC = 1<<23 - 1
	MinC = -1 << 23
)

// Op returns the opcode.
func (i Instr) Op() Op { return Op(i) }

// A returns operand A.
func (i Instr) A() int { return int(uint16(i >> 8)) }

// B returns operand B.
func (i Instr) B() int { return int(uint16(i >> 24)) }

// C returns operand C, sign-extended.
func (i Instr) C() int { return int(int64(i) >> 40) }

// Make builds an instruction. It panics when an operand does not fit: the
// compiler checks its limits before it gets here, so that would be a bug.
func Make(op Op, a, b, c int) Instr {
	if a < 0 || a > MaxA || b < 0 || b > MaxB || c < MinC || c > MaxC {
		panic(fmt.Sprintf("bytecode: operand out of range: %v %d %d %d", op, a, b, c))
	}
	return Instr(op) | Instr(a)<<8 | Instr(b)<<24 | Instr(uint64(int64(c))<<40)
}

// WithC returns i with operand C replaced (used to patch jump offsets).
func (i Instr) WithC(c int) Instr { return Make(i.Op(), i.A(), i.B(), c) }
