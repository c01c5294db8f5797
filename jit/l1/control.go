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
			if t.fn != nil {
				return t.fn(m, r, s)
			}
			return t.b, r, s
		}
		if f.fn != nil {
			return f.fn(m, r, s)
		}
		return f.b, r, s
	}
}

// base returns the index of the window r in the register file.
func base(m *vm.Machine, r ptr) int {
	regs, _ := m.Regs()
	return int((uintptr(r) - uintptr(unsafe.Pointer(unsafe.SliceData(regs)))) / 8)
}

//go:noinline
func print(site, a int, next target) chainFn {
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		m.Print(site, base(m, r)+a)
		if next.fn != nil {
			return next.fn(m, r, s)
		}
		return next.b, r, s
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
