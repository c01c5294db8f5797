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

// feeds reports whether statement s1's result is read once, by the tree of
// s2, the statement after it, and is dead after: its one reader (the
// analysis's consumer) is then an instruction between the two.
func (c *compiler) feeds(s1, s2 stmt) bool {
	q := c.a.consumer[s1.xpc]
	return q > s1.xpc && q <= s2.xpc
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
	if !ok1 || !ok2 || !c.feeds(s1, s2) {
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

// addend is a register a sum reads (sumOf): added, or subtracted (neg).
type addend struct {
	reg int
	neg bool
}

// sumOf flattens tree n, integer additions and subtractions of registers
// and constants, into its terms and its constant (wrapping, as the
// machine's arithmetic does); ok is false for any other tree.
func sumOf(n *node, neg bool, terms []addend, k uint64) ([]addend, uint64, bool) {
	switch n.op {
	case opConst:
		if neg {
			return terms, k - n.k, true
		}
		return terms, k + n.k, true
	case opReg:
		return append(terms, addend{n.reg, neg}), k, true
	case opAdd, opSub:
		terms, k, ok := sumOf(n.args[0], neg, terms, k)
		if !ok {
			return nil, 0, false
		}
		return sumOf(n.args[1], neg != (n.op == opSub), terms, k)
	}
	return nil, 0, false
}

// sums matches, at the end of st, t = e1; d = e2 with e1 and e2 sums of
// registers and constants (sumOf), t read only by e2 (nqueens' d2 :=
// row-c+n-1, a sum past the two-operation templates, which the front end
// leaves as two statements), and at most three registers in e2 once e1
// is put for t. It returns one closure for both (stmtSum2, stmtSum3),
// which stores d alone: t is dead.
func (c *compiler) sums(st []stmt, next target) (chainFn, bool) {
	if len(st) < 2 {
		return nil, false
	}
	s1, s2 := st[len(st)-2], st[len(st)-1]
	if s1.kind != sSet || s2.kind != sSet {
		return nil, false
	}
	if !c.feeds(s1, s2) {
		return nil, false
	}
	t1, k1, ok1 := sumOf(s1.n, false, nil, 0)
	t2, k2, ok2 := sumOf(s2.n, false, nil, 0)
	if !ok1 || !ok2 {
		return nil, false
	}
	// t's one reader is in e2 (its consumer): put e1 there.
	var terms []addend
	k := k2
	for _, x := range t2 {
		if x.reg != s1.dst {
			terms = append(terms, x)
			continue
		}
		for _, y := range t1 {
			terms = append(terms, addend{y.reg, y.neg != x.neg})
		}
		if x.neg {
			k -= k1
		} else {
			k += k1
		}
	}
	neg := func(x addend) uint64 {
		if x.neg {
			return ^uint64(0)
		}
		return 0
	}
	d := roff(s2.dst)
	switch len(terms) {
	case 2:
		a, b := terms[0], terms[1]
		c.note("sum2")
		return stmtSum2(d, roff(a.reg), neg(a), roff(b.reg), neg(b), k, next), true
	case 3:
		a, b, e := terms[0], terms[1], terms[2]
		c.note("sum3")
		return stmtSum3(d, roff(a.reg), neg(a), roff(b.reg), neg(b), roff(e.reg), neg(e), k, next), true
	}
	return nil, false
}

// stmtSum2 is R(d) = ±R(a) ± R(b) + k: a register is subtracted when its
// mask (am, bm) is all ones ((x ^ m) - m is -x then, x otherwise).
//
//go:noinline
func stmtSum2(d, a uintptr, am uint64, b uintptr, bm, k uint64, next target) chainFn {
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		x, y := *reg(r, a), *reg(r, b)
		*reg(r, d) = (x ^ am - am) + (y ^ bm - bm) + k
		if next.fn != nil {
			return next.fn(m, r, s)
		}
		return next.b, r, s
	}
}

// stmtSum3 is stmtSum2 with a third register, e.
//
//go:noinline
func stmtSum3(d, a uintptr, am uint64, b uintptr, bm uint64, e uintptr, em, k uint64, next target) chainFn {
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		x, y, z := *reg(r, a), *reg(r, b), *reg(r, e)
		*reg(r, d) = (x ^ am - am) + (y ^ bm - bm) + (z ^ em - em) + k
		if next.fn != nil {
			return next.fn(m, r, s)
		}
		return next.b, r, s
	}
}
