package l1

import (
	"unsafe"

	"github.com/jitvm/jitvm/vm"
)

// Control: the terminators that are not compare-and-branch templates
// (zops.go), and the instructions that need the frame's base: calls and
// prints. A chain does not know its frame's base, but its window r does:
// base is r's index in the register file, which m.Regs returns.

// trampoline returns block t to the run loop: a chain that is nothing but
// a branch backwards, a call or a return.
//
//go:noinline
func trampoline(t *block) chainFn {
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) { return t, r, s }
}

//go:noinline
func condTrue(x leaf, t, f target) chainFn {
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		a := x.val(r)
		if x.el != elNone {
			a = x.elem(m, s, a)
		}
		if a != 0 {
			return t.run(m, r, s)
		}
		return f.run(m, r, s)
	}
}

// base returns the index of the window r in the register file.
func base(m *vm.Machine, r ptr) int {
	regs, _ := m.Regs()
	return int((uintptr(r) - uintptr(unsafe.Pointer(unsafe.SliceData(regs)))) / 8)
}

// call calls function fn with its frame at register a, then goes on with
// next in the windows the call may have moved.
//
//go:noinline
func call(fn, a, pc int, next target) chainFn {
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		b := base(m, r)
		m.Call(fn, b+a, pc)
		regs, sregs := m.Regs()
		return next.run(m, unsafe.Pointer(&regs[b]), unsafe.Pointer(&sregs[b]))
	}
}

//go:noinline
func print(site, a int, next target) chainFn {
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		m.Print(site, base(m, r)+a)
		return next.run(m, r, s)
	}
}

// bail hands the frame to the interpreter at pc, which runs the rest of the
// function.
//
//go:noinline
func bail(pc int) chainFn {
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		m.Interpret(pc)
		return nil, r, s
	}
}

//go:noinline
func panicAt(a uintptr, site, pc int) chainFn {
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		m.Raise(m.PanicError(site, *reg(r, a)), pc)
		return nil, r, s
	}
}

//go:noinline
func exitWith(a uintptr) chainFn {
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		m.Exit(int(int64(*reg(r, a))))
		return nil, r, s
	}
}

// counter counts the runs of a chain (options.counted).
func counter(n *uint64, run chainFn) chainFn {
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		*n++
		return run(m, r, s)
	}
}
