//go:build amd64

package l2

import (
	"fmt"
	"runtime"
	"sync"
	"unsafe"
	"weak"

	"github.com/jitvm/jitvm/jit/internal/native"
	"github.com/jitvm/jitvm/vm"
)

// nativeStackSize is the native stack of a machine: room for about a
// million nested native frames (a native frame is a return address, plus
// one more word while it exits), which is vm.DefaultMaxFrames. It is
// reserved, not committed (MAP_NORESERVE): only the pages a deep recursion
// touches use memory. A function that finds it exhausted runs in the
// interpreter instead.
var nativeStackSize = 64 << 20 // a variable for tests

// machineRuntime is L2's state for one vm.Machine: the native stack and
// Context every activation of L2 code on that machine shares, and the
// table of native entries for direct calls.
type machineRuntime struct {
	ctx *native.Context
	// table[fn] is the native entry (Code.body) of the L2 code this machine
	// has run for fn, or 0: a native CALL of fn goes straight there, else
	// it exits to Machine.Call. Filled when the machine enters a Code, so
	// direct calls only ever reach code the machine installed.
	table []uintptr
	codes []*Code // every Code entered on this machine, kept alive with it
	last  *Code
	// active counts the activations (Code.Enter calls) in progress. An
	// Enter while another is active comes from Go handling an exit: it
	// nests on the native stack below the suspended activation.
	active int
	// maxDepth[k] is the deepest frame stack activation k's native calls
	// may push: its share of the native stack (nativeFrameBytes a frame)
	// bounds it, so native code needs no stack check of its own.
	maxDepth []int
}

// nativeFrameBytes bounds the native stack a native call level takes: its
// return address (8 bytes), with room to spare. What the deepest frame
// pushes besides (an exit's return address, saved registers) fits in the
// native stack's reserve (native.StackReserve).
const nativeFrameBytes = 16

var (
	runtimesMu sync.Mutex
	runtimes   = map[weak.Pointer[vm.Machine]]*machineRuntime{}
)

// runtimeFor returns m's runtime, creating it on first use. Its lifetime is
// m's: a cleanup drops it (and frees its native stack) once m is
// unreachable.
func runtimeFor(m *vm.Machine) *machineRuntime {
	wp := weak.Make(m)
	runtimesMu.Lock()
	defer runtimesMu.Unlock()
	if rt, ok := runtimes[wp]; ok {
		return rt
	}
	ctx, err := native.NewContext(nativeStackSize)
	if err != nil {
		panic(fmt.Sprintf("l2: native stack: %v", err))
	}
	rt := &machineRuntime{ctx: ctx, table: make([]uintptr, len(m.Funcs()))}
	runtimes[wp] = rt
	runtime.AddCleanup(m, func(wp weak.Pointer[vm.Machine]) {
		runtimesMu.Lock()
		rt := runtimes[wp]
		delete(runtimes, wp)
		runtimesMu.Unlock()
		if rt != nil {
			_ = rt.ctx.Free()
		}
	}, wp)
	return rt
}

// minNestRoom is the native stack a nested activation must have: below
// it, a function entered from Go runs in the interpreter instead. (When an
// activation's share of the native stack is used up, its native calls
// exit to Machine.Call, whose callee, if it has L2 code, is entered here:
// a deep recursion continues in the interpreter.)
const minNestRoom = 64 << 10

// enter runs code c from entry address addr (bytecode pc) on the frame on
// top of m's frame stack, whose window starts at register base, until it
// returns.
func (rt *machineRuntime) enter(m *vm.Machine, c *Code, base, pc int, addr uintptr) {
	if rt.table[c.fn] != c.body {
		rt.table[c.fn] = c.body
		rt.codes = append(rt.codes, c)
	}
	ctx := rt.ctx
	var room uintptr
	if rt.active > 0 {
		// Go is handling an exit of an outer activation (its native
		// frames are suspended on the stack) and calls L2 code again.
		room = ctx.NestRoom()
		if room < minNestRoom {
			m.SetRunning(c.fn, base)
			m.Interpret(pc)
			return
		}
		saved := ctx.Nest()
		defer ctx.Unnest(saved)
	} else {
		lo, hi := ctx.StackBounds()
		room = hi - lo - native.StackReserve
	}
	d0 := m.Depth()
	rt.active++
	rt.maxDepth = append(rt.maxDepth, d0+int(room/nativeFrameBytes))
	defer func() {
		rt.active--
		rt.maxDepth = rt.maxDepth[:rt.active]
	}()
	rt.refresh(m, base, d0)
	code := ctx.Call(addr)
	for code != native.ExitReturn {
		code = rt.exit(m, code)
	}
	m.SetDepth(d0)
}

// refresh writes the machine's state, which Go code may have changed
// (grown the register file or the frame stack), into the Context words
// native code reads; base and depth are the running frame's.
func (rt *machineRuntime) refresh(m *vm.Machine, base, depth int) {
	w := &rt.ctx.Scratch
	regs, sregs := m.Regs()
	globals, sglobals := m.Globals()
	frames := m.Frames()
	p := func(x unsafe.Pointer) uint64 { return uint64(uintptr(x)) }
	w[wRegs] = p(unsafe.Pointer(unsafe.SliceData(regs)))
	w[wRegsEnd] = w[wRegs] + uint64(8*len(regs))
	w[wSregs] = p(unsafe.Pointer(unsafe.SliceData(sregs)))
	w[wGlobals] = p(unsafe.Pointer(unsafe.SliceData(globals)))
	w[wSGlobals] = p(unsafe.Pointer(unsafe.SliceData(sglobals)))
	w[wFrames] = p(unsafe.Pointer(unsafe.SliceData(frames)))
	w[wFP] = w[wFrames] + uint64(frameSize*(depth-1))
	// A native call needs RBP (&frames[depth-1]) below the limit: room in
	// the frame stack for one more record, and in the native stack.
	limit := min(len(frames), rt.maxDepth[len(rt.maxDepth)-1]) - 1
	w[wFPLimit] = w[wFrames] + uint64(frameSize*limit)
	w[wCur] = p(unsafe.Pointer(m.CurrentCell()))
	w[wTable] = p(unsafe.Pointer(unsafe.SliceData(rt.table)))
	w[wWin] = w[wRegs] + uint64(8*base)
}

// exitCounter, if set (by tests), sees every exit.
var exitCounter func(d *exitDesc)

// exit handles an exit of native code and resumes it; it returns the
// next exit code.
func (rt *machineRuntime) exit(m *vm.Machine, code uint64) uint64 {
	ctx := rt.ctx
	if code == native.ExitPreempt {
		native.Preempt()
		return ctx.Resume()
	}
	c := rt.codeAt(ctx.ResumeAddr())
	idx := code - native.ExitUser
	if c == nil || code < native.ExitUser || idx >= uint64(len(c.exits)) {
		panic(fmt.Sprintf("l2: unknown exit %d at %#x", code, ctx.ResumeAddr()))
	}
	w := &ctx.Scratch
	s := exitState{m: m, c: c,
		base:  int((w[wWin] - w[wRegs]) / 8),
		depth: int((w[wFP]-w[wFrames])/frameSize) + 1}
	m.SetDepth(s.depth)
	if exitCounter != nil {
		exitCounter(&c.exits[idx])
	}
	d := &c.exits[idx]
	s.handle(d, w[wArg0], w[wArg1])
	if d.leave {
		w[wArg0] = 0
		if rt.replace(m, c, &s, d.in.pc) {
			w[wArg0] = 1 // native code returns: the newer code ran the function
		}
	}
	if d.kind == exCall {
		// Program code ran: the register file and the frame stack may
		// have moved, and nested activations used the Context words.
		rt.refresh(m, s.base, s.depth)
	}
	return ctx.Resume()
}

// replace moves the frame that exited at loop header pc of c (a
// preemption exit that can leave, exitDesc.leave: the window holds the
// bytecode's state at the header) to its function's newer code, if
// another Code of level 2 or above was installed since and can enter
// there (vm.Machine.Replacement, which counts an OSR entry). The newer
// code runs the rest of the function as an activation nested below the
// suspended one, and replace reports true when it has returned, with the
// results in the window: native code then returns from c's activation
// too. With too little native stack left for a nested activation (a deep
// recursion), the frame stays where it is rather than move to the
// interpreter.
func (rt *machineRuntime) replace(m *vm.Machine, c *Code, s *exitState, pc int) bool {
	if rt.ctx.NestRoom() < minNestRoom {
		return false
	}
	nc := m.Replacement(c.fn, c, 2, pc)
	if nc == nil {
		return false
	}
	nc.Enter(m, s.base, pc)
	// The nested activation used the Context words; the register file and
	// the frame stack may have moved.
	rt.refresh(m, s.base, s.depth)
	return true
}

// codeAt returns the Code containing address pc.
func (rt *machineRuntime) codeAt(pc uintptr) *Code {
	if c := rt.last; c != nil && c.start <= pc && pc < c.end {
		return c
	}
	for _, c := range rt.codes {
		if c.start <= pc && pc < c.end {
			rt.last = c
			return c
		}
	}
	return nil
}
