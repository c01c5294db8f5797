package native

import "testing"

//go:noinline
func goNop(x uint64) uint64 { return x + 1 }

// BenchmarkGoCall is the baseline: a plain (not inlined) Go call.
func BenchmarkGoCall(b *testing.B) {
	var s uint64
	for i := 0; i < b.N; i++ {
		s = goNop(s)
	}
	_ = s
}

// BenchmarkCall measures one Go -> native -> Go round trip through the
// trampoline (Context.Call of a function that only returns).
func BenchmarkCall(b *testing.B) {
	m := newModule()
	m.entry("ret")
	m.a.Ret()
	l := m.load(b)
	c := newContext(b)
	pc := l.pc("ret")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.Call(pc)
	}
}

// BenchmarkExitResume measures one exit to Go plus one Resume: native code
// that exits in a loop forever.
func BenchmarkExitResume(b *testing.B) {
	m := newModule()
	m.entry("exits")
	top := m.a.NewLabel("top")
	m.a.Bind(top)
	EmitExit(m.a, m.stub, ExitUser)
	m.a.Jmp(top)
	l := m.load(b)
	c := newContext(b)
	c.Call(l.pc("exits"))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.Resume()
	}
}

// BenchmarkLoop measures the sum loop per iteration with and without the
// back-edge preemption check (ns/op is per iteration).
func BenchmarkLoop(b *testing.B) {
	for _, check := range []bool{false, true} {
		name := "nocheck"
		if check {
			name = "check"
		}
		b.Run(name, func(b *testing.B) {
			m := newModule()
			emitSumLoop(m, "sum", check)
			l := m.load(b)
			c := newContext(b)
			c.Scratch[0] = uint64(b.N)
			b.ResetTimer()
			c.Run(l.pc("sum"))
		})
	}
}
