package l1

import (
	"math"

	"github.com/jitvm/jitvm/vm"
)

// Products: float trees past what the generated templates cover, each
// in one hand-written closure: an update by a product of three (prod3) and
// sums of two or three products (dot).

// prod3 finds the shape a ± (b * c) * e of float trees, nbody's
// vx[i] -= dx * m[j] * mag: an addition or subtraction whose right operand
// is a product of three, each of a, b, c and e a template operand (a
// register, a constant, or an element at a register index). The
// two-operation templates stop one operation short of it, so without it
// the statement took three closures: the element loaded, the product, and
// the update.
func prod3(n *node) (a, b, c, e *node, ok bool) {
	if n.op != opFAdd && n.op != opFSub || len(n.args) != 2 {
		return nil, nil, nil, nil, false
	}
	a, t := n.args[0], n.args[1]
	if !isOperand(a) || t.op != opFMul || len(t.args) != 2 || !isOperand(t.args[1]) {
		return nil, nil, nil, nil, false
	}
	u := t.args[0]
	if u.op != opFMul || len(u.args) != 2 || !isOperand(u.args[0]) || !isOperand(u.args[1]) {
		return nil, nil, nil, nil, false
	}
	return a, u.args[0], u.args[1], t.args[1], true
}

// updProd3 is s[i] = s[i] ± (b * c) * e, the destination a's element: one
// slice lookup and one bounds check (a's, first, as the bytecode loads it
// first), with b and e registers or constants and c one of those or an
// element at a register index. Its operands are closure variables of
// their own, not leaves: with the leaves, the closure copied twenty words
// to its stack on every run and was slower than the three closures it
// replaces.
//
//go:noinline
func updProd3(d dest, sub bool, a, b, c, e leaf, next target, tl *tail) chainFn {
	ix, bOff, bK, bReg, eOff, eK, eReg := d.ix, b.off, b.k, b.mask != 0, e.off, e.k, e.mask != 0
	get := func(isReg bool, off uintptr, k uint64, r ptr) float64 {
		if isReg {
			return math.Float64frombits(*reg(r, off))
		}
		return math.Float64frombits(k)
	}
	if c.el == elNone {
		cOff, cK, cReg := c.off, c.k, c.mask != 0
		return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
			w := d.slice(m, s)
			i := *reg(r, ix)
			if i >= uint64(len(w)) {
				return a.fail(m, i, w)
			}
			va := math.Float64frombits(w[i])
			p := float64(float64(get(bReg, bOff, bK, r)*get(cReg, cOff, cK, r)) * get(eReg, eOff, eK, r))
			if sub {
				w[i] = math.Float64bits(va - p)
			} else {
				w[i] = math.Float64bits(va + p)
			}
			k := next
			if tl != nil && !tl.test(tl.next(r), tl.limit(r)) {
				k = tl.f
			}
			if k.fn != nil {
				return k.fn(m, r, s)
			}
			return k.b, r, s
		}
	}
	cIx := c.off
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		w := d.slice(m, s)
		i := *reg(r, ix)
		if i >= uint64(len(w)) {
			return a.fail(m, i, w)
		}
		va := math.Float64frombits(w[i])
		vb := get(bReg, bOff, bK, r)
		cw := c.slice(m, s)
		j := *reg(r, cIx)
		if j >= uint64(len(cw)) {
			return c.fail(m, j, cw)
		}
		p := float64(float64(vb*math.Float64frombits(cw[j])) * get(eReg, eOff, eK, r))
		if sub {
			w[i] = math.Float64bits(va - p)
		} else {
			w[i] = math.Float64bits(va + p)
		}
		k := next
		if tl != nil && !tl.test(tl.next(r), tl.limit(r)) {
			k = tl.f
		}
		if k.fn != nil {
			return k.fn(m, r, s)
		}
		return k.b, r, s
	}
}

// dot finds the shapes a*b + c*d and a*b + c*d + e*f of float trees, as
// the compiler emits dx*dx + dy*dy + dz*dz: ((a*b) + (c*d)) + (e*f), each
// of a to f a register or a constant, and returns their operands in that
// order. The two-operation templates cover two of its operations: without
// it, the three products and two sums took three closures.
func dot(n *node) ([]*node, bool) {
	mul := func(n *node) bool {
		return n.op == opFMul && len(n.args) == 2 && isPlain(n.args[0]) && isPlain(n.args[1])
	}
	two := func(n *node) bool {
		return n.op == opFAdd && len(n.args) == 2 && mul(n.args[0]) && mul(n.args[1])
	}
	switch {
	case two(n):
		x, y := n.args[0], n.args[1]
		return []*node{x.args[0], x.args[1], y.args[0], y.args[1]}, true
	case n.op == opFAdd && len(n.args) == 2 && two(n.args[0]) && mul(n.args[1]):
		x, y, z := n.args[0].args[0], n.args[0].args[1], n.args[1]
		return []*node{x.args[0], x.args[1], y.args[0], y.args[1], z.args[0], z.args[1]}, true
	}
	return nil, false
}

// stmtDot is d = a*b + c*d (+ e*f) over registers and constants (xs: a,
// b, c...), rounded after each operation as the bytecode does. Its store
// and loop tail are stmtProd3's, written out in each: as a shared method,
// which Go does not inline, nbody ran 2% slower (2.14-2.32 s against
// 2.18-2.44 s).
//
//go:noinline
func stmtDot(d dest, xs []leaf, next target, tl *tail) chainFn {
	p := &struct {
		d     dest
		xs    [6]leaf
		next  target
		tl    *tail
		three bool
		self  bool
	}{d: d, next: next, tl: tl, three: len(xs) == 6, self: tl != nil && tl.self}
	copy(p.xs[:], xs)
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		for iter := selfBatch - 1; ; iter-- {
			f := func(i int) float64 { return math.Float64frombits(p.xs[i].val(r)) }
			// The conversions forbid fusing into an FMA.
			v := float64(f(0)*f(1)) + float64(f(2)*f(3))
			if p.three {
				v = float64(v) + float64(f(4)*f(5))
			}
			if p.d.el == elNone {
				*reg(r, p.d.off) = math.Float64bits(v)
			} else {
				w := p.d.slice(m, s)
				i := *reg(r, p.d.ix)
				if i >= uint64(len(w)) {
					return p.d.fail(m, i, w)
				}
				w[i] = math.Float64bits(v)
			}
			k := p.next
			if tl := p.tl; tl != nil {
				if !tl.test(tl.next(r), tl.limit(r)) {
					k = tl.f
				} else if p.self && iter > 0 {
					continue
				}
			}
			if k.fn != nil {
				return k.fn(m, r, s)
			}
			return k.b, r, s
		}
	}
}

// stmtProd3 is d = a ± (b * c) * e (sub: minus) for every other
// destination and operand, its operands read in that order (the
// bytecode's, tree.go), then the destination's index checked, as the
// bytecode stores last. It carries a loop tail, and iterates itself when
// the tail makes it the whole loop. Its values are behind one pointer:
// captured one by one, they were copied to the stack on every run.
//
//go:noinline
func stmtProd3(d dest, sub bool, a, b, c, e leaf, next target, tl *tail) chainFn {
	p := &struct {
		d          dest
		a, b, c, e leaf
		next       target
		tl         *tail
		sub, self  bool
	}{d, a, b, c, e, next, tl, sub, tl != nil && tl.self}
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		for iter := selfBatch - 1; ; iter-- {
			va := p.a.val(r)
			if p.a.el != elNone {
				va = p.a.elem(m, s, va)
			}
			vb := p.b.val(r)
			if p.b.el != elNone {
				vb = p.b.elem(m, s, vb)
			}
			vc := p.c.val(r)
			if p.c.el != elNone {
				vc = p.c.elem(m, s, vc)
			}
			ve := p.e.val(r)
			if p.e.el != elNone {
				ve = p.e.elem(m, s, ve)
			}
			// The conversions forbid fusing into an FMA, which rounds
			// once where the bytecode rounds after each operation.
			x := float64(float64(math.Float64frombits(vb)*math.Float64frombits(vc)) * math.Float64frombits(ve))
			res := math.Float64frombits(va) + x
			if p.sub {
				res = math.Float64frombits(va) - x
			}
			if p.d.el == elNone {
				*reg(r, p.d.off) = math.Float64bits(res)
			} else {
				w := p.d.slice(m, s)
				i := *reg(r, p.d.ix)
				if i >= uint64(len(w)) {
					return p.d.fail(m, i, w)
				}
				w[i] = math.Float64bits(res)
			}
			k := p.next
			if tl := p.tl; tl != nil {
				if !tl.test(tl.next(r), tl.limit(r)) {
					k = tl.f
				} else if p.self && iter > 0 {
					continue
				}
			}
			if k.fn != nil {
				return k.fn(m, r, s)
			}
			return k.b, r, s
		}
	}
}
