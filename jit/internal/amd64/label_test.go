package amd64

import (
	"encoding/hex"
	"strings"
	"testing"

	"golang.org/x/arch/x86/x86asm"
)

func TestJumpEncodings(t *testing.T) {
	for _, tc := range []struct {
		name string
		emit func(a *Assembler)
		hex  string
	}{
		{"backward JMP rel8", func(a *Assembler) {
			l := a.NewLabel("top")
			a.Bind(l)
			a.Nop(1)
			a.Jmp(l)
		}, "90ebfd"},
		{"backward JMP at the rel8 limit", func(a *Assembler) {
			l := a.NewLabel("top")
			a.Bind(l)
			a.Nop(126)
			a.Jmp(l) // -128 from the end of the 2-byte jump
		}, strings.Repeat("90", 0) + hexNops(126) + "eb80"},
		{"backward JMP just past rel8", func(a *Assembler) {
			l := a.NewLabel("top")
			a.Bind(l)
			a.Nop(127)
			a.Jmp(l) // -129 does not fit: rel32 -132
		}, hexNops(127) + "e97cffffff"},
		{"forward JMP is rel32", func(a *Assembler) {
			l := a.NewLabel("out")
			a.Jmp(l)
			a.Nop(3)
			a.Bind(l)
		}, "e903000000" + hexNops(3)},
		{"backward JE rel8", func(a *Assembler) {
			l := a.NewLabel("top")
			a.Bind(l)
			a.Jcc(CondE, l)
		}, "74fe"},
		{"backward JL rel32", func(a *Assembler) {
			l := a.NewLabel("top")
			a.Bind(l)
			a.Nop(200)
			a.Jcc(CondL, l)
		}, hexNops(200) + "0f8c32ffffff"},
		{"forward JNE rel32", func(a *Assembler) {
			l := a.NewLabel("out")
			a.Jcc(CondNE, l)
			a.Ret()
			a.Bind(l)
		}, "0f8501000000c3"},
		{"CALL forward and backward", func(a *Assembler) {
			f := a.NewLabel("f")
			a.Call(f)
			a.Bind(f)
			a.Call(f)
		}, "e800000000e8fbffffff"},
		{"LEA RIP forward", func(a *Assembler) {
			l := a.NewLabel("here")
			a.LeaLabel(RAX, l)
			a.Bind(l)
		}, "488d0500000000"},
		{"LEA RIP backward, high register", func(a *Assembler) {
			l := a.NewLabel("here")
			a.Bind(l)
			a.LeaLabel(R12, l)
		}, "4c8d25f9ffffff"},
		{"RIP operand followed by imm8", func(a *Assembler) {
			l := a.NewLabel("k")
			a.CmpMI(MemLabel(l, 0), 1)
			a.Bind(l)
		}, "48833d0000000001"},
		{"RIP operand followed by imm32", func(a *Assembler) {
			l := a.NewLabel("k")
			a.Store64I(MemLabel(l, 8), 1000)
			a.Bind(l)
		}, "48c70508000000e8030000"},
	} {
		a := NewAssembler()
		tc.emit(a)
		code, err := a.Finish()
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := hex.EncodeToString(code); got != tc.hex {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.hex)
		}
	}
}

func hexNops(n int) string {
	a := NewAssembler()
	a.Nop(n)
	return hex.EncodeToString(a.Bytes())
}

// TestBranchTargets decodes every branch and RIP-relative form with every
// condition and checks, with x86asm, that it lands on its label.
func TestBranchTargets(t *testing.T) {
	a := NewAssembler()
	fwd := a.NewLabel("fwd")
	back := a.NewLabel("back")
	a.Bind(back)
	a.Nop(5)
	type site struct {
		off    int
		target *Label
	}
	var sites []site
	at := func(l *Label, emit func()) {
		sites = append(sites, site{a.Len(), l})
		emit()
	}
	for c := CondO; c <= CondG; c++ {
		at(back, func() { a.Jcc(c, back) })
		at(fwd, func() { a.Jcc(c, fwd) })
	}
	at(back, func() { a.Jmp(back) })
	at(fwd, func() { a.Jmp(fwd) })
	at(back, func() { a.Call(back) })
	at(fwd, func() { a.Call(fwd) })
	for _, l := range []*Label{back, fwd} {
		at(l, func() { a.Lea(R9, MemLabel(l, 0)) })
		at(l, func() { a.MovsdRM(X12, MemLabel(l, 0)) })
		at(l, func() { a.ALUMI(CMP, MemLabel(l, 0), 100000) })
		at(l, func() { a.RoundsdM(X3, MemLabel(l, 0), RoundUp) })
		at(l, func() { a.JmpM(MemLabel(l, 0)) })
	}
	a.Nop(300) // pushes later backward jumps out of rel8 range
	at(back, func() { a.Jcc(CondE, back) })
	at(back, func() { a.Jmp(back) })
	a.Bind(fwd)
	a.Ret()
	code, err := a.Finish()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sites {
		inst, err := x86asm.Decode(code[s.off:], 64)
		if err != nil {
			t.Fatalf("at %d: %v", s.off, err)
		}
		next := s.off + inst.Len
		var target int
		switch arg := inst.Args[0].(type) {
		case x86asm.Rel:
			target = next + int(arg)
		default:
			m, ok := findRIP(inst)
			if !ok {
				t.Fatalf("at %d: %v has no PC-relative operand", s.off, inst)
			}
			target = next + int(m.Disp)
		}
		if target != s.target.Offset() {
			t.Errorf("at %d: %v goes to %d, want %s at %d", s.off, inst, target, s.target, s.target.Offset())
		}
	}
}

func findRIP(inst x86asm.Inst) (x86asm.Mem, bool) {
	for _, arg := range inst.Args {
		if m, ok := arg.(x86asm.Mem); ok && m.Base == x86asm.RIP {
			return m, true
		}
	}
	return x86asm.Mem{}, false
}

func TestFinishReportsUnboundLabels(t *testing.T) {
	a := NewAssembler()
	a.NewLabel("unused") // never referenced: fine
	l := a.NewLabel("missing")
	a.Jmp(l)
	if _, err := a.Finish(); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Fatalf("Finish: %v, want an error naming the label", err)
	}
	a.Bind(l)
	if _, err := a.Finish(); err != nil {
		t.Fatal(err)
	}
}

func TestInvalidOperandsPanic(t *testing.T) {
	other := NewAssembler().NewLabel("other")
	for name, emit := range map[string]func(a *Assembler){
		"RSP as index":         func(a *Assembler) { a.Load64(RAX, MIdx(RAX, RSP, 1, 0)) },
		"scale 3":              func(a *Assembler) { a.Load64(RAX, MIdx(RAX, RCX, 3, 0)) },
		"register 16":          func(a *Assembler) { a.MovRR(Reg(16), RAX) },
		"xmm 16":               func(a *Assembler) { a.Addsd(X0, XReg(16)) },
		"shift 64":             func(a *Assembler) { a.ShlRI(RAX, 64) },
		"bit 64":               func(a *Assembler) { a.BtRI(RAX, 64) },
		"label of another":     func(a *Assembler) { a.Jmp(other) },
		"bind twice":           func(a *Assembler) { l := a.NewLabel(""); a.Bind(l); a.Bind(l) },
		"condition 16":         func(a *Assembler) { a.Setcc(Cond(16), RAX) },
		"alignment 3":          func(a *Assembler) { a.Align(3) },
		"bad scalar double op": func(a *Assembler) { a.SD(SDOp(0x42), X0, X1) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			emit(NewAssembler())
		}()
	}
}

func TestNopAndAlign(t *testing.T) {
	for n := 1; n <= 40; n++ {
		a := NewAssembler()
		a.Nop(n)
		code := a.Bytes()
		if len(code) != n {
			t.Fatalf("Nop(%d) emitted %d bytes", n, len(code))
		}
		for off := 0; off < n; {
			inst, err := x86asm.Decode(code[off:], 64)
			if err != nil || inst.Op != x86asm.NOP {
				t.Fatalf("Nop(%d) at %d: %v %v", n, off, inst, err)
			}
			off += inst.Len
		}
	}
	a := NewAssembler()
	a.Ret()
	a.Align(16)
	if a.Len() != 16 {
		t.Fatalf("Align(16) after 1 byte: length %d", a.Len())
	}
	a.Align(16)
	if a.Len() != 16 {
		t.Fatalf("Align(16) when aligned: length %d", a.Len())
	}
}

func TestListing(t *testing.T) {
	a := NewAssembler()
	loop := a.NewLabel("loop")
	done := a.NewLabel("done")
	a.Zero(RAX)
	a.Bind(loop)
	a.AddRR(RAX, RCX)
	a.SubRI(RCX, 1)
	a.Jcc(CondNE, loop)
	a.Jmp(done)
	a.Data([]byte{1, 2, 3})
	a.Bind(done)
	a.Ret()
	want := `  0x0000  31c0                           xor eax, eax
loop:
  0x0002  4801c8                         add rax, rcx
  0x0005  4883e901                       sub rcx, 0x1
  0x0009  75f7                           jnz loop
  0x000b  e903000000                     jmp done
  0x0010  010203                         .data
done:
  0x0013  c3                             ret
`
	if got := a.String(); got != want {
		t.Errorf("Intel listing:\n%s\nwant:\n%s", got, want)
	}
	wantGo := `  0x0000  31c0                           XORL AX, AX
loop:
  0x0002  4801c8                         ADDQ CX, AX
  0x0005  4883e901                       SUBQ $0x1, CX
  0x0009  75f7                           JNE loop(SB)
  0x000b  e903000000                     JMP done(SB)
  0x0010  010203                         .data
done:
  0x0013  c3                             RET
`
	if got := a.Listing(Go); got != wantGo {
		t.Errorf("Go listing:\n%s\nwant:\n%s", got, wantGo)
	}
}
