package amd64

// Jumps to labels: a jump to a label that is already bound (a backward jump,
// such as a loop back-edge) uses the 2-byte rel8 form when the displacement
// fits, else rel32; a jump to a label not bound yet (a forward jump) always
// uses rel32 and is patched by Bind. There is no relaxation pass, so code
// offsets never move once emitted (a forward jump costs 3-4 bytes more than it
// might).

// Jmp emits JMP l.
func (a *Assembler) Jmp(l *Label) {
	a.own(l)
	if l.pos >= 0 {
		if d := int64(l.pos) - int64(len(a.buf)+2); fitsInt8(d) {
			a.buf = append(a.buf, 0xEB, byte(int8(d)))
			return
		}
	}
	a.byte1(0xE9)
	a.rel32(l, 0, 0)
}

// Jcc emits Jcc l (jump if condition c holds).
func (a *Assembler) Jcc(c Cond, l *Label) {
	c.check()
	a.own(l)
	if l.pos >= 0 {
		if d := int64(l.pos) - int64(len(a.buf)+2); fitsInt8(d) {
			a.buf = append(a.buf, 0x70|byte(c), byte(int8(d)))
			return
		}
	}
	a.buf = append(a.buf, 0x0F, 0x80|byte(c))
	a.rel32(l, 0, 0)
}

// Call emits CALL rel32 to l (within the same code blob).
func (a *Assembler) Call(l *Label) {
	a.byte1(0xE8)
	a.rel32(l, 0, 0)
}

// JmpR emits JMP r (indirect, absolute address in r).
func (a *Assembler) JmpR(r Reg) {
	r.check()
	a.encRR(0, false, "\xFF", 4, uint8(r), false)
}

// CallR emits CALL r (indirect, absolute address in r).
func (a *Assembler) CallR(r Reg) {
	r.check()
	a.encRR(0, false, "\xFF", 2, uint8(r), false)
}

// JmpM emits JMP QWORD [m] (jump tables).
func (a *Assembler) JmpM(m Mem) { a.encM(0, false, "\xFF", 4, m, 0, false) }

// CallM emits CALL QWORD [m].
func (a *Assembler) CallM(m Mem) { a.encM(0, false, "\xFF", 2, m, 0, false) }
