package amd64

import (
	"encoding/binary"
	"fmt"
	"math"
)

// Assembler appends x86-64 machine code to a byte buffer.
//
// Instruction methods panic on operands the hardware cannot encode (an
// invalid register, RSP as an index, a bad scale, a label of another
// assembler): those are compiler bugs, not input errors. A compiler that wants
// to fall back to a lower tier instead of crashing recovers around its
// emission. Unbound labels are reported by Finish as an error.
//
// Operand order is Intel's: destination first.
type Assembler struct {
	buf    []byte
	labels []*Label
	data   [][2]int // [start, end) byte ranges emitted by Data, for the disassembler
}

// NewAssembler returns an empty assembler.
func NewAssembler() *Assembler { return &Assembler{} }

// Reset empties the assembler, keeping the buffer's capacity. Labels created
// before Reset must not be used afterwards.
func (a *Assembler) Reset() {
	a.buf = a.buf[:0]
	a.labels = a.labels[:0]
	a.data = a.data[:0]
}

// Len returns the number of bytes emitted so far: the offset of the next
// instruction.
func (a *Assembler) Len() int { return len(a.buf) }

// Bytes returns the code emitted so far, aliasing the internal buffer. Jumps
// to labels not bound yet hold zero displacements; use Finish for the final
// code.
func (a *Assembler) Bytes() []byte { return a.buf }

// Finish checks that every label that is referenced has been bound and returns
// the finished code (aliasing the internal buffer).
func (a *Assembler) Finish() ([]byte, error) {
	for _, l := range a.labels {
		if l.pos < 0 && len(l.refs) > 0 {
			return nil, fmt.Errorf("amd64: label %s referenced %d time(s) but never bound", l, len(l.refs))
		}
	}
	return a.buf, nil
}

// Label is a position in the code. A label may be referenced before it is
// bound (forward jumps are patched when Bind is called) and is bound exactly
// once.
type Label struct {
	a    *Assembler
	id   int
	name string
	pos  int // -1 while unbound
	refs []labelRef
}

// labelRef is a 32-bit PC-relative field waiting for its label.
type labelRef struct {
	at     int   // offset of the rel32 field
	end    int   // offset of the end of the instruction (what the CPU adds to)
	addend int32 // extra displacement (MemLabel's disp)
}

// NewLabel creates an unbound label; name is used only in listings and errors
// and may be empty.
func (a *Assembler) NewLabel(name string) *Label {
	l := &Label{a: a, id: len(a.labels), name: name, pos: -1}
	a.labels = append(a.labels, l)
	return l
}

func (l *Label) String() string {
	if l.name != "" {
		return l.name
	}
	return fmt.Sprintf("L%d", l.id)
}

// Bound reports whether the label has been bound.
func (l *Label) Bound() bool { return l.pos >= 0 }

// Offset returns the label's offset in the code, or -1 if unbound.
func (l *Label) Offset() int { return l.pos }

func (a *Assembler) own(l *Label) {
	if l == nil || l.a != a {
		panic("amd64: label belongs to another assembler")
	}
}

// Bind binds l to the current position and patches the forward references to it.
func (a *Assembler) Bind(l *Label) {
	a.own(l)
	if l.pos >= 0 {
		panic(fmt.Sprintf("amd64: label %s bound twice", l))
	}
	l.pos = len(a.buf)
	for _, r := range l.refs {
		a.patch32(r.at, int64(l.pos)+int64(r.addend)-int64(r.end))
	}
	l.refs = nil
}

func (a *Assembler) patch32(at int, v int64) {
	if v < math.MinInt32 || v > math.MaxInt32 {
		panic("amd64: PC-relative displacement out of range")
	}
	binary.LittleEndian.PutUint32(a.buf[at:], uint32(int32(v)))
}

// rel32 emits a 32-bit PC-relative field that refers to l (+addend), for an
// instruction that ends immLen bytes after the field.
func (a *Assembler) rel32(l *Label, addend int32, immLen int) {
	a.own(l)
	at := len(a.buf)
	end := at + 4 + immLen
	a.buf = append(a.buf, 0, 0, 0, 0)
	if l.pos >= 0 {
		a.patch32(at, int64(l.pos)+int64(addend)-int64(end))
		return
	}
	l.refs = append(l.refs, labelRef{at: at, end: end, addend: addend})
}

// --- raw emission -------------------------------------------------------

func (a *Assembler) byte1(b byte) { a.buf = append(a.buf, b) }

func (a *Assembler) imm8(v int8) { a.buf = append(a.buf, byte(v)) }

func (a *Assembler) imm16(v int16) { a.buf = binary.LittleEndian.AppendUint16(a.buf, uint16(v)) }

func (a *Assembler) imm32(v int32) { a.buf = binary.LittleEndian.AppendUint32(a.buf, uint32(v)) }

func (a *Assembler) imm64(v int64) { a.buf = binary.LittleEndian.AppendUint64(a.buf, uint64(v)) }

// Data appends raw bytes (a constant pool, a jump table). The disassembler
// prints these ranges as data rather than decoding them.
func (a *Assembler) Data(b []byte) {
	start := len(a.buf)
	a.buf = append(a.buf, b...)
	a.data = append(a.data, [2]int{start, len(a.buf)})
}

// DataRanges returns the [start, end) ranges emitted by Data.
func (a *Assembler) DataRanges() [][2]int { return a.data }

func fitsInt8(v int64) bool { return v >= math.MinInt8 && v <= math.MaxInt8 }

// rex emits a REX prefix when any bit is needed or force is set (force makes
// byte registers 4..7 mean SPL/BPL/SIL/DIL instead of AH/CH/DH/BH).
func (a *Assembler) rex(w bool, r, x, b uint8, force bool) {
	v := byte(0x40)
	if w {
		v |= 8
	}
	v |= (r >> 3 & 1) << 2
	v |= (x >> 3 & 1) << 1
	v |= b >> 3 & 1
	if v != 0x40 || force {
		a.byte1(v)
	}
}

func (a *Assembler) prefix(p byte) {
	if p != 0 {
		a.byte1(p)
	}
}

// encRR emits [pfx] [REX] op ModRM(mod=11, reg, rm). reg and rm are 4-bit
// register numbers (GPR or XMM, as the opcode dictates).
func (a *Assembler) encRR(pfx byte, w bool, op string, reg, rm uint8, force bool) {
	a.prefix(pfx)
	a.rex(w, reg, 0, rm, force)
	a.buf = append(a.buf, op...)
	a.byte1(0xC0 | (reg&7)<<3 | rm&7)
}

// encM emits [pfx] [REX] op ModRM [SIB] [disp] for a memory operand. immLen
// is the number of immediate bytes the caller emits after it (needed to
// resolve RIP-relative operands, whose displacement counts from the end of
// the instruction).
func (a *Assembler) encM(pfx byte, w bool, op string, reg uint8, m Mem, immLen int, force bool) {
	a.prefix(pfx)
	if m.label != nil {
		a.rex(w, reg, 0, 0, force)
		a.buf = append(a.buf, op...)
		a.byte1(0x05 | (reg&7)<<3)
		a.rel32(m.label, m.Disp, immLen)
		return
	}
	m.Base.check()
	var idx uint8
	if m.Scale != 0 {
		m.Index.check()
		if m.Index == RSP {
			panic("amd64: RSP cannot be an index register")
		}
		idx = uint8(m.Index)
	}
	a.rex(w, reg, idx, uint8(m.Base), force)
	a.buf = append(a.buf, op...)
	base := uint8(m.Base) & 7
	var mod uint8
	switch {
	case m.Disp == 0 && base != 5: // RBP/R13 with mod 00 would mean RIP/disp32
		mod = 0
	case fitsInt8(int64(m.Disp)):
		mod = 1
	default:
		mod = 2
	}
	switch {
	case m.Scale != 0:
		var ss uint8
		switch m.Scale {
		case 1:
			ss = 0
		case 2:
			ss = 1
		case 4:
			ss = 2
		case 8:
			ss = 3
		default:
			panic(fmt.Sprintf("amd64: invalid scale %d", m.Scale))
		}
		a.byte1(mod<<6 | (reg&7)<<3 | 4)
		a.byte1(ss<<6 | (idx&7)<<3 | base)
	case base == 4: // RSP/R12: rm=100 means "SIB follows"; SIB with no index
		a.byte1(mod<<6 | (reg&7)<<3 | 4)
		a.byte1(0x24)
	default:
		a.byte1(mod<<6 | (reg&7)<<3 | base)
	}
	switch mod {
	case 1:
		a.imm8(int8(m.Disp))
	case 2:
		a.imm32(m.Disp)
	}
}
