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

// modWrap matches, at the end of st, t = (x + y) % k1; d = (t + z) % k2
// (or z + t), with x, y and z registers or constants and t read only by
// the second statement: the positive remainder ((a + b) % n + n) % n,
// four operations past the two-operation templates (life's wrapping
// grid: two closures of four per neighbour). It returns one closure for
// both (stmtModWrap).
func (c *compiler) modWrap(st []stmt, next target) (chainFn, bool) {
	if len(st) < 2 {
		return nil, false
	}
	s1, s2 := st[len(st)-2], st[len(st)-1]
	addMod := func(s stmt) (x, y *node, k uint64, ok bool) {
		n := s.n
		if s.kind != sSet || n.op != opModK || n.args[0].op != opAdd {
			return nil, nil, 0, false
		}
		a := n.args[0].args
		return a[0], a[1], n.args[1].k, isPlain(a[0]) && isPlain(a[1])
	}
	x, y, k1, ok1 := addMod(s1)
	a, b, k2, ok2 := addMod(s2)
	// t's one reader is an instruction of the second statement's tree:
	// the statements are adjacent, so one between the two.
	if q := c.a.consumer[s1.xpc]; !ok1 || !ok2 || q <= s1.xpc || q > s2.xpc {
		return nil, false
	}
	// That reader is a or b, which is t then; z is the other.
	z := b
	if b.op == opReg && b.reg == s1.dst {
		z = a
	}
	c.note("modwrap")
	return stmtModWrap(roff(s2.dst), leafOf(x), leafOf(y), leafOf(z), int64(k1), int64(k2), next), true
}

// stmtModWrap is R(d) = ((x + y) % k1 + z) % k2, k1 and k2 nonzero.
//
//go:noinline
func stmtModWrap(d uintptr, x, y, z leaf, k1, k2 int64, next target) chainFn {
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		t := int64(x.val(r)+y.val(r)) % k1
		*reg(r, d) = uint64((t + int64(z.val(r))) % k2)
		if next.fn != nil {
			return next.fn(m, r, s)
		}
		return next.b, r, s
	}
}
