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
	// An element at a register index (nqueens' if cols[c]) is read inline,
	// not through leaf.elem's call.
	inline := x.atReg()
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		a := x.val(r)
		if inline {
			w := x.slice(m, s)
			if a >= uint64(len(w)) {
				return x.fail(m, a, w)
			}
			a = w[a]
		} else if x.el != elNone {
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

// condLoop is a loop whose body is a branch, a few register moves on each
// side (yes when the condition holds, no otherwise), and the loop's
// increment and test: for ... { if c { yes } else { no } } where yes and no
// are moves and additions of registers and constants (the counting loop
// of sieve: if !composite[i] { count++ }). It iterates inside one closure,
// as a template's self loop does, up to selfBatch iterations before it
// returns the loop's header (hdr, a backward branch's edge) to the run
// loop.
//
// The condition is either operand x's truth (a bool register or element),
// which the loop reads itself, looking up an element's slice once per
// batch (the moves and the tail write scalar registers only, so the slice
// stays the same), or, when cond is not nil, the branch's own closure,
// with targets that return isYes or another block, so that an error it
// raises is its own.
//
//go:noinline
func condLoop(x leaf, cond chainFn, isYes *block, yes, no []move, tl *tail, hdr target) chainFn {
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		var w []uint64
		el := cond == nil && x.el != elNone && x.el.kind() != elLen
		if el {
			w = x.slice(m, s)
		}
		for iter := selfBatch - 1; ; iter-- {
			var holds bool
			if cond != nil {
				b, _, _ := cond(m, r, s)
				holds = b == isYes
			} else {
				v := x.val(r)
				if el {
					if v >= uint64(len(w)) {
						return x.fail(m, v, w)
					}
					v = w[v]
				} else if x.el != elNone {
					v = x.len(s)
				}
				holds = v != 0
			}
			if holds {
				doMoves(yes, r)
			} else {
				doMoves(no, r)
			}
			if !tl.test(tl.next(r), tl.bound.val(r)) {
				return tl.exit(m, r, s)
			}
			if iter == 0 {
				return hdr.b, r, s
			}
		}
	}
}
