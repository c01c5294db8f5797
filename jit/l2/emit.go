//go:build amd64

package l2

import (
	"encoding/binary"
	"fmt"
	"math"

	. "github.com/jitvm/jitvm/jit/internal/amd64"
	"github.com/jitvm/jitvm/jit/internal/native"
	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// Words of native.Context.Scratch that Go fills before native code runs
// (runtime.refresh) and native code reads: the running machine's state.
const (
	wRegs     = iota // &regs[0]
	wRegsEnd         // &regs[len(regs)]
	wSregs           // &sregs[0]
	wGlobals         // &globals[0]
	wSGlobals        // &sglobals[0]
	wFP              // &frames[depth-1]: the running frame's record (RBP in native code)
	wFPLimit         // &frames[len(frames)-1]: a native call needs wFP below it
	wFrames          // &frames[0]
	wCur             // &m.current: where the running function is published
	wTable           // &table[0]: native entry of each function's code, or 0
	wWin             // the frame window (RBX) at the last exit
	wArg0            // operands of an exit
	wArg1
	numWords
)

func ctxWord(i int) Mem { return M(native.CtxReg, native.OffScratchWord(i)) }

// Frame record layout (vm.Frame: Fn, PC, Base), pinned by TestMachineLayout.
const (
	frameSize  = 24
	frameFnOff = 0
	framePCOff = 8
)

// sliceSize is the size of a vm.Slice: W (ptr, len, cap) then S.
const (
	sliceSize = 48
	sliceWPtr = 0
	sliceWLen = 8
	sliceWCap = 16
	sliceSPtr = 24
	sliceSLen = 32
	sliceSCap = 40
)

// gen emits the machine code of one unit.
type gen struct {
	u    *unit
	a    *analysis
	asm  *Assembler
	stub *Label // the shared exit stub

	labels  []*Label // jump targets, by inst
	body    *Label   // the direct-call entry: frame pushed, RBX set
	entry   *Label   // the entry from Go at pc 0
	osr     map[int]*Label
	late    []func()
	consts  map[[2]uint64]*Label
	offsets []int // machine code offset of each inst
	exits   []exitDesc

	hasCalls bool
	checked  map[[2]int]bool // bounds checks done in the current block (needCheck)
	leave    *Label          // return after newer code ran the rest of the function (leaveLabel)
}

// newExit registers an exit descriptor and returns its exit code.
func (g *gen) newExit(d exitDesc) uint64 {
	g.exits = append(g.exits, d)
	return native.ExitUser + uint64(len(g.exits)-1)
}

// --- locations -------------------------------------------------------------

func (g *gen) web(w int) *web { return &g.a.webs[w] }

// home is the frame window slot of a scalar register.
func home(r int) Mem { return M(winReg, int32(8*r)) }

func (g *gen) inGPRw(w int) bool {
	wb := g.web(w)
	return wb.phys >= 0 && wb.cls != clsFloat
}

func (g *gen) inXMMw(w int) bool {
	wb := g.web(w)
	return wb.phys >= 0 && wb.cls == clsFloat
}

func (g *gen) gpr(w int) Reg    { return g.a.pool[g.web(w).phys] }
func (g *gen) xmm(w int) XReg   { return xmmPool[g.web(w).phys] }
func (g *gen) homeOf(w int) Mem { return home(g.web(w).reg) }

// src is a general-register source operand: a register or memory.
type src struct {
	reg bool
	r   Reg
	m   Mem
}

// gsrc returns w's value as a register or memory operand; a value in an
// SSE register is moved to scratch.
func (g *gen) gsrc(w int, scratch Reg) src {
	switch {
	case g.inGPRw(w):
		return src{reg: true, r: g.gpr(w)}
	case g.inXMMw(w):
		g.asm.MovqRX(scratch, g.xmm(w))
		return src{reg: true, r: scratch}
	}
	return src{m: g.homeOf(w)}
}

// greg returns a general register holding w: its own, or scratch.
func (g *gen) greg(w int, scratch Reg) Reg {
	s := g.gsrc(w, scratch)
	if s.reg {
		return s.r
	}
	g.asm.Load64(scratch, s.m)
	return scratch
}

// toGPR loads w into dst.
func (g *gen) toGPR(dst Reg, w int) {
	s := g.gsrc(w, dst)
	switch {
	case !s.reg:
		g.asm.Load64(dst, s.m)
	case s.r != dst:
		g.asm.MovRR(dst, s.r)
	}
}

// xsrc is an SSE source operand: a register or memory.
type xsrc struct {
	reg bool
	x   XReg
	m   Mem
}

func (g *gen) fsrc(w int, scratch XReg) xsrc {
	switch {
	case g.inXMMw(w):
		return xsrc{reg: true, x: g.xmm(w)}
	case g.inGPRw(w):
		g.asm.MovqXR(scratch, g.gpr(w))
		return xsrc{reg: true, x: scratch}
	}
	return xsrc{m: g.homeOf(w)}
}

func (g *gen) xreg(w int, scratch XReg) XReg {
	s := g.fsrc(w, scratch)
	if s.reg {
		return s.x
	}
	g.asm.MovsdRM(scratch, s.m)
	return scratch
}

func (g *gen) toXMM(dst XReg, w int) {
	s := g.fsrc(w, dst)
	switch {
	case !s.reg:
		g.asm.MovsdRM(dst, s.m)
	case s.x != dst:
		g.asm.Movaps(dst, s.x)
	}
}

// gdst returns the register to compute w's new value in: its own general
// register, or scratch. Call gput afterwards.
func (g *gen) gdst(w int, scratch Reg) Reg {
	if g.inGPRw(w) {
		return g.gpr(w)
	}
	return scratch
}

// gput stores a value computed in r (from gdst) where w lives.
func (g *gen) gput(w int, r Reg) {
	switch {
	case g.inGPRw(w):
		if g.gpr(w) != r {
			g.asm.MovRR(g.gpr(w), r)
		}
	case g.inXMMw(w):
		g.asm.MovqXR(g.xmm(w), r)
	default:
		g.asm.Store64(g.homeOf(w), r)
	}
}

func (g *gen) xdst(w int, scratch XReg) XReg {
	if g.inXMMw(w) {
		return g.xmm(w)
	}
	return scratch
}

func (g *gen) xput(w int, x XReg) {
	switch {
	case g.inXMMw(w):
		if g.xmm(w) != x {
			g.asm.Movaps(g.xmm(w), x)
		}
	case g.inGPRw(w):
		g.asm.MovqRX(g.gpr(w), x)
	default:
		g.asm.MovsdMR(g.homeOf(w), x)
	}
}

// putConst sets w to the 64-bit pattern v.
func (g *gen) putConst(w int, v uint64) {
	switch {
	case g.inGPRw(w):
		g.movImm(g.gpr(w), v)
	case g.inXMMw(w):
		x := g.xmm(w)
		if v == 0 {
			g.asm.Xorpd(x, x)
		} else {
			g.asm.MovsdRM(x, g.constMem(v))
		}
	default:
		if int64(v) == int64(int32(v)) {
			g.asm.Store64I(g.homeOf(w), int32(v))
		} else {
			g.movImm(sc0, v)
			g.asm.Store64(g.homeOf(w), sc0)
		}
	}
}

func (g *gen) movImm(r Reg, v uint64) {
	if v == 0 {
		g.asm.Zero(r) // clobbers flags: never between a compare and its branch
		return
	}
	g.asm.MovRI(r, int64(v))
}

// constMem returns a RIP-relative operand holding the 16 bytes (lo, 0).
func (g *gen) constMem(lo uint64) Mem { return g.const128(lo, 0) }

func (g *gen) const128(lo, hi uint64) Mem {
	key := [2]uint64{lo, hi}
	l, ok := g.consts[key]
	if !ok {
		l = g.asm.NewLabel(fmt.Sprintf("const_%x", lo))
		g.consts[key] = l
	}
	return MemLabel(l, 0)
}

// --- derived values ----------------------------------------------------------

// sliceWindow computes &sregs[base] of the running frame into r.
func (g *gen) sliceWindow(r Reg) {
	a := g.asm
	a.MovRR(r, winReg)
	a.ALURM(SUB, r, ctxWord(wRegs))  // base*8
	a.Lea(r, MIdx(r, r, 2, 0))       // base*24
	a.AddRR(r, r)                    // base*48
	a.ALURM(ADD, r, ctxWord(wSregs)) // &sregs[base]
}

// sliceSlot returns the memory operand of field off of slice register r,
// using scratch for the slice window.
func (g *gen) sliceSlot(r int, off int32, scratch Reg) Mem {
	g.sliceWindow(scratch)
	return M(scratch, int32(sliceSize*r)+off)
}

var dkindOff = [...]int32{dWPtr: sliceWPtr, dWLen: sliceWLen, dSPtr: sliceSPtr, dSLen: sliceSLen,
	dGWPtr: sliceWPtr, dGWLen: sliceWLen}

// dsrc returns derived value (k, x) as a register (allocated or loaded
// into scratch) or memory operand.
func (g *gen) dsrc(k dkind, x int, scratch Reg) src {
	key := [2]int{int(k), x}
	if k >= dGWPtr {
		key[1] = -1 - x
	}
	if d, ok := g.a.dIndex[key]; ok && g.a.derived[d].phys >= 0 {
		return src{reg: true, r: g.a.pool[g.a.derived[d].phys]}
	}
	switch k {
	case dGlobs:
		return src{m: ctxWord(wGlobals)}
	case dSGlobs:
		return src{m: ctxWord(wSGlobals)}
	case dGWPtr, dGWLen:
		base := g.dreg(dSGlobs, 0, scratch)
		return src{m: M(base, int32(sliceSize*x)+dkindOff[k])}
	}
	return src{m: g.sliceSlot(g.web(x).reg, dkindOff[k], scratch)}
}

// dreg returns derived value (k, x) in a register.
func (g *gen) dreg(k dkind, x int, scratch Reg) Reg {
	s := g.dsrc(k, x, scratch)
	if s.reg {
		return s.r
	}
	g.asm.Load64(scratch, s.m)
	return scratch
}

// loadDerived materialises every allocated derived value whose interval
// covers position p (after an exit or a call, at an entry). sw says
// whether sc0 already holds the slice window.
func (g *gen) loadDerived(p int) {
	sw := false
	for _, dv := range g.a.derived {
		if dv.phys < 0 || !covers(dv.ranges, p) {
			continue
		}
		r := g.a.pool[dv.phys]
		switch dv.kind {
		case dGlobs:
			g.asm.Load64(r, ctxWord(wGlobals))
		case dSGlobs:
			g.asm.Load64(r, ctxWord(wSGlobals))
		case dGWPtr, dGWLen:
			g.asm.Load64(sc1, ctxWord(wSGlobals))
			g.asm.Load64(r, M(sc1, int32(sliceSize*dv.x)+dkindOff[dv.kind]))
		default:
			if !sw {
				g.sliceWindow(sc0)
				sw = true
			}
			g.asm.Load64(r, M(sc0, int32(sliceSize*g.web(dv.x).reg)+dkindOff[dv.kind]))
		}
	}
}

// --- syncing with the frame window ------------------------------------------------

// store writes the webs that live in registers and are computed by native
// code to their home slots.
func (g *gen) store(ws []int) {
	for _, w := range ws {
		wb := g.web(w)
		if wb.phys < 0 || !wb.regDef {
			continue
		}
		if wb.cls == clsFloat {
			g.asm.MovsdMR(home(wb.reg), g.xmm(w))
		} else {
			g.asm.Store64(home(wb.reg), g.gpr(w))
		}
	}
}

// reload loads the webs that live in registers from their home slots, and
// the derived values live at position p.
func (g *gen) reload(ws []int, p int) {
	for _, w := range ws {
		wb := g.web(w)
		if wb.phys < 0 {
			continue
		}
		if wb.cls == clsFloat {
			g.asm.MovsdRM(g.xmm(w), home(wb.reg))
		} else {
			g.asm.Load64(g.gpr(w), home(wb.reg))
		}
	}
	g.loadDerived(p)
}

// exit emits an exit to Go with code, saving the window and the frame
// record pointer for Go.
func (g *gen) exit(code uint64) {
	g.asm.Store64(ctxWord(wWin), winReg)
	if !g.a.rbpFree { // else wFP holds it since the entry
		g.asm.Store64(ctxWord(wFP), fpReg)
	}
	native.EmitExit(g.asm, g.stub, code)
}

// preemptTest emits the preemption check, jumping to slow when the
// runtime asks this goroutine to stop.
func (g *gen) preemptTest(slow *Label) {
	if g.a.gFree {
		native.EmitLoadG(g.asm, sc0)
		native.EmitPreemptCheckG(g.asm, sc0, slow)
		return
	}
	native.EmitPreemptCheck(g.asm, slow)
}

// resumed reloads the window and the frame record pointer after an exit
// or at an entry (Go may have moved both).
func (g *gen) resumed() {
	g.asm.Load64(winReg, ctxWord(wWin))
	g.asm.Load64(fpReg, ctxWord(wFP))
}

// syncExit emits instruction i as an exit to Go: store what Go or the
// interpreter may read, exit, reload.
func (g *gen) syncExit(i int, d exitDesc) {
	sp := g.a.syncs[i]
	g.store(sp.stores)
	g.exit(g.newExit(d))
	g.resumed()
	g.reload(sp.reloads, 2*i+1)
}

// raise emits, out of line, an exit that raises a runtime error at inst i;
// before jumps there, argument registers are stored in wArg0/wArg1 by
// prep. It returns the label to jump to.
func (g *gen) raise(i int, kind errKind, prep func()) *Label {
	l := g.asm.NewLabel(fmt.Sprintf("raise_%d", i))
	code := g.newExit(exitDesc{kind: exRaise, err: kind, in: g.u.code[i]})
	g.late = append(g.late, func() {
		g.asm.Bind(l)
		if prep != nil {
			prep()
		}
		g.exit(code)
		g.asm.Ud2()
	})
	return l
}

// --- the function ---------------------------------------------------------------

func (g *gen) emit() error {
	a, u := g.asm, g.u
	g.stub = a.NewLabel("exit_stub")
	g.labels = make([]*Label, len(u.code)+1)
	for _, in := range u.code {
		if isJump(in.op) {
			if g.labels[in.target] == nil {
				g.labels[in.target] = a.NewLabel(fmt.Sprintf("L%d", in.target))
			}
		}
		if in.op == bc.CALL {
			g.hasCalls = true
		}
	}
	for i := range u.code {
		if g.a.header[i] && g.labels[i] == nil {
			g.labels[i] = a.NewLabel(fmt.Sprintf("L%d", i))
		}
	}
	// Entry from Go at pc 0: the frame is pushed and published.
	g.entry = a.NewLabel("entry")
	g.body = a.NewLabel("body")
	a.Bind(g.entry)
	g.resumed()
	a.Jmp(g.body)
	// Entries from the interpreter at loop headers (OSR).
	g.osr = map[int]*Label{}
	for _, h := range g.a.osr {
		l := a.NewLabel(fmt.Sprintf("osr_%d", u.code[h].pc))
		g.osr[h] = l
		a.Bind(l)
		g.resumed()
		g.reload(g.a.headerIn[h], 2*h)
		a.Jmp(g.labels[h])
	}
	a.Align(16)
	a.Bind(g.body)
	g.prologue()
	g.offsets = make([]int, len(u.code)+1)
	for i := range u.code {
		if g.labels[i] != nil {
			a.Bind(g.labels[i])
		}
		g.offsets[i] = a.Len()
		if i == 0 || g.a.blkOf[i] != g.a.blkOf[i-1] || g.u.syncs(&u.code[i]) ||
			u.code[i].op == opInline || u.code[i].op == bc.SETGS {
			g.checked = map[[2]int]bool{}
		}
		if g.a.header[i] {
			g.preemptCheck(i)
		}
		if err := g.inst(i); err != nil {
			return fmt.Errorf("pc %d (%v): %w", u.code[i].pc, u.code[i].op, err)
		}
	}
	g.offsets[len(u.code)] = a.Len()
	if g.labels[len(u.code)] != nil {
		a.Bind(g.labels[len(u.code)])
		a.Ud2()
	}
	for k := 0; k < len(g.late); k++ {
		g.late[k]()
	}
	a.Align(16)
	a.Bind(g.stub)
	native.EmitExitStub(a)
	g.emitConsts()
	return nil
}

// prologue: the preemption check (functions that call: recursion has no
// loop back-edge) and loading the live-in values. There is no native stack
// check: the frame stack limit native calls check also bounds the native
// stack (machineRuntime.maxDepth).
func (g *gen) prologue() {
	a := g.asm
	if g.a.rbpFree {
		a.Store64(ctxWord(wFP), fpReg) // RBP is allocated: keep the frame record pointer here
	}
	if g.hasCalls {
		slow, back := a.NewLabel("preempt_entry"), a.NewLabel("preempt_entry_back")
		g.preemptTest(slow)
		a.Bind(back)
		code := g.newExit(exitDesc{kind: exPreempt, in: inst{fn: g.u.fn, site: -1}})
		g.late = append(g.late, func() {
			a.Bind(slow)
			g.exit(code)
			g.resumed()
			a.Jmp(back)
		})
	}
	g.reload(g.a.entryIn, 0)
}

// preemptCheck emits the loop-header check for a pending preemption.
func (g *gen) preemptCheck(h int) {
	a := g.asm
	slow, back := a.NewLabel(fmt.Sprintf("preempt_%d", h)), a.NewLabel(fmt.Sprintf("preempt_back_%d", h))
	g.preemptTest(slow)
	a.Bind(back)
	in := g.a.headerIn[h]
	// Registers of virtual slices (findVirtual) cannot be reloaded from
	// their slots: save them on the native stack.
	var saved []Reg
	for _, dv := range g.a.derived {
		if dv.phys >= 0 && dv.kind <= dSLen && g.web(dv.x).virtual && covers(dv.ranges, 2*h) {
			saved = append(saved, g.a.pool[dv.phys])
		}
	}
	// At a header of the function's own code, the stores below leave the
	// window as the interpreter would have it (every live scalar in its
	// slot, slices always there), unless a virtual slice is live: its slot
	// was never written. There the frame may leave for newer code.
	leave := g.u.code[h].site < 0 && len(saved) == 0
	code := g.newExit(exitDesc{kind: exPreempt, in: g.u.code[h], leave: leave})
	g.late = append(g.late, func() {
		a.Bind(slow)
		g.store(in)
		for _, r := range saved {
			a.Push(r)
		}
		g.exit(code)
		g.resumed()
		if leave {
			a.CmpMI(ctxWord(wArg0), 0)
			a.Jcc(CondNE, g.leaveLabel())
		}
		g.reload(in, 2*h)
		for k := len(saved) - 1; k >= 0; k-- {
			a.Pop(saved[k])
		}
		a.Jmp(back)
	})
}

// leaveLabel returns the label of the function's return after newer code
// of the function, entered by Go at a preemption exit, ran the rest of it
// (exitDesc.leave): the results are in the window already, so it is RET's
// epilogue without the stores.
func (g *gen) leaveLabel() *Label {
	if g.leave == nil {
		a := g.asm
		g.leave = a.NewLabel("leave")
		g.late = append(g.late, func() {
			a.Bind(g.leave)
			// resumed() loaded RBP, the frame's record pointer, from wFP
			// (where a function that allocates RBP keeps it too), and R14
			// is g after a resume: what RET leaves for the caller.
			a.Ret()
		})
	}
	return g.leave
}

func (g *gen) emitConsts() {
	if len(g.consts) == 0 {
		return
	}
	g.asm.Align(16)
	for key, l := range g.consts {
		g.asm.Bind(l)
		var b [16]byte
		binary.LittleEndian.PutUint64(b[:], key[0])
		binary.LittleEndian.PutUint64(b[8:], key[1])
		g.asm.Data(b[:])
	}
}

// constant returns constant k of the unit.
func (g *gen) constant(k int) uint64 { return g.u.consts[k] }

func fitsImm32(v int64) bool { return v >= math.MinInt32 && v <= math.MaxInt32 }
