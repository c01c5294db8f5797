package native

import (
	"testing"

	. "github.com/jitvm/jitvm/jit/internal/amd64"
	"github.com/jitvm/jitvm/jit/internal/execmem"
)

// module is generated code under construction: one assembler, one shared
// exit stub, named entry points.
type module struct {
	a       *Assembler
	stub    *Label
	entries map[string]*Label
}

func newModule() *module {
	a := NewAssembler()
	m := &module{a: a, stub: a.NewLabel("exit_stub"), entries: map[string]*Label{}}
	return m
}

func (m *module) entry(name string) {
	l := m.a.NewLabel(name)
	m.a.Align(16)
	m.a.Bind(l)
	m.entries[name] = l
}

// loaded is a module in executable memory.
type loaded struct {
	code *execmem.Code
	m    *module
}

func (l *loaded) pc(name string) uintptr {
	e, ok := l.m.entries[name]
	if !ok {
		panic("no entry " + name)
	}
	return l.code.Addr() + uintptr(e.Offset())
}

func (m *module) load(t testing.TB) *loaded {
	t.Helper()
	m.a.Align(16)
	m.a.Bind(m.stub)
	EmitExitStub(m.a)
	code, err := m.a.Finish()
	if err != nil {
		t.Fatal(err)
	}
	c, err := execmem.Load(code)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Free() })
	return &loaded{code: c, m: m}
}

func newContext(t testing.TB) *Context {
	t.Helper()
	c, err := NewContext(0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Free() })
	return c
}

func scratch(i int) Mem { return M(CtxReg, OffScratchWord(i)) }

// emitSumLoop emits a function computing Scratch[1] = 1+2+...+Scratch[0].
// It sets Scratch[2] = 1 when it starts. With check, the back-edge has the
// preemption check, whose slow path spills the three live registers on the
// native stack around the exit.
func emitSumLoop(m *module, name string, check bool) {
	a := m.a
	m.entry(name)
	loop, back, done, slow := a.NewLabel(name+"_loop"), a.NewLabel(name+"_back"), a.NewLabel(name+"_done"), a.NewLabel(name+"_slow")
	a.Load64(RCX, scratch(0)) // n
	a.Zero(RAX)               // sum
	a.MovRI(RDX, 1)           // i
	a.Store64I(scratch(2), 1)
	a.CmpRR(RDX, RCX)
	a.Jcc(CondG, done)
	a.Align(16)
	a.Bind(loop)
	a.AddRR(RAX, RDX)
	a.AddRI(RDX, 1)
	if check {
		EmitPreemptCheck(a, slow)
	}
	a.Bind(back)
	a.CmpRR(RDX, RCX)
	a.Jcc(CondLE, loop)
	a.Bind(done)
	a.Store64(scratch(1), RAX)
	a.Ret()
	if check {
		a.Bind(slow)
		a.Push(RAX)
		a.Push(RCX)
		a.Push(RDX)
		EmitExit(a, m.stub, ExitPreempt)
		a.Pop(RDX)
		a.Pop(RCX)
		a.Pop(RAX)
		a.Jmp(back)
	}
}

// sumTo is 1+2+...+n modulo 2^64, as the native loop computes it.
func sumTo(n uint64) uint64 {
	if n%2 == 0 {
		return n / 2 * (n + 1)
	}
	return (n + 1) / 2 * n
}
