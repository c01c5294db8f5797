package l1

import (
	"unsafe"

	"github.com/jitvm/jitvm/vm"
)

// chainFn is compiled code: a statement does its work and calls the next
// one (its continuation), and a terminator calls the chain of the block it
// branches to, or returns that block to the run loop (Code.Enter) when the
// branch goes backwards. m is the machine, r and s the frame's scalar and
// slice register windows (&regs[base], &sregs[base]); a call can move them,
// so a chain returns the windows it ended with, with the block to run next
// (nil when the function has returned).
type chainFn func(m *vm.Machine, r, s ptr) (*block, ptr, ptr)

type ptr = unsafe.Pointer

// target is where a chain goes next: a chain to call (a statement's
// continuation, a forward branch), or, with fn nil, a block to return to the
// run loop: a backward branch, a call, or nil for the function's return.
// Returning needs no closure of its own. Code goes to a target t with
//
//	if t.fn != nil {
//		return t.fn(m, r, s)
//	}
//	return t.b, r, s
//
// written out: as a method, it is over Go's inlining budget.
type target struct {
	fn chainFn
	b  *block
}

// leaf is an operand of a template: a register, a constant, an element of a
// slice indexed by a register or a constant, or the length of a slice
// register. One template serves every kind and every mix of them, at the
// price of a well-predicted branch per operand (register or constant), and
// in the general variant of each template a second one (element or not):
// templates specialised by operand kind would be 4^3 per two-operation
// shape. The plain variant, for operands that are registers and constants
// only, was 30-45% faster than the general one on loops.
//
// Operands are never sub-expressions (calls): a template that might call
// keeps every value it holds across the call on the stack, which cost more
// than the call saved. The tree builder (tree.go) instead stores a subtree
// that does not fit into one template, as the bytecode would have.
type leaf struct {
	off  uintptr // byte offset of the register in the window
	mask uint64  // nonzero for a register
	k    uint64  // the constant
	el   elem    // zero, or the slice an element operand indexes
}

// elem packs what an element operand needs besides its index: the kind of
// slice (2 bits), its slice register's byte offset or global index (30
// bits), and the pc of the GET or GLOAD (32 bits), for its error. Packed,
// leaf has four fields, the most Go keeps in registers: with six, every
// method call on an operand copied it through the stack.
type elem uint64

const (
	elNone   = 0
	elLocal  = 1 // S(sl)[index]
	elGlobal = 2 // GS(sl)[index]
	elLen    = 3 // len(S(sl)), and the index is unused
)

func mkElem(kind int, sl uintptr, pc int) elem {
	return elem(kind) | elem(sl)<<2 | elem(pc)<<32
}

func (e elem) kind() int   { return int(e & 3) }
func (e elem) sl() uintptr { return uintptr(e>>2) & (1<<30 - 1) }
func (e elem) pc() int     { return int(e >> 32) }

// val is the operand's value, or for an element its index. It is small
// enough to be inlined everywhere. Templates read an operand x as
//
//	a := x.k
//	if x.mask != 0 {
//		a = *(*uint64)(unsafe.Add(r, x.off))
//	}
//	if x.el != elNone {
//		if x.el.kind() == elLen {
//			a = x.len(s)
//		} else {
//			w := x.slice(m, s)
//			if a >= uint64(len(w)) {
//				return x.fail(m, a, w)
//			}
//			a = w[a]
//		}
//	}
//
// and the plain variants without the second test. (A branch-free read,
// k + R(off)&mask, was no faster: it loads three words of the closure.)
func (l leaf) val(r ptr) uint64 {
	if l.mask == 0 {
		return l.k
	}
	return *(*uint64)(unsafe.Add(r, l.off))
}

// slice is the slice an element operand indexes.
func (l leaf) slice(m *vm.Machine, s ptr) []uint64 {
	if l.el.kind() == elLocal {
		return sreg(s, l.el.sl()).W
	}
	_, gs := m.Globals()
	return gs[l.el.sl()].W
}

// len is the value of a length operand.
func (l leaf) len(s ptr) uint64 { return uint64(sreg(s, l.el.sl()).Len()) }

// fail raises the index error of an element operand.
//
//go:noinline
func (l leaf) fail(m *vm.Machine, i uint64, w []uint64) (*block, ptr, ptr) {
	m.Raise(vm.IndexError(int64(i), len(w)), l.el.pc())
	return nil, nil, nil
}

// elem is the value of an element or length operand whose val is i.
//
//go:noinline
func (l leaf) elem(m *vm.Machine, s ptr, i uint64) uint64 {
	if l.el.kind() == elLen {
		return l.len(s)
	}
	w := l.slice(m, s)
	if i >= uint64(len(w)) {
		l.fail(m, i, w)
	}
	return w[i]
}

func regLeaf(reg int) leaf    { return leaf{off: uintptr(reg) * 8, mask: ^uint64(0)} }
func constLeaf(k uint64) leaf { return leaf{k: k} }

// dest is where a statement template stores its value: register off (el
// zero), or, as SET and GSTORE do, the element at index R(ix) of a slice
// register or a global slice (el as in an element operand). An element's
// index is evaluated after the value, and its bounds checked then, in the
// bytecode's order.
type dest struct {
	off uintptr
	el  elem
	ix  uintptr
}

func regDest(r int) dest { return dest{off: roff(r)} }

func (d dest) slice(m *vm.Machine, s ptr) []uint64 { return leaf{el: d.el}.slice(m, s) }

func (d dest) fail(m *vm.Machine, i uint64, w []uint64) (*block, ptr, ptr) {
	return leaf{el: d.el}.fail(m, i, w)
}

// tail is a loop's increment and test, run at the end of the statement
// template before them (the last statement of the loop body), so that they
// cost no closure of their own: R(d) += inc; then the statement's
// continuation if R(d) cmp bound, f otherwise. The comparisons are < and ==
// with their operands swapped (swap) and their result negated (neg), which
// covers the six.
//
// When the statement and the tail are the whole loop (self: the test's
// true target is the block the statement begins), the template iterates
// itself, up to selfBatch times, rather than return the loop's header to
// the run loop every iteration (runChains: a return, a state word check
// and a call per iteration).
type tail struct {
	d          uintptr
	inc, bound leaf   // registers or constants
	mul, add   uint64 // the test's limit is bound*mul + add (limit): i < 3*n
	lin        bool   // mul or add is not the identity's
	swap, eq   bool
	neg        bool
	self       bool
	f          target
}

// selfBatch bounds the iterations a self-looping template runs between
// visits to the run loop, which polls for interrupts and on-stack
// replacement: at a few ns an iteration, every few µs.
const selfBatch = 1024

// test reports whether v cmp z holds.
func (t *tail) test(v, z uint64) bool {
	a, b := int64(v), int64(z)
	if t.swap {
		a, b = b, a
	}
	if t.eq {
		return (a == b) != t.neg
	}
	return (a < b) != t.neg
}

// newTail is the tail for comparison cmp, with f where it fails.
func newTail(d uintptr, inc, bound leaf, cmp iop, f target) *tail {
	t := &tail{d: d, inc: inc, bound: bound, mul: 1, f: f}
	switch cmp {
	case opEq:
		t.eq = true
	case opNe:
		t.eq, t.neg = true, true
	case opLt:
	case opGe:
		t.neg = true
	case opGt:
		t.swap = true
	case opLe:
		t.swap, t.neg = true, true
	}
	return t
}

// limit is the value the counter is compared with: the bound, or for a
// bound like 3*n or n-1, computed from it (the tree builder would
// otherwise make the test a closure of its own, twofuncs' i < 3*n).
func (t *tail) limit(r ptr) uint64 {
	v := t.bound.val(r)
	if t.lin {
		v = v*t.mul + t.add
	}
	return v
}

// reg is the scalar register at byte offset off of the window r.
func reg(r unsafe.Pointer, off uintptr) *uint64 { return (*uint64)(unsafe.Add(r, off)) }

// next runs the loop tail's increment and returns the counter's new
// value, for test (a self loop's iteration ends with both; apart, each
// stays within Go's inlining budget).
func (t *tail) next(r ptr) uint64 {
	n := *reg(r, t.d) + t.inc.val(r)
	*reg(r, t.d) = n
	return n
}

// same reports whether t and u are the same increment and test (their
// exits aside).
func (t *tail) same(u *tail) bool {
	return t.d == u.d && t.inc == u.inc && t.bound == u.bound && t.lin == u.lin && t.mul == u.mul && t.add == u.add &&
		t.swap == u.swap && t.eq == u.eq && t.neg == u.neg
}

// exit goes on where the loop ends.
func (t *tail) exit(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
	if t.f.fn != nil {
		return t.f.fn(m, r, s)
	}
	return t.f.b, r, s
}

// isReg is 1 for a register operand, 0 for a constant: the plain
// templates pick a closure by the mix of their operands (zops.go).
func isReg(l leaf) int {
	if l.mask != 0 {
		return 1
	}
	return 0
}

// countedKinds classifies the operands ls of a self loop with tail tl and
// destination dst for the counted self loop templates (zops.go, cself1
// and cself2): bit i is set when ls[i] is an element indexed by the loop
// counter, clear when it is a constant or a register other than the
// counter (the destination register included: an accumulator), and bit
// len(ls) is set when the destination is an element indexed by the
// counter. ok is false for any other loop: an operand or destination
// indexed by another register, a length, an operand that is the counter,
// a destination that is the counter or the tail's step or bound.
func countedKinds(dst dest, tl *tail, ls ...leaf) (kinds int, ok bool) {
	if tl == nil || !tl.self {
		return 0, false
	}
	d, dstReg := tl.d, dst.el == elNone
	if dstReg && dst.off == d {
		return 0, false
	}
	for _, l := range [2]leaf{tl.inc, tl.bound} {
		if l.el != elNone || l.mask != 0 && (l.off == d || dstReg && l.off == dst.off) {
			return 0, false
		}
	}
	for i, l := range ls {
		switch {
		case l.el == elNone:
			if l.mask != 0 && l.off == d {
				return 0, false
			}
		case l.atReg() && l.off == d:
			kinds |= 1 << i
		default:
			return 0, false
		}
	}
	if !dstReg {
		if dst.el.kind() == elLen || dst.ix != d {
			return 0, false
		}
		kinds |= 1 << len(ls)
	}
	return kinds, true
}

// accMask is all ones when operand l is the register destination dst (a
// counted self loop's accumulator, which it refreshes from each stored
// value), zero otherwise.
func accMask(l leaf, dst dest) uint64 {
	if dst.el == elNone && l.el == elNone && l.mask != 0 && l.off == dst.off {
		return ^uint64(0)
	}
	return 0
}

// elemKind is 1 for an element operand at a register index, 0 for a
// register or a constant, and 8 (no mix) for a length or an element at a
// constant index: the general one-operation templates pick a closure by
// the mix of their operands (zops.go).
func elemKind(l leaf) int {
	switch {
	case l.el == elNone:
		return 0
	case l.atReg():
		return 1
	}
	return 8
}

// updateKind is 0 for a constant operand, 1 for a register, 2 for an
// element at a register index, and 9 (no mix) for any other: the update
// templates pick a closure by the mix of their operands (zops.go).
func updateKind(l leaf) int {
	switch {
	case l.el == elNone:
		return isReg(l)
	case l.atReg():
		return 2
	}
	return 9
}

// atReg reports whether l is an element of a local or a global slice (not
// a length) at a register index: the operand kind the specialized
// templates read directly (elemKind, updateKind, countedKinds, condTrue,
// compiler.update).
func (l leaf) atReg() bool { return l.el != elNone && l.el.kind() != elLen && l.mask != 0 }
