package vm

import (
	"sync/atomic"
	"unsafe"
)

// Frame is a record of the machine's frame stack, as compiled tiers see
// it: the function, the pc its caller resumes at (in a caller's record:
// the instruction after the call) and the first register of its window.
// Native code reads and writes these records directly (L2's calls between
// native functions push and pop them without Go), so the layout is part of
// the API: three ints, in this order. It is the machine's own record
// (frame), checked at compile time below.
type Frame struct {
	Fn, PC, Base int
}

// The machine's records and Frame must have the same layout.
var (
	_ [unsafe.Sizeof(Frame{}) - unsafe.Sizeof(frame{})]struct{}
	_ [unsafe.Sizeof(frame{}) - unsafe.Sizeof(Frame{})]struct{}
	_ [unsafe.Offsetof(Frame{}.Fn) - unsafe.Offsetof(frame{}.fn)]struct{}
	_ [unsafe.Offsetof(frame{}.fn) - unsafe.Offsetof(Frame{}.Fn)]struct{}
	_ [unsafe.Offsetof(Frame{}.PC) - unsafe.Offsetof(frame{}.pc)]struct{}
	_ [unsafe.Offsetof(Frame{}.Base) - unsafe.Offsetof(frame{}.base)]struct{}
	_ [unsafe.Offsetof(frame{}.base) - unsafe.Offsetof(Frame{}.Base)]struct{}
	_ [unsafe.Offsetof(frame{}.pc) - unsafe.Offsetof(Frame{}.PC)]struct{}
)

// Frames returns the frame stack's storage: records [0, Depth()) are the
// live frames, outermost first, and the rest is room to push into. The
// slice is valid until the stack grows (a call through Call may grow it);
// read it again after one.
func (m *Machine) Frames() []Frame {
	return unsafe.Slice((*Frame)(unsafe.Pointer(unsafe.SliceData(m.frames))), len(m.frames))
}

// Depth returns the number of live frames.
func (m *Machine) Depth() int { return m.depth }

// SetDepth sets the number of live frames: a tier that pushed or popped
// records in Frames tells the machine. d must be at least 1 and at most
// len(Frames()).
func (m *Machine) SetDepth(d int) {
	if d < 1 || d > len(m.frames) {
		panic("vm: SetDepth out of range")
	}
	m.depth = d
}

// SetRunning makes the frame on top of the stack, of function fn with
// its window at base, the one Interpret continues: a tier that pushed the
// record itself calls it before handing the frame to the interpreter.
func (m *Machine) SetRunning(fn, base int) { m.fn, m.base = fn, base }

// CurrentCell returns the cell holding the index of the running function
// (-1 when none), which the profiler samples (Options.OnStart gets the
// same cell). Native code that calls native code stores the callee's
// index there, as the interpreter does.
func (m *Machine) CurrentCell() *atomic.Int32 { return &m.current }

// MaxFrames returns the call depth limit: a call made with that many frames
// live is a stack overflow.
func (m *Machine) MaxFrames() int { return m.maxFrames }

// Reserve makes the register banks at least n registers long, for a tier
// whose frames use registers past their function's NumRegs (L1 keeps an
// inlined callee's registers above the caller's, where the call's frame
// would be). It may move the banks: fetch them again (Regs) after it.
func (m *Machine) Reserve(n int) {
	if n > len(m.regs) {
		m.grow(n)
	}
}
