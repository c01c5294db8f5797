package l1

import (
	"fmt"
	"strings"

	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// This file lowers statements and trees to closures: it picks, for each
// tree (which the tree builder made to fit one closure), its template: a
// two-operation template where an operand is itself a templated operation,
// a one-operation template otherwise, in the plain variant when every
// operand is a register or a constant; it fuses a block's last statement
// with a conditional branch on its result (condSet).

type compiler struct {
	a     *analysis
	code  *Code
	notes []string              // the templates the statement being lowered used
	cont  map[int]*continuation // by the pc after a CALL
	tail  *tail                 // the loop tail for the next template statement
	edges [][2]*block           // backward branches: the edge, its target (see branch)
	back  int                   // the superblock being compiled: pc of the last backward jump it continued across, or -1
	x     *expansion            // the calls spliced in, if any (inline.go)
	irs   []blockIR             // every block's statements and terminator, unmerged
}

func (c *compiler) note(format string, args ...any) {
	c.notes = append(c.notes, fmt.Sprintf(format, args...))
	c.code.closures++
}

// A tree's operands are what a template reads without a closure of its
// own: registers and constants (plain), elements of a slice register or a
// global slice at a plain index, and lengths of slice registers.

func isPlain(n *node) bool { return n.isLeaf() }

func isElem(n *node) bool {
	return (n.op == opGet || n.op == opGLoad) && isPlain(n.args[0]) || n.op == opLen
}

func isOperand(n *node) bool { return isPlain(n) || isElem(n) }

// operands reports whether n's operands are all template operands.
func operands(n *node) bool {
	for _, a := range n.args {
		if !isOperand(a) {
			return false
		}
	}
	return true
}

// allPlain reports whether every operand in tree n is a register or a
// constant.
func allPlain(n *node) bool {
	if isElem(n) {
		return false
	}
	for _, a := range n.args {
		if !allPlain(a) {
			return false
		}
	}
	return true
}

// pick is the plain variant of a template table when every operand of tree
// n is a register or a constant, the general one otherwise.
func pick[T any](general, plain T, n *node) T {
	if allPlain(n) {
		return plain
	}
	return general
}

// templated reports whether n is an operation with generated templates.
func templated(n *node) bool { return !n.isLeaf() && n.op.info().in != domNone }

// chainable reports whether n can be the inner operation of a
// two-operation template whose outer operation takes domain d.
func chainable(n *node, d dom) bool {
	return templated(n) && n.op.info().chain && n.op.info().out == d && operands(n)
}

// outer reports whether operation o has two-operation templates as the
// outer operation.
func outer(o iop) bool { return o.info().chain || o.info().cmp }

// leafOf is the template operand for a register, a constant or an element.
func leafOf(n *node) leaf {
	switch n.op {
	case opReg:
		return regLeaf(n.reg)
	case opConst:
		return constLeaf(n.k)
	case opLen:
		return leaf{el: mkElem(elLen, soff(n.in.B()), n.pc)}
	case opGet, opGLoad:
		l := leafOf(n.args[0])
		l.el = mkElem(elLocal, soff(n.in.B()), n.pc)
		if n.op == opGLoad {
			l.el = mkElem(elGlobal, uintptr(n.in.B()), n.pc)
		}
		return l
	}
	panic(fmt.Sprintf("pc %d: %v is not an operand", n.pc, n.op))
}

// plainLeaf is the operand of a hand-written closure, which reads only
// registers and constants.
func plainLeaf(n *node) leaf {
	if !isPlain(n) {
		panic(fmt.Sprintf("pc %d: %v is not a register or a constant", n.pc, n.op))
	}
	return leafOf(n)
}

// fits reports whether tree n, whose value is stored in a register, is
// covered by one closure: an operand, a templated operation on operands, a
// two-operation template, or a hand-written operation on registers and
// constants. The tree builder keeps only trees that fit.
func fits(n *node) bool {
	if isOperand(n) {
		return true
	}
	if !templated(n) {
		for _, a := range n.args {
			if !isPlain(a) {
				return false
			}
		}
		return true
	}
	if operands(n) {
		return true
	}
	if _, _, ok := twoOp(n); ok {
		return true
	}
	if _, _, _, _, ok := prod3(n); ok {
		return true
	}
	if _, ok := dot(n); ok {
		return true
	}
	_, _, _, _, ok := threeOp(n)
	return ok
}

// twoOp finds the two-operation shape of tree n: its inner operation and
// the side it is on, if n is such a tree and a template exists for it in the
// variant its operands need.
func twoOp(n *node) (inner *node, side int, ok bool) {
	if !templated(n) || !outer(n.op) || len(n.args) != 2 {
		return nil, 0, false
	}
	x, y := n.args[0], n.args[1]
	d := n.op.info().in
	switch {
	case chainable(x, d) && isOperand(y):
		inner, side = x, 0
	case isOperand(x) && chainable(y, d):
		inner, side = y, 1
	default:
		return nil, 0, false
	}
	return inner, side, stmt2For(n, inner, side) != nil
}

// float3Index numbers the operations of the three-operation templates
// (stmt3P), -1 for the others.
var float3Index = func() (ix [numOps]int8) {
	for i := range ix {
		ix[i] = -1
	}
	for i, o := range []iop{opFAdd, opFSub, opFMul, opFDiv} {
		ix[o] = int8(i)
	}
	return ix
}()

// threeOp finds the three-operation shape of tree n, o3(o2(o1(x, y), z),
// w) with each inner operation on either side (side2: o1's in o2, side3:
// o2's in o3), of float arithmetic on registers and constants only.
func threeOp(n *node) (mid, inner *node, side2, side3 int, ok bool) {
	op3 := func(n *node) bool { return !n.isLeaf() && float3Index[n.op] >= 0 && len(n.args) == 2 }
	if !op3(n) {
		return nil, nil, 0, 0, false
	}
	split := func(n *node) (*node, *node, int, bool) { // the operation argument, the plain one, its side
		x, y := n.args[0], n.args[1]
		switch {
		case op3(x) && isPlain(y):
			return x, y, 0, true
		case isPlain(x) && op3(y):
			return y, x, 1, true
		}
		return nil, nil, 0, false
	}
	mid, _, side3, ok = split(n)
	if !ok {
		return nil, nil, 0, 0, false
	}
	inner, _, side2, ok = split(mid)
	if !ok || !isPlain(inner.args[0]) || !isPlain(inner.args[1]) {
		return nil, nil, 0, 0, false
	}
	return mid, inner, side2, side3, true
}

// stmt2For and cond2For are the two-operation templates for tree n with
// inner operation inner on side, in the variant n's operands need, or nil.
func stmt2For(n, inner *node, side int) func(dest, leaf, leaf, leaf, target, *tail) chainFn {
	return pick(&stmt2, &stmt2P, n)[chainIndex[inner.op]][outerIndex[n.op]][side]
}

func cond2For(n, inner *node, side int) func(leaf, leaf, leaf, target, target) chainFn {
	return pick(&cond2, &cond2P, n)[chainIndex[inner.op]][outerIndex[n.op]][side]
}

// set compiles R(dst) = n followed by next.
func (c *compiler) set(dst int, n *node, next target) chainFn {
	if templated(n) {
		return c.setTo(regDest(dst), n, next)
	}
	return c.setByHand(dst, n, next)
}

// setTo compiles d = n for a tree n with templates, followed by next.
func (c *compiler) setTo(d dest, n *node, next target) chainFn {
	tl := c.takeTail()
	if fn := c.update(d, n, next, tl); fn != nil {
		return fn
	}
	if fn := c.countedLoop(d, n, next, tl); fn != nil {
		return fn
	}
	if ops, ok := dot(n); ok {
		xs := make([]leaf, len(ops))
		for i, o := range ops {
			xs[i] = leafOf(o)
		}
		c.note("dot%d", len(ops)/2)
		return stmtDot(d, xs, next, tl)
	}
	if a, b, x, e, ok := prod3(n); ok {
		la, lb, lx, le := leafOf(a), leafOf(b), leafOf(x), leafOf(e)
		if d.el != elNone && d.el.kind() != elLen && (tl == nil || !tl.self) && d.is(a) && isPlain(b) && isPlain(e) &&
			(isPlain(x) || lx.atReg()) {
			c.note("upd prod3")
			return updProd3(d, n.op == opFSub, la, lb, lx, le, next, tl)
		}
		c.note("prod3")
		return stmtProd3(d, n.op == opFSub, la, lb, lx, le, next, tl)
	}
	info := n.op.info()
	arg := func(i int) leaf { return leafOf(n.args[i]) }
	switch {
	case info.unary:
		c.note("%s", n.op)
		return pick(unStmt, unStmtP, n)[n.op](d, arg(0), next, tl)
	default:
		if inner, side, ok := twoOp(n); ok {
			other := n.args[1-side]
			c.note("%s.%s%s", inner.op, n.op, []string{"", "/R"}[side])
			return stmt2For(n, inner, side)(d, leafOf(inner.args[0]), leafOf(inner.args[1]), leafOf(other), next, tl)
		}
		if mid, inner, side2, side3, ok := threeOp(n); ok {
			c.note("%s.%s.%s%s%s", inner.op, mid.op, n.op, []string{"", "/R"}[side2], []string{"", "/R"}[side3])
			z, w := mid.args[1-side2], n.args[1-side3]
			return stmt3P[float3Index[inner.op]][float3Index[mid.op]][float3Index[n.op]][side2][side3](d,
				leafOf(inner.args[0]), leafOf(inner.args[1]), leafOf(z), leafOf(w), next, tl)
		}
		c.note("%s", n.op)
		return pick(binStmt, binStmtP, n)[n.op](d, arg(0), arg(1), next, tl)
	}
}

// is reports whether tree a reads the element d stores to: the same slice
// at the same index register (the update templates' and updProd3's s[i]).
func (d dest) is(a *node) bool {
	if !isElem(a) {
		return false
	}
	z := leafOf(a)
	return z.atReg() && z.el.kind() == d.el.kind() && z.el.sl() == d.el.sl() && z.off == d.ix
}

// update compiles s[i] = n, when n is o(s[i], x) or o2(o1(x, y), s[i])
// (either side) with x and y registers, constants or elements at a
// register index, to an update template
// (upd1, upd2): one lookup and one bounds check of s[i] (a counter's
// count[r]--, nbody's vx[i] -= dx * mj). A self loop keeps its own
// templates, which look the slices up once per batch. It returns nil for
// any other statement.
func (c *compiler) update(d dest, n *node, next target, tl *tail) chainFn {
	if d.el == elNone || d.el.kind() == elLen || tl != nil && tl.self || !templated(n) || len(n.args) != 2 {
		return nil
	}
	for side, a := range n.args {
		if !d.is(a) {
			continue
		}
		z, other := leafOf(a), n.args[1-side]
		var fn chainFn
		var note string
		if isOperand(other) {
			if u := upd1[n.op][side]; u != nil {
				fn, note = u(d, leafOf(other), z, next, tl), n.op.String()
			}
		} else if chainable(other, n.op.info().in) && len(other.args) == 2 && outerIndex[n.op] >= 0 && chainIndex[other.op] >= 0 {
			if u := upd2[chainIndex[other.op]][outerIndex[n.op]][1-side]; u != nil {
				fn, note = u(d, leafOf(other.args[0]), leafOf(other.args[1]), z, next, tl), other.op.String()+"."+n.op.String()
			}
		}
		if fn != nil {
			c.note("upd %s", note)
		}
		return fn
	}
	return nil
}

// countedLoop compiles a self loop of R(dst) or s[i] = n to a counted self
// loop template (cself1, cself2: the counter in a Go register, operands
// read once per batch or indexed by the counter), when n and the loop are
// of its kind (countedKinds), or returns nil.
func (c *compiler) countedLoop(d dest, n *node, next target, tl *tail) chainFn {
	if tl == nil || !tl.self || !templated(n) || len(n.args) != 2 {
		return nil
	}
	if inner, side, ok := twoOp(n); ok {
		if u := cself2[chainIndex[inner.op]][outerIndex[n.op]][side]; u != nil {
			if fn := u(d, leafOf(inner.args[0]), leafOf(inner.args[1]), leafOf(n.args[1-side]), next, tl); fn != nil {
				c.note("counted")
				return fn
			}
		}
		return nil
	}
	if u := cself1[n.op]; u != nil && operands(n) {
		if fn := u(d, leafOf(n.args[0]), leafOf(n.args[1]), next, tl); fn != nil {
			c.note("counted")
			return fn
		}
	}
	return nil
}

// pair compiles two statements R(d1) = o1(x, y); R(d2) = o2(z, w) of float
// arithmetic on registers and constants to one pair template (pairP), or
// reports false.
func (c *compiler) pair(s1, s2 stmt, next target) (chainFn, bool) {
	one := func(s stmt) bool {
		return s.kind == sSet && templated(s.n) && float3Index[s.n.op] >= 0 && len(s.n.args) == 2 &&
			isPlain(s.n.args[0]) && isPlain(s.n.args[1])
	}
	if !one(s1) || !one(s2) {
		return nil, false
	}
	c.note("pair")
	a, b := s1.n.args, s2.n.args
	return pairP[float3Index[s1.n.op]][float3Index[s2.n.op]](roff(s1.dst), leafOf(a[0]), leafOf(a[1]), roff(s2.dst), leafOf(b[0]), leafOf(b[1]), next), true
}

// takeTail returns the loop tail the statement being compiled carries (set
// by chain when carriesTail holds for it), or nil.
func (c *compiler) takeTail() *tail {
	tl := c.tail
	c.tail = nil
	if tl != nil {
		c.note("+tail")
		if tl.self {
			c.note("self")
		}
	}
	return tl
}

// setByHand compiles R(dst) = n for the trees without templates: operands
// and the hand-written operations.
func (c *compiler) setByHand(dst int, n *node, next target) chainFn {
	d := roff(dst)
	plain := func(i int) leaf { return plainLeaf(n.args[i]) }
	if isPlain(n) {
		c.note("move")
		return stmtMove(d, leafOf(n), next)
	}
	c.note("%s", n.op)
	switch n.op {
	case opDiv, opMod, opShl, opShr:
		return stmtRisky(n.op, d, plain(0), plain(1), n.pc, next)
	case opGet:
		if tl := c.takeTail(); tl != nil {
			return selfLoad(d, mkElem(elLocal, soff(n.in.B()), n.pc), plain(0), next, tl)
		}
		return stmtGet(d, soff(n.in.B()), plain(0), n.pc, next)
	case opGLoad:
		if tl := c.takeTail(); tl != nil {
			return selfLoad(d, mkElem(elGlobal, uintptr(n.in.B()), n.pc), plain(0), next, tl)
		}
		return stmtGLoad(d, n.in.B(), plain(0), n.pc, next)
	case opGet2:
		return stmtGet2(d, soff(n.in.B()), plain(0), plain(1), n.pc, next)
	case opGetG:
		return stmtGetG(d, n.in.B(), next)
	case opLen, opCap, opIsNil:
		return stmtSliceInfo(n.op, d, soff(n.in.B()), next)
	}
	panic(fmt.Sprintf("pc %d: no closure for %v", n.pc, n.op))
}

// cond compiles a branch on tree n to blocks t (true) and f (false).
func (c *compiler) cond(n *node, t, f target) chainFn {
	info := n.op.info()
	switch {
	case info.cmp:
		if inner, side, ok := twoOp(n); ok && cond2For(n, inner, side) != nil {
			other := n.args[1-side]
			c.note("%s.%s%s", inner.op, n.op, []string{"", "/R"}[side])
			return cond2For(n, inner, side)(leafOf(inner.args[0]), leafOf(inner.args[1]), leafOf(other), t, f)
		}
		c.note("%s", n.op)
		return pick(cond1, cond1P, n)[n.op](leafOf(n.args[0]), leafOf(n.args[1]), t, f)
	case n.op == opNot:
		return c.cond(n.args[0], f, t)
	}
	c.note("true")
	return condTrue(leafOf(n), t, f)
}

// condOK reports whether cond can compile a branch on tree n.
func condOK(n *node) bool {
	switch {
	case n.op.info().cmp:
		return fits(n)
	case n.op == opNot:
		return condOK(n.args[0])
	}
	return isOperand(n)
}

// condSet compiles R(dst) = n; if R(dst) cmp other, when n is an integer
// operation with templates, in one closure (the loop counter's increment
// and test).
func (c *compiler) condSet(s stmt, cond *node, t, f target) (chainFn, bool) {
	if s.kind == sSet && isElem(s.n) && s.n.op != opLen {
		// An element loaded and tested (fannkuch's r9 = s2[0]; if r9 !=
		// 0): the element plus 0.
		s.n = &node{op: opAdd, pc: s.n.pc, args: []*node{s.n, leafConst(0)}}
	}
	if s.kind != sSet || !chainable(s.n, domInt) {
		return nil, false
	}
	cmp, y, ok := compareOf(cond, s.dst)
	if !ok || !isOperand(y) {
		return nil, false
	}
	tbl := &condSet
	if allPlain(s.n) && allPlain(y) {
		tbl = &condSetP
	}
	tmpl := tbl[chainIndex[s.n.op]][outerIndex[cmp]]
	if tmpl == nil { // no general variant for this operation
		return nil, false
	}
	c.note("set.%s.%s", s.n.op, cmp)
	return tmpl(roff(s.dst), leafOf(s.n.args[0]), leafOf(s.n.args[1]), leafOf(y), t, f), true
}

// compareOf returns the integer comparison cond as R(r) cmp other,
// swapping its sides when R(r) is the right one: the form condSet,
// condDiv and loopTail compile. ok is false for any other condition, or
// one that compares R(r) on neither side.
func compareOf(cond *node, r int) (cmp iop, other *node, ok bool) {
	if !cond.op.info().cmp || cond.op.info().in != domInt {
		return 0, nil, false
	}
	cmp, x, y := cond.op, cond.args[0], cond.args[1]
	isR := func(n *node) bool { return n.op == opReg && n.reg == r }
	if !isR(x) {
		cmp, x, y = swapCmp[cmp], y, x
	}
	return cmp, y, isR(x)
}

// condDiv compiles R(dst) = x / y or x % y, by a register, followed by a
// branch on R(dst) compared with a register or a constant, in one closure
// (divDecide): primes' n%p == 0.
func (c *compiler) condDiv(s stmt, cond *node, t, f target) (chainFn, bool) {
	if s.kind != sSet || s.n.op != opDiv && s.n.op != opMod || !isPlain(s.n.args[0]) || !isPlain(s.n.args[1]) {
		return nil, false
	}
	cmp, y, ok := compareOf(cond, s.dst)
	if !ok || !isPlain(y) || y.op == opReg && y.reg == s.dst {
		return nil, false
	}
	c.note("%s.%s", s.n.op, cmp)
	tl := newTail(roff(s.dst), constLeaf(0), leafOf(y), cmp, f)
	return divDecide(s.n.op == opMod, roff(s.dst), leafOf(s.n.args[0]), leafOf(s.n.args[1]), s.n.pc, tl, t), true
}

// carriesTail reports whether statement s compiles to a closure that can
// carry a loop tail: a template (through setTo), or, when the statement and
// the tail are the whole loop (self), an element load or store (selfLoad,
// selfStore). Those carry one only then: with
// the tail in a loop of more statements, fannkuch ran 4% slower at L1
// than with the tail as a closure of its own.
func carriesTail(s stmt, self bool) bool {
	if s.kind == sSet {
		return templated(s.n) || self && !isPlain(s.n) && (s.n.op == opGet || s.n.op == opGLoad)
	}
	op := s.in.Op()
	if op == bc.SET || op == bc.GSTORE {
		return self || templated(s.args[1])
	}
	return false
}

// templatedStmt reports whether statement s compiles through setTo, to a
// template or a closure of products.go, whose loop tails read their limit
// through tail.limit: only those carry a tail whose limit is computed
// (lin); the hand-written loops read the bound as it is.
func templatedStmt(s stmt) bool {
	if s.kind == sSet {
		return templated(s.n)
	}
	op := s.in.Op()
	return (op == bc.SET || op == bc.GSTORE) && templated(s.args[1])
}

// loopTail recognises a loop's increment and test: the statement R(d) =
// R(d) + inc and a comparison of R(d) with a register or constant bound.
func loopTail(s stmt, cond *node, f target) (*tail, bool) {
	if s.kind != sSet || s.n.op != opAdd {
		return nil, false
	}
	x, inc := s.n.args[0], s.n.args[1]
	if !(x.op == opReg && x.reg == s.dst) {
		x, inc = inc, x
	}
	if !(x.op == opReg && x.reg == s.dst) || !isPlain(inc) {
		return nil, false
	}
	cmp, bound, ok := compareOf(cond, s.dst)
	if !ok {
		return nil, false
	}
	base, mul, add, ok := linear(bound)
	if !ok {
		return nil, false
	}
	tl := newTail(roff(s.dst), leafOf(inc), leafOf(base), cmp, f)
	tl.mul, tl.add, tl.lin = mul, add, mul != 1 || add != 0
	return tl, true
}

// linear finds a loop test's bound n as x*mul + add, x a register or a
// constant: x itself, x*k, x+k and x-k (constants k). (The tree builder
// gives a test no deeper bound: x*k1 + k2 is stored before it.)
func linear(n *node) (x *node, mul, add uint64, ok bool) {
	if isPlain(n) {
		return n, 1, 0, true
	}
	if len(n.args) != 2 {
		return nil, 0, 0, false
	}
	a, b := n.args[0], n.args[1]
	if a.isConst() && n.op != opSub {
		a, b = b, a
	}
	if !b.isConst() {
		return nil, 0, 0, false
	}
	switch n.op {
	case opMul:
		if isPlain(a) {
			return a, b.k, 0, true
		}
	case opAdd, opSub:
		k := b.k
		if n.op == opSub {
			k = -k
		}
		if isPlain(a) {
			return a, 1, k, true
		}
	}
	return nil, 0, 0, false
}

// effect compiles a statement with effects.
func (c *compiler) effect(s stmt, next target) chainFn {
	in := s.in
	switch in.Op() {
	case bc.SET:
		if templated(s.args[1]) {
			c.note("=s")
			return c.setTo(dest{el: mkElem(elLocal, soff(in.A()), s.pc), ix: roff(s.args[0].reg)}, s.args[1], next)
		}
		c.note("set")
		if tl := c.takeTail(); tl != nil {
			return selfStore(mkElem(elLocal, soff(in.A()), s.pc), plainLeaf(s.args[0]), leafOf(s.args[1]), next, tl)
		}
		return stmtSet(soff(in.A()), plainLeaf(s.args[0]), leafOf(s.args[1]), s.pc, next)
	case bc.SETG:
		c.note("setg")
		return stmtSetG(in.B(), leafOf(s.args[0]), next)
	case bc.GSTORE:
		if templated(s.args[1]) {
			c.note("=gs")
			return c.setTo(dest{el: mkElem(elGlobal, uintptr(in.A()), s.pc), ix: roff(s.args[0].reg)}, s.args[1], next)
		}
		c.note("gstore")
		if tl := c.takeTail(); tl != nil {
			return selfStore(mkElem(elGlobal, uintptr(in.A()), s.pc), plainLeaf(s.args[0]), leafOf(s.args[1]), next, tl)
		}
		return stmtGStore(in.A(), plainLeaf(s.args[0]), leafOf(s.args[1]), s.pc, next)
	case bc.SET2:
		c.note("set2")
		return stmtSet2(soff(in.A()), plainLeaf(s.args[0]), plainLeaf(s.args[1]), leafOf(s.args[2]), s.pc, next)
	}
	c.note("%s", strings.ToLower(in.Op().String()))
	fn := sliceOp(in, s.pc, next)
	if fn == nil {
		panic(fmt.Sprintf("pc %d: no closure for %v", s.pc, in.Op()))
	}
	return fn
}

func (c *compiler) stmt(s stmt, next target) chainFn {
	if s.kind == sSet {
		return c.set(s.dst, s.n, next)
	}
	return c.effect(s, next)
}
