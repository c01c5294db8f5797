//go:build amd64

package l2

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"weak"

	"github.com/jitvm/jitvm/jit/internal/amd64"
	"github.com/jitvm/jitvm/jit/internal/execmem"
	"github.com/jitvm/jitvm/vm"
	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// Code is one function compiled to x86-64 machine code. It implements
// vm.Code.
type Code struct {
	prog *bc.Program
	fn   int
	name string

	mem        *execmem.Code
	start, end uintptr
	entry      uintptr         // from Go at pc 0
	body       uintptr         // direct native calls
	osr        map[int]uintptr // from the interpreter at a loop header, by bytecode pc

	exits   []exitDesc
	sites   []inlineSite
	insts   []inst
	offsets []int // machine code offset of each inst (and the end of the last)
	stubs   int   // offset where the out-of-line code starts
	size    int
	data    [][2]int

	freeOnce sync.Once
	cleanup  runtime.Cleanup
	cache    atomic.Pointer[rtCache] // the machine last entered
	inlined  []inlRange
}

type rtCache struct {
	m  weak.Pointer[vm.Machine]
	rt *machineRuntime
}

var (
	availOnce sync.Once
	availErr  error
)

// Available reports whether L2 can run on this machine: amd64 and
// executable memory (W^X; a system may forbid it: then the error matches
// execmem.ErrExecDenied).
func Available() error {
	availOnce.Do(func() {
		availErr = execmem.Probe()
	})
	return availErr
}

// Compile compiles function fn of prog. An error says why L2 cannot
// compile it (the function stays at a lower tier).
func Compile(prog *bc.Program, fn int, opts Options) (code *Code, err error) {
	if err := Available(); err != nil {
		return nil, err
	}
	if fn < 0 || fn >= len(prog.Funcs) {
		return nil, fmt.Errorf("l2: no function %d", fn)
	}
	f := prog.Funcs[fn]
	maxInline := opts.MaxInline
	if maxInline == 0 {
		maxInline = DefaultMaxInline
	}
	inline := opts.Inline
	if inline == nil {
		inline = DefaultInline
	}
	u := expand(prog, fn, func(callee int) bool {
		return len(prog.Funcs[callee].Code) <= maxInline && inline(callee)
	})
	a, err := analyze(u)
	if err == nil && fuseGlobals(u, a) {
		a, err = analyze(u)
	}
	if err == nil && findVirtual(u, a) {
		a, err = analyze(u)
	}
	for err == nil {
		allocate(a)
		if !unvirtualize(u, a) {
			break
		}
		a, err = analyze(u)
	}
	if err != nil {
		return nil, fmt.Errorf("l2: %s: %w", f.Name, err)
	}
	g := &gen{u: u, a: a, asm: amd64.NewAssembler(), consts: map[[2]uint64]*amd64.Label{}}
	defer func() {
		// The encoder panics on operands it cannot encode: a compiler bug,
		// reported as a failure to compile rather than a crash.
		if r := recover(); r != nil {
			code, err = nil, fmt.Errorf("l2: %s: internal error: %v", f.Name, r)
		}
	}()
	if err := g.emit(); err != nil {
		return nil, fmt.Errorf("l2: %s: %w", f.Name, err)
	}
	buf, err := g.asm.Finish()
	if err != nil {
		return nil, fmt.Errorf("l2: %s: %w", f.Name, err)
	}
	mem, err := execmem.Load(buf)
	if err != nil {
		return nil, err
	}
	base := mem.Addr()
	c := &Code{prog: prog, fn: fn, name: f.Name, mem: mem,
		start: base, end: base + uintptr(len(buf)),
		entry: base + uintptr(g.entry.Offset()), body: base + uintptr(g.body.Offset()),
		osr: map[int]uintptr{}, exits: g.exits, sites: u.sites, insts: u.code,
		offsets: g.offsets, stubs: g.offsets[len(u.code)], size: len(buf), data: g.asm.DataRanges()}
	for h, l := range g.osr {
		c.osr[u.code[h].pc] = base + uintptr(l.Offset())
	}
	c.inlined = inlineRanges(u, g.offsets, base)
	registerCode(c, c.inlined)
	c.cleanup = runtime.AddCleanup(c, func(mem *execmem.Code) {
		unregisterCode(mem.Addr())
		_ = mem.Free()
	}, mem)
	if opts.PerfMap != nil {
		if err := opts.PerfMap.Add(c); err != nil {
			c.Free()
			return nil, err
		}
	}
	return c, nil
}

// Enter runs the function (vm.Code).
func (c *Code) Enter(m *vm.Machine, base, pc int) {
	var rt *machineRuntime
	if e := c.cache.Load(); e != nil && e.m.Value() == m {
		rt = e.rt
	} else {
		rt = runtimeFor(m)
		c.cache.Store(&rtCache{m: weak.Make(m), rt: rt})
	}
	addr := c.entry
	if pc != 0 {
		var ok bool
		if addr, ok = c.osr[pc]; !ok {
			panic(fmt.Sprintf("l2: %s cannot be entered at pc %d", c.name, pc))
		}
	}
	rt.enter(m, c, base, pc, addr)
}

// CanEnter reports whether Enter may start at pc: the function's entry, or
// a loop header (vm.Code).
func (c *Code) CanEnter(pc int) bool {
	if pc == 0 {
		return true
	}
	_, ok := c.osr[pc]
	return ok
}

// Func returns the index of the compiled function.
func (c *Code) Func() int { return c.fn }

// Name returns the function's name, e.g. main.fib.
func (c *Code) Name() string { return c.name }

// PerfName is the name perf maps and the code map give the code: jitvm:L2:main.fib.
func (c *Code) PerfName() string { return "jitvm:L2:" + c.name }

// PerfRanges splits the code's address range into named pieces: the
// function's own code and the bodies of inlined calls (perf maps and
// jitdumps name them so).
func (c *Code) PerfRanges() []PerfRange {
	var out []PerfRange
	at := c.start
	for _, in := range c.inlined {
		if in.start > at {
			out = append(out, PerfRange{at, in.start, c.PerfName()})
		}
		if in.end > in.start {
			out = append(out, PerfRange{in.start, in.end,
				fmt.Sprintf("jitvm:L2:%s (inlined in %s)", c.prog.Funcs[in.fn].Name, c.name)})
		}
		at = in.end
	}
	return append(out, PerfRange{at, c.end, c.PerfName()})
}

// Range returns the address range [start, end) of the machine code.
func (c *Code) Range() (start, end uintptr) { return c.start, c.end }

// Size returns the machine code's size in bytes.
func (c *Code) Size() int { return c.size }

// Free releases the machine code. No machine may run it any more: only
// free code whose program has finished (a machine keeps every Code it
// entered alive, and unreachable Code is freed by the garbage collector).
func (c *Code) Free() error {
	err := execmem.ErrFreed
	c.freeOnce.Do(func() {
		c.cleanup.Stop()
		unregisterCode(c.start)
		err = c.mem.Free()
	})
	return err
}

// Disasm writes the machine code next to the bytecode it came from.
func (c *Code) Disasm(w io.Writer) error {
	code := c.mem.Bytes()
	if code == nil {
		return errors.New("l2: code freed")
	}
	f := c.prog.Funcs[c.fn]
	fmt.Fprintf(w, "func %s (L2, %d bytes at %#x, %d insts, %d inlined calls)\n", c.name, c.size, c.start, len(c.insts), len(c.sites))
	section := func(title string, from, to int) error {
		if from >= to {
			return nil
		}
		fmt.Fprintf(w, "; %s\n", title)
		return amd64.Disassemble(w, code[from:to], uint64(c.start)+uint64(from), amd64.Intel, nil, clip(c.data, from, to))
	}
	if err := section("entries (from Go, and OSR at loop headers) and prologue", 0, c.offsets[0]); err != nil {
		return err
	}
	for i := range c.insts {
		in := &c.insts[i]
		fn := c.prog.Funcs[in.fn]
		where := ""
		if in.site >= 0 {
			where = fmt.Sprintf(" [inlined %s]", fn.Name)
		}
		title := fmt.Sprintf("%4d  %s  ; line %d%s", in.pc, in.String(), fn.LineAt(in.pc), where)
		if err := section(title, c.offsets[i], c.offsets[i+1]); err != nil {
			return err
		}
	}
	_ = f
	return section("out-of-line paths, exit stub, constants", c.stubs, c.size)
}

// clip returns the data ranges inside [from, to), relative to from.
func clip(data [][2]int, from, to int) [][2]int {
	var out [][2]int
	for _, d := range data {
		if d[0] >= from && d[1] <= to {
			out = append(out, [2]int{d[0] - from, d[1] - from})
		}
	}
	return out
}

// Inlined returns the functions whose calls c inlined, one per call site.
func (c *Code) Inlined() []int {
	fns := make([]int, len(c.sites))
	for i, st := range c.sites {
		fns[i] = st.callee
	}
	return fns
}

// inlineRanges returns the machine code ranges of inlined bodies.
func inlineRanges(u *unit, offsets []int, base uintptr) []inlRange {
	var out []inlRange
	for _, s := range u.sites {
		out = append(out, inlRange{start: base + uintptr(offsets[s.first+1]), end: base + uintptr(offsets[s.end]), fn: int32(s.callee)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}
