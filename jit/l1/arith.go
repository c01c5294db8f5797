package l1

import (
	"github.com/jitvm/jitvm/vm"
)

// The arithmetic that can raise an error, lowered by hand: division and
// remainder by a register (ErrDivideByZero) and shifts by a register
// (ErrNegativeShift). The pure operations are templates in zops.go.

//go:noinline
func stmtMove(dst uintptr, x leaf, next target) chainFn {
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		a := x.val(r)
		*reg(r, dst) = a
		if next.fn != nil {
			return next.fn(m, r, s)
		}
		return next.b, r, s
	}
}

// stmtMoves does consecutive moves of registers and constants in one
// closure.
//
//go:noinline
func stmtMoves(mvs []move, next target) chainFn {
	if len(mvs) == 2 {
		// Two moves (i, j := 0, k): no loop, the moves in registers.
		a, b := mvs[0], mvs[1]
		return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
			a.do(r)
			b.do(r)
			if next.fn != nil {
				return next.fn(m, r, s)
			}
			return next.b, r, s
		}
	}
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		for i := range mvs {
			mvs[i].do(r)
		}
		if next.fn != nil {
			return next.fn(m, r, s)
		}
		return next.b, r, s
	}
}

func div(m *vm.Machine, a, b uint64, pc int) uint64 {
	if b == 0 {
		m.Raise(vm.ErrDivideByZero, pc)
	}
	return uint64(int64(a) / int64(b))
}

func mod(m *vm.Machine, a, b uint64, pc int) uint64 {
	if b == 0 {
		m.Raise(vm.ErrDivideByZero, pc)
	}
	return uint64(int64(a) % int64(b))
}

func shl(m *vm.Machine, a, b uint64, pc int) uint64 {
	if int64(b) < 0 {
		m.Raise(vm.ErrNegativeShift, pc)
	}
	return a << b
}

func shr(m *vm.Machine, a, b uint64, pc int) uint64 {
	if int64(b) < 0 {
		m.Raise(vm.ErrNegativeShift, pc)
	}
	return uint64(int64(a) >> b)
}

// riskyFns are the raising operations, by operation.
var riskyFns = [numOps]func(m *vm.Machine, a, b uint64, pc int) uint64{
	opDiv: div, opMod: mod, opShl: shl, opShr: shr,
}

//go:noinline
func stmtRisky(o iop, dst uintptr, x, y leaf, pc int, next target) chainFn {
	f := riskyFns[o]
	switch o {
	case opDiv:
		return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
			a := x.val(r)
			b := y.val(r)
			*reg(r, dst) = div(m, a, b, pc)
			if next.fn != nil {
				return next.fn(m, r, s)
			}
			return next.b, r, s
		}
	case opMod:
		return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
			a := x.val(r)
			b := y.val(r)
			*reg(r, dst) = mod(m, a, b, pc)
			if next.fn != nil {
				return next.fn(m, r, s)
			}
			return next.b, r, s
		}
	}
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		a := x.val(r)
		b := y.val(r)
		*reg(r, dst) = f(m, a, b, pc)
		if next.fn != nil {
			return next.fn(m, r, s)
		}
		return next.b, r, s
	}
}

// divDecide is R(d) = x / y (or x % y, mod), raising on a zero y at pc,
// then a branch to t if R(d) cmp bound holds, else to tl.f: the test is
// a loop tail's (tl, with no increment), whose swap, eq and neg cover the
// six comparisons. It divides itself rather than call div or mod: with
// them (not inlined, or inlined once raise was moved out of line), primes
// ran 0.40-0.45 s against 0.37-0.40 s.
//
//go:noinline
func divDecide(mod bool, d uintptr, x, y leaf, pc int, tl *tail, t target) chainFn {
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		a, b := x.val(r), y.val(r)
		if b == 0 {
			m.Raise(vm.ErrDivideByZero, pc)
		}
		v := uint64(int64(a) / int64(b))
		if mod {
			v = uint64(int64(a) % int64(b))
		}
		*reg(r, d) = v
		k := t
		if !tl.test(v, tl.bound.val(r)) {
			k = tl.f
		}
		if k.fn != nil {
			return k.fn(m, r, s)
		}
		return k.b, r, s
	}
}
