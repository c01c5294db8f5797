package native

import (
	"runtime"
	"testing"
	"time"
	"unsafe"

	. "github.com/jitvm/jitvm/jit/internal/amd64"
	"golang.org/x/arch/x86/x86asm"
)

// TestContextOffsets pins every Context offset generated code hard-codes.
func TestContextOffsets(t *testing.T) {
	var c Context
	for _, tc := range []struct {
		name      string
		got, want uintptr
	}{
		{"ExitCode", unsafe.Offsetof(c.ExitCode), OffExitCode},
		{"ExitArg", unsafe.Offsetof(c.ExitArg), OffExitArg},
		{"resumeSP", unsafe.Offsetof(c.resumeSP), OffResumeSP},
		{"baseSP", unsafe.Offsetof(c.baseSP), OffBaseSP},
		{"g", unsafe.Offsetof(c.g), OffG},
		{"stackLimit", unsafe.Offsetof(c.stackLimit), OffStackLimit},
		{"stackHi", unsafe.Offsetof(c.stackHi), OffStackHi},
		{"Scratch", unsafe.Offsetof(c.Scratch), OffScratch},
	} {
		if tc.got != tc.want {
			t.Errorf("offset of %s = %d, constant says %d", tc.name, tc.got, tc.want)
		}
	}
	if OffScratch%16 != 0 {
		t.Errorf("Scratch at %d is not 16-byte aligned", OffScratch)
	}
	if OffScratchWord(3) != OffScratch+24 {
		t.Error("OffScratchWord")
	}
	imm := int32(stackPreemptImm32) // a variable: the conversion below is at run time
	if uint64(int64(imm)) != StackPreempt {
		t.Errorf("imm32 %d does not sign-extend to %#x", stackPreemptImm32, uint64(StackPreempt))
	}
}

// TestRuntimeConstants pins the layout of the start of the runtime's g:
// stack.lo at 0, stack.hi at 8, stackguard0 at GStackguard0Offset; and that
// an ABI0 function sees g in R14.
func TestRuntimeConstants(t *testing.T) {
	g := getg()
	if g == 0 {
		t.Fatal("getg() = 0")
	}
	if r14 := getR14(); r14 != g {
		t.Errorf("R14 at ABI0 entry = %#x, g from TLS = %#x", r14, g)
	}
	lo, hi, sg := gWord(0), gWord(1), gWord(GStackguard0Offset/8)
	var local int
	sp := uintptr(unsafe.Pointer(&local))
	if !(lo < sp && sp < hi) {
		t.Errorf("a local at %#x is not in g.stack [%#x, %#x): stack bounds moved in g", sp, lo, hi)
	}
	// Without a pending preemption, stackguard0 = stack.lo + StackGuard
	// (928 bytes, times 2 under -race, plus a few hundred on some OSes).
	if sg != StackPreempt && !(lo < sg && sg <= lo+4096) {
		t.Errorf("g+%d = %#x is not stack.lo (%#x) + a guard: stackguard0 moved in g", GStackguard0Offset, sg, lo)
	}
	if asm := stackguard0(); asm != StackPreempt && !(lo < asm && asm <= lo+4096) {
		t.Errorf("stackguard0() = %#x", asm)
	}
}

// TestPreemptMarkerVisible checks that a goroutine with a pending preemption
// request sees StackPreempt in its g.stackguard0: an assembly loop (which the
// runtime cannot preempt asynchronously) reads it until it changes, while
// this goroutine calls runtime.GC (whose stop-the-world asks every running
// goroutine to stop). Sysmon's 10 ms time slice would set it too.
func TestPreemptMarkerVisible(t *testing.T) {
	type result struct {
		got uintptr
		n   uint64
	}
	done := make(chan result)
	go func() {
		got, n := spinUntilStackguard(StackPreempt, 20_000_000_000)
		done <- result{got, n}
	}()
	time.Sleep(10 * time.Millisecond)
	gcDone := make(chan struct{})
	go func() {
		runtime.GC()
		close(gcDone)
	}()
	r := <-done
	<-gcDone
	if r.got != StackPreempt {
		t.Fatalf("stackguard0 = %#x after %d reads, never %#x", r.got, r.n, uint64(StackPreempt))
	}
	t.Logf("stackguard0 became %#x after %d reads", r.got, r.n)
}

// TestGRegisters checks, from generated code, the three ways to get g: R14
// after the trampoline, [R15+OffG], and FS:[-8] (valid in this internally
// linked test binary only).
func TestGRegisters(t *testing.T) {
	m := newModule()
	m.entry("g")
	m.a.Store64(scratch(0), GReg)
	EmitLoadG(m.a, RAX)
	m.a.Store64(scratch(1), RAX)
	EmitLoadGTLS(m.a, RDX)
	m.a.Store64(scratch(2), RDX)
	m.a.Store64(scratch(3), RSP)
	m.a.Ret()
	l := m.load(t)
	c := newContext(t)
	if code := c.Call(l.pc("g")); code != ExitReturn {
		t.Fatalf("exit %d", code)
	}
	g := getg()
	for i, name := range []string{"R14", "[R15+OffG]", "FS:[-8]"} {
		if got := uintptr(c.Scratch[i]); got != g {
			t.Errorf("%s = %#x, want g = %#x", name, got, g)
		}
	}
	// On entry, RSP = stackHi - 8 (the return address): 8 mod 16.
	if sp := uintptr(c.Scratch[3]); sp != c.stackHi-8 || sp%16 != 8 {
		t.Errorf("RSP at entry = %#x, want stackHi-8 = %#x", sp, c.stackHi-8)
	}
}

// TestPreemptHasStackCheck: Preempt works only through its prologue's stack
// check (CMP RSP, [R14+16]; JBE morestack). Decode its first instruction.
func TestPreemptHasStackCheck(t *testing.T) {
	f := Preempt // a func value points at a funcval whose first word is the code address
	code := ***(***[16]byte)(unsafe.Pointer(&f))
	inst, err := x86asm.Decode(code[:], 64)
	if err != nil {
		t.Fatal(err)
	}
	want := x86asm.Args{x86asm.RSP, x86asm.Mem{Base: x86asm.R14, Disp: GStackguard0Offset}}
	if inst.Op != x86asm.CMP || inst.Args[0] != want[0] || inst.Args[1] != want[1] {
		t.Fatalf("Preempt starts with %v, want CMP RSP, [R14+0x10]: without the stack check it cannot act on a preemption request", inst)
	}
}
