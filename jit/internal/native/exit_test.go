package native

import (
	"runtime"
	"testing"

	. "github.com/jitvm/jitvm/jit/internal/amd64"
)

const exitAskF = ExitUser + 1 // "Go, compute f(ExitArg) into Scratch[1]"

// emitCallsGo emits outer(): acc = sum of f(i) for i in 0..Scratch[0]-1,
// where f is computed by Go: outer calls inner (a native CALL), and inner
// exits to Go from two native frames deep. Loop state lives in outer's frame
// on the native stack, so it survives the exits.
func emitCallsGo(m *module) {
	a := m.a
	inner := a.NewLabel("inner")
	m.entry("outer")
	loop, done := a.NewLabel("outer_loop"), a.NewLabel("outer_done")
	a.SubRI(RSP, 24) // [RSP] = i, [RSP+8] = acc; RSP is now 16-aligned
	a.Store64I(M(RSP, 0), 0)
	a.Store64I(M(RSP, 8), 0)
	a.Bind(loop)
	a.Load64(RAX, M(RSP, 0))
	a.CmpRM(RAX, scratch(0))
	a.Jcc(CondGE, done)
	a.Store64(M(CtxReg, OffExitArg), RAX)
	a.Call(inner)
	a.ALUMR(ADD, M(RSP, 8), RAX)
	a.ALUMI(ADD, M(RSP, 0), 1)
	a.Jmp(loop)
	a.Bind(done)
	a.Load64(RAX, M(RSP, 8))
	a.Store64(scratch(2), RAX)
	a.AddRI(RSP, 24)
	a.Ret()

	a.Bind(inner)
	a.MovRI(RBX, 0x5555) // clobbered by the exit: must not be relied on
	EmitExit(a, m.stub, exitAskF)
	a.Load64(RAX, scratch(1))
	a.Ret()
}

func f(i uint64) uint64 { return i*i + 7 }

//go:noinline
func deep(n int) int {
	var pad [256]byte
	pad[n%256] = byte(n)
	if n == 0 {
		return int(pad[0])
	}
	return deep(n-1) + int(pad[n%256]) - int(byte(n))
}

// TestExitResume: native code exits to Go from a nested native call; Go does
// work that moves the goroutine's stack, runs the GC and yields; native code
// resumes where it stopped with its native frames intact.
func TestExitResume(t *testing.T) {
	m := newModule()
	emitCallsGo(m)
	l := m.load(t)
	c := newContext(t)
	const n = 50
	c.Scratch[0] = n
	exits := 0
	gs := map[uintptr]bool{}
	stacks := map[uintptr]bool{gWord(0): true} // g.stack.lo values seen
	code := c.Call(l.pc("outer"))
	for code == exitAskF {
		exits++
		if !c.Pending() {
			t.Fatal("exit without a pending resume")
		}
		gs[c.g] = true
		c.Scratch[1] = f(c.ExitArg)
		switch exits % 5 {
		case 0:
			runtime.GC()
		case 1:
			deep(200 + exits*50) // grows, so moves, this goroutine's stack
		case 2:
			runtime.Gosched()
		}
		stacks[gWord(0)] = true
		code = c.Resume()
	}
	if code != ExitReturn {
		t.Fatalf("exit %d", code)
	}
	if len(stacks) < 2 {
		t.Error("the goroutine stack never moved: the test does not exercise re-entry from a moved stack")
	}
	if c.Pending() {
		t.Error("pending after return")
	}
	var want uint64
	for i := uint64(0); i < n; i++ {
		want += f(i)
	}
	if exits != n || c.Scratch[2] != want {
		t.Fatalf("%d exits, result %d; want %d exits, %d", exits, c.Scratch[2], n, want)
	}
	if len(gs) != 1 || !gs[getg()] {
		t.Errorf("g seen at exits %v, want only this goroutine's %#x", gs, getg())
	}
}

// TestCallAbandonsPendingExit: Call while an exit is pending starts afresh.
func TestCallAbandonsPendingExit(t *testing.T) {
	m := newModule()
	emitCallsGo(m)
	l := m.load(t)
	c := newContext(t)
	c.Scratch[0] = 3
	if code := c.Call(l.pc("outer")); code != exitAskF {
		t.Fatalf("exit %d", code)
	}
	c.Scratch[0] = 0 // a fresh call that returns at once
	if code := c.Call(l.pc("outer")); code != ExitReturn || c.Scratch[2] != 0 || c.Pending() {
		t.Fatalf("fresh call: exit %d result %d pending %v", code, c.Scratch[2], c.Pending())
	}
	defer func() {
		if recover() == nil {
			t.Error("Resume with nothing pending did not panic")
		}
	}()
	c.Resume()
}

// TestStackOverflowExits: unbounded native recursion with EmitStackCheck
// exits with ExitStackOverflow instead of hitting the guard page.
func TestStackOverflowExits(t *testing.T) {
	m := newModule()
	a := m.a
	m.entry("rec")
	overflow := a.NewLabel("overflow")
	EmitStackCheck(a, overflow)
	a.SubRI(RSP, 1000)
	a.ALUMI(ADD, scratch(0), 1) // depth
	a.Call(m.entries["rec"])
	a.Ud2()
	a.Bind(overflow)
	EmitExit(a, m.stub, ExitStackOverflow)
	a.Ud2() // never resumed
	l := m.load(t)
	c := newContext(t)
	for range 3 {
		c.Scratch[0] = 0
		if code := c.Call(l.pc("rec")); code != ExitStackOverflow {
			t.Fatalf("exit %d", code)
		}
		lo, hi := c.StackBounds()
		used := hi - lo - StackReserve
		if d := c.Scratch[0]; d < uint64(used)/1008-1 || d > uint64(used)/1008+1 {
			t.Errorf("depth %d, want about %d", d, used/1008)
		}
	}
}

// TestClobberEverything: native code may clobber every general register but
// RSP and R15 (RBP and R14 included) and every XMM (X15 included); Go code
// after the call must be unaffected.
func TestClobberEverything(t *testing.T) {
	m := newModule()
	m.entry("clobber")
	for r := RAX; r <= R14; r++ {
		if r != RSP {
			m.a.MovRI(r, 0x0bad0000+int64(r))
		}
	}
	for x := X0; x <= X15; x++ {
		m.a.MovqXR(x, RAX)
	}
	m.a.Ret()
	l := m.load(t)
	c := newContext(t)
	sum := 0.0
	for i := range 1000 {
		if code := c.Call(l.pc("clobber")); code != ExitReturn {
			t.Fatalf("exit %d", code)
		}
		s := make([]float64, 4+i%8) // needs g (R14) and zeroing (X15)
		s[0] = float64(i)
		var z [8]int64 // zeroed through X15
		if z != [8]int64{} {
			t.Fatal("X15 not zero after native call")
		}
		sum += s[0] + float64(len(s)) - float64(4+i%8)
	}
	if sum != 999*1000/2 {
		t.Fatalf("sum %v", sum)
	}
	runtime.GC()
}

// TestNestedActivation: while outer's exit is pending (its native frames
// suspended on the stack), Go runs native code again (Nest): the nested
// activation exits and resumes on the same stack below, returns, and after
// Unnest outer resumes with its frames intact. ResumeAddr names the exit
// site.
func TestNestedActivation(t *testing.T) {
	m := newModule()
	emitCallsGo(m)
	l := m.load(t)
	c := newContext(t)
	c.Scratch[0] = 4
	code := c.Call(l.pc("outer"))
	site := c.ResumeAddr()
	if site < l.code.Addr() || site >= l.code.Addr()+uintptr(l.code.Len()) {
		t.Fatalf("ResumeAddr %#x outside the code", site)
	}
	exits := 0
	for code == exitAskF {
		exits++
		if got := c.ResumeAddr(); got != site {
			t.Fatalf("exit %d resumes at %#x, want %#x (the same exit site)", exits, got, site)
		}
		arg := c.ExitArg
		// Run the whole function again, nested, with a different n.
		saved := c.Nest()
		if c.Pending() {
			t.Fatal("nested context has an exit pending")
		}
		c.Scratch[0] = 2
		inner := c.Call(l.pc("outer"))
		for inner == exitAskF {
			c.Scratch[1] = f(c.ExitArg)
			inner = c.Resume()
		}
		if inner != ExitReturn || c.Scratch[2] != f(0)+f(1) {
			t.Fatalf("nested: exit %d result %d", inner, c.Scratch[2])
		}
		c.Unnest(saved)
		if !c.Pending() || c.ExitArg != arg {
			t.Fatal("Unnest did not restore the pending exit")
		}
		c.Scratch[0] = 4
		c.Scratch[1] = f(arg)
		code = c.Resume()
	}
	if code != ExitReturn || exits != 4 || c.Scratch[2] != f(0)+f(1)+f(2)+f(3) {
		t.Fatalf("outer: exit %d after %d exits, result %d", code, exits, c.Scratch[2])
	}
	if c.ResumeAddr() != 0 {
		t.Error("ResumeAddr with no exit pending")
	}
}
