package native

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"runtime"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Context is the state shared between Go and native code. Native code finds
// it in CtxReg (R15). Its first words have fixed offsets (the Off*
// constants, pinned by TestContextOffsets); generated code reads and writes
// only those words, and only non-pointer values (no write barriers run in
// native code).
//
// A Context and its native stack are used by one goroutine at a time.
type Context struct {
	// ExitCode says why native code exited to Go (set by EmitExit).
	ExitCode uint64
	// ExitArg is a free word for the exit's operand.
	ExitArg uint64

	resumeSP   uintptr // native RSP of a pending exit (points at its resume address); 0: none
	baseSP     uintptr // native RSP that holds the trampoline's return address
	g          uintptr // the goroutine (runtime g) that last entered
	stackLimit uintptr // lowest native RSP a function may start at (see EmitStackCheck)
	stackHi    uintptr // top of the native stack (16-byte aligned)
	goSP       uintptr // Go's SP and BP, saved by the trampoline while native code runs
	goBP       uintptr
	_          uint64

	// Scratch is free for arguments, results and spills shared by Go and
	// native code (16-byte aligned).
	Scratch [ScratchWords]uint64

	stack []byte // the native stack mapping, guard page included
	clean runtime.Cleanup
}

// ScratchWords is the length of Context.Scratch.
const ScratchWords = 32

// Offsets of the Context words in generated code (TestContextOffsets pins
// them against unsafe.Offsetof).
const (
	OffExitCode   = 0
	OffExitArg    = 8
	OffResumeSP   = 16
	OffBaseSP     = 24
	OffG          = 32
	OffStackLimit = 40
	OffStackHi    = 48
	OffScratch    = 80
)

// OffScratchWord returns the offset of Scratch[i].
func OffScratchWord(i int) int32 {
	if i < 0 || i >= ScratchWords {
		panic(fmt.Sprintf("native: scratch word %d out of range", i))
	}
	return int32(OffScratch + 8*i)
}

// Exit codes. Codes from ExitUser up belong to the compiler.
const (
	// ExitReturn: the native code returned from its bottom frame.
	ExitReturn uint64 = 0
	// ExitPreempt: a back-edge saw a preemption request (EmitPreemptCheck).
	ExitPreempt uint64 = 1
	// ExitStackOverflow: a function entry found the native stack exhausted
	// (EmitStackCheck).
	ExitStackOverflow uint64 = 2
	// ExitUser is the first code free for the compiler.
	ExitUser uint64 = 16
)

// Stack sizes.
const (
	// DefaultStackSize is the native stack size NewContext uses for 0.
	DefaultStackSize = 1 << 20
	// StackReserve is the headroom kept above the guard page: a function
	// whose frame (pushes and calls included) is at most StackReserve bytes
	// needs only EmitStackCheck at entry.
	StackReserve = 16 << 10
)

var pageSize = os.Getpagesize()

// NewContext allocates a Context with a native stack of size bytes (rounded
// up to pages; 0 means DefaultStackSize) plus a PROT_NONE guard page below
// it, so that an overflow faults instead of corrupting memory.
func NewContext(size int) (*Context, error) {
	if size == 0 {
		size = DefaultStackSize
	}
	size = (size + pageSize - 1) &^ (pageSize - 1)
	if size < 2*StackReserve {
		return nil, fmt.Errorf("native: stack size %d below %d", size, 2*StackReserve)
	}
	mem, err := unix.Mmap(-1, 0, size+pageSize, unix.PROT_READ|unix.PROT_WRITE,
		unix.MAP_PRIVATE|unix.MAP_ANONYMOUS|unix.MAP_NORESERVE)
	if err != nil {
		return nil, fmt.Errorf("native: mmap stack: %w", err)
	}
	if err := unix.Mprotect(mem[:pageSize], unix.PROT_NONE); err != nil {
		_ = unix.Munmap(mem)
		return nil, fmt.Errorf("native: mprotect guard page: %w", err)
	}
	lo := uintptr(unsafe.Pointer(&mem[0]))
	c := &Context{stack: mem}
	c.stackHi = lo + uintptr(len(mem)) // page-aligned, so 16-byte aligned
	c.baseSP = c.stackHi - 8
	c.stackLimit = lo + uintptr(pageSize) + StackReserve
	c.clean = runtime.AddCleanup(c, func(m []byte) { _ = unix.Munmap(m) }, mem)
	return c, nil
}

// Free releases the native stack. The Context must not be used afterwards.
func (c *Context) Free() error {
	if c.stack == nil {
		return errors.New("native: context already freed")
	}
	c.clean.Stop()
	err := unix.Munmap(c.stack)
	c.stack = nil
	c.stackHi, c.baseSP, c.stackLimit, c.resumeSP = 0, 0, 0, 0
	if err != nil {
		return fmt.Errorf("native: munmap stack: %w", err)
	}
	return nil
}

// StackBounds returns the native stack's usable range [lo, hi).
func (c *Context) StackBounds() (lo, hi uintptr) {
	return c.stackLimit - StackReserve, c.stackHi
}

// Call runs the native code at pc on an empty native stack and returns when
// it returns (ExitReturn) or exits to Go (its exit code). Any exit still
// pending is discarded: its native frames are overwritten.
func (c *Context) Call(pc uintptr) uint64 {
	if c.stack == nil {
		panic("native: Call on a freed context")
	}
	c.resumeSP = 0
	enter(c, pc)
	if c.resumeSP == 0 {
		return ExitReturn
	}
	return c.ExitCode
}

// Resume continues native code after its last exit, at the instruction after
// the exit, with the native stack as it was and RSP, R14 (g) and R15 (ctx)
// set; every other register is undefined. It panics if no exit is pending.
func (c *Context) Resume() uint64 {
	if c.resumeSP == 0 {
		panic("native: Resume with no pending exit")
	}
	enter(c, 0)
	if c.resumeSP == 0 {
		return ExitReturn
	}
	return c.ExitCode
}

// Pending reports whether native code has exited and can be resumed.
func (c *Context) Pending() bool { return c.resumeSP != 0 }

// ResumeAddr returns the address native code resumes at after the pending
// exit (the return address its exit CALL pushed): it tells Go which exit
// site, of which generated function, exited. 0 when no exit is pending.
func (c *Context) ResumeAddr() uintptr {
	if c.resumeSP == 0 {
		return 0
	}
	lo := uintptr(unsafe.Pointer(&c.stack[0]))
	return uintptr(binary.LittleEndian.Uint64(c.stack[c.resumeSP-lo:]))
}

// Nested is the state of a Context with a pending exit, saved by Nest while
// Go runs native code again from inside the handling of that exit.
type Nested struct {
	resumeSP, baseSP, stackHi uintptr
	ExitCode, ExitArg         uint64
}

// Nest lets Go call native code while an exit is pending (Go, handling an
// exit, calls back into generated code): the pending exit's native frames
// stay where they are, and the nested Call runs on the same native stack
// below them. It returns the state that Unnest restores once the nested
// calls are finished; until then, Call, Resume and Pending refer to the
// nested activation. Nesting is unlimited but for the native stack, which
// the nested code checks (EmitStackCheck) like any other.
func (c *Context) Nest() Nested {
	if c.resumeSP == 0 {
		panic("native: Nest with no pending exit")
	}
	n := Nested{resumeSP: c.resumeSP, baseSP: c.baseSP, stackHi: c.stackHi,
		ExitCode: c.ExitCode, ExitArg: c.ExitArg}
	// resumeSP points at the resume address; everything at and above it
	// belongs to the suspended activation. Leave a 16-byte gap and align.
	c.stackHi = (c.resumeSP - 16) &^ 15
	c.baseSP = c.stackHi - 8
	c.resumeSP = 0
	return n
}

// NestRoom returns how much native stack a nested activation would have
// (Nest with the pending exit): 0 when none is pending. Code that finds it
// too small should not nest (a nested activation starts below the
// suspended one, and each nested overflow exit would eat into the
// reserve).
func (c *Context) NestRoom() uintptr {
	if c.resumeSP == 0 || c.resumeSP < c.stackLimit+32 {
		return 0
	}
	return ((c.resumeSP - 16) &^ 15) - c.stackLimit
}

// Unnest restores the state Nest saved: the suspended activation's exit is
// pending again and can be resumed.
func (c *Context) Unnest(n Nested) {
	c.resumeSP, c.baseSP, c.stackHi = n.resumeSP, n.baseSP, n.stackHi
	c.ExitCode, c.ExitArg = n.ExitCode, n.ExitArg
}

// Run is Call that also services preemption: on ExitPreempt it calls
// Preempt and resumes. It returns the first other exit code.
func (c *Context) Run(pc uintptr) uint64 {
	code := c.Call(pc)
	for code == ExitPreempt {
		Preempt()
		code = c.Resume()
	}
	return code
}

// Continue is Resume that services preemption like Run.
func (c *Context) Continue() uint64 {
	code := c.Resume()
	for code == ExitPreempt {
		Preempt()
		code = c.Resume()
	}
	return code
}

// Preempt lets the runtime act on the preemption request that made native
// code exit with ExitPreempt; call it before resuming. It is an ordinary
// (not inlined, not NOSPLIT) function: its prologue finds g.stackguard0 ==
// StackPreempt and enters the runtime's own preemption path (morestack ->
// newstack), which parks the goroutine in _Gpreempted for a GC stack scan or
// yields for a stop-the-world or time slice. runtime.Gosched is not enough:
// it makes the goroutine runnable and the scheduler runs it again within
// microseconds, before the GC's scanner (which polls every ~10 µs for it to
// stop) notices; a GC then spun for 1.3 s (TestExplicitGCNotBlocked).
//
//go:noinline
func Preempt() {
	preemptNop() // a call: the prologue keeps its stack check
}

//go:noinline
func preemptNop() {}

// enter is the trampoline (trampoline_amd64.s): with c.resumeSP == 0 it
// calls pc on the native stack, else it resumes the pending exit (pc unused).
//
//go:noescape
func enter(c *Context, pc uintptr)
