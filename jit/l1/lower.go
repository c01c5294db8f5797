package l1

import (
	"fmt"
	"math"
	"strings"

	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// This file lowers statements and trees to closures: it picks, for each
// tree, the templates that cover it with the fewest closures (a two-operation
// template where an operand is itself a templated operation, a one-operation
// template otherwise; operands that are neither registers nor constants
// become compiled sub-expressions), fuses a block's last statement with a
// conditional branch on its result, and chains each statement to the next.

type compiler struct {
	a     *analysis
	code  *Code
	notes []string              // the templates the statement being lowered used
	cont  map[int]*continuation // by the pc after a CALL
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
	_, _, ok := twoOp(n)
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

// stmt2For and cond2For are the two-operation templates for tree n with
// inner operation inner on side, in the variant n's operands need, or nil.
func stmt2For(n, inner *node, side int) func(dest, leaf, leaf, leaf, target) chainFn {
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
	info := n.op.info()
	arg := func(i int) leaf { return leafOf(n.args[i]) }
	switch {
	case info.unary:
		c.note("%s", n.op)
		return pick(unStmt, unStmtP, n)[n.op](d, arg(0), next)
	default:
		if inner, side, ok := twoOp(n); ok {
			other := n.args[1-side]
			c.note("%s.%s%s", inner.op, n.op, []string{"", "/R"}[side])
			return stmt2For(n, inner, side)(d, leafOf(inner.args[0]), leafOf(inner.args[1]), leafOf(other), next)
		}
		c.note("%s", n.op)
		return pick(binStmt, binStmtP, n)[n.op](d, arg(0), arg(1), next)
	}
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
		return stmtGet(d, soff(n.in.B()), plain(0), n.pc, next)
	case opGLoad:
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
	if s.kind != sSet || !chainable(s.n, domInt) || !cond.op.info().cmp || cond.op.info().in != domInt {
		return nil, false
	}
	cmp, x, y := cond.op, cond.args[0], cond.args[1]
	if !(x.op == opReg && x.reg == s.dst) {
		if !(y.op == opReg && y.reg == s.dst) {
			return nil, false
		}
		cmp, x, y = swapCmp[cmp], y, x
	}
	if !isOperand(y) {
		return nil, false
	}
	c.note("set.%s.%s", s.n.op, cmp)
	tbl := &condSet
	if allPlain(s.n) && allPlain(y) {
		tbl = &condSetP
	}
	return tbl[chainIndex[s.n.op]][outerIndex[cmp]](roff(s.dst), leafOf(s.n.args[0]), leafOf(s.n.args[1]), leafOf(y), t, f), true
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

// build compiles every block of the function.
func (c *compiler) build(opts options) {
	a, code := c.a, c.code
	bld := &builder{a: a, bails: opts.bails}
	if opts.counted {
		code.counts = make([]uint64, len(a.blocks))
	}
	irs := make([]blockIR, len(a.blocks))
	blocks := make([]*block, len(a.blocks))
	for i := range a.blocks {
		irs[i] = bld.buildBlock(&a.blocks[i])
		blocks[i] = &block{start: a.blocks[i].start, end: a.blocks[i].end, id: i}
		code.at[blocks[i].start] = blocks[i]
	}
	code.blocks = blocks
	c.cont = map[int]*continuation{}
	// Backwards, so that the chain of a forward branch's target exists
	// when the branch is compiled.
	for i := len(blocks) - 1; i >= 0; i-- {
		b := blocks[i]
		ir := irs[i]
		// A block that ends in a jump continues, in its own chain, with
		// the statements and terminator of the jump's target, and of its
		// target's target..., up to mergeLimit statements and never twice
		// the same block (tail duplication: the chain is a superblock).
		// A counter's increment before the jump then fuses with the loop
		// test after it (condSet).
		seen := map[int]bool{i: true}
		var via []int
		for ir.term.kind == tJump {
			j := code.at[ir.term.target].id
			if seen[j] || len(ir.stmts)+len(irs[j].stmts) > mergeLimit {
				break
			}
			seen[j] = true
			via = append(via, j)
			ir.stmts = append(append([]stmt(nil), ir.stmts...), irs[j].stmts...)
			ir.term = irs[j].term
		}
		if b.start > 0 && a.f.Code[b.start-1].Op() == bc.CALL {
			c.cont[b.start] = c.continuation(ir, b)
		}
		run, lines := c.chain(&ir, b)
		if opts.counted && run != nil {
			run = counter(&code.counts[i], run)
		}
		b.run, b.lines = run, lines
		b.ops = b.end - b.start + 1
		for _, j := range via {
			b.ops += irs[j].end - irs[j].start + 1
		}
		if len(via) > 0 {
			b.lines = append([]line{{text: fmt.Sprintf("(continues into %s)", blockList(via))}}, b.lines...)
		}
	}
}

// continuation builds, for the block b after a CALL, with ir its
// (merged) statements, the moves the run loop makes after the call and a
// block without them.
func (c *compiler) continuation(ir blockIR, b *block) *continuation {
	n := 0
	for n < len(ir.stmts) && isMove(ir.stmts[n]) {
		n++
	}
	if n == 0 {
		return nil
	}
	rest := ir
	rest.stmts = ir.stmts[n:]
	saved := c.notes
	nb := &block{start: b.start, end: b.end, id: b.id}
	run, _ := c.chain(&rest, nb)
	c.notes = saved
	if run == nil {
		// The rest is a call: the run loop goes on to it.
		return &continuation{post: moves(ir.stmts[:n]), rest: nb}
	}
	nb.run = run
	return &continuation{post: moves(ir.stmts[:n]), rest: nb}
}

// mergeLimit bounds the statements of a superblock (see build).
const mergeLimit = 16

func blockList(ids []int) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = fmt.Sprintf("b%d", id)
	}
	return strings.Join(s, " ")
}

// branch is where the chain of block from goes to run the block at pc: that
// block's own chain when it starts after from (chains call only forwards,
// so never themselves), back to the run loop otherwise.
func (c *compiler) branch(from *block, pc int) (target, string) {
	t := c.code.at[pc]
	if t.ret {
		return target{}, "return"
	}
	if t.start > from.start && t.run != nil {
		return target{fn: t.run}, fmt.Sprintf("b%d", t.id)
	}
	return target{b: t}, fmt.Sprintf("^b%d", t.id)
}

// chain compiles a block's statements and terminator into a chain.
func (c *compiler) chain(ir *blockIR, self *block) (chainFn, []line) {
	code := c.code
	var text []string
	var notes [][]string
	var next target
	var term chainFn // a terminator that is a closure
	stmts := ir.stmts
	t := ir.term
	c.notes = nil
	switch t.kind {
	case tJump:
		var to string
		next, to = c.branch(self, t.target)
		text = append(text, "goto "+to)
	case tCond:
		tk, tn := c.branch(self, t.target)
		fk, fn := c.branch(self, t.other)
		desc := fmt.Sprintf("if %s goto %s else %s", c.fmt(t.cond, domBool), tn, fn)
		if len(stmts) > 0 {
			last := stmts[len(stmts)-1]
			if fn, ok := c.condSet(last, t.cond, tk, fk); ok {
				term = fn
				stmts = stmts[:len(stmts)-1]
				desc = fmt.Sprintf("r%d = %s; %s", last.dst, c.fmt(last.n, domInt), desc)
			}
		}
		if term == nil {
			term = c.cond(t.cond, tk, fk)
		}
		text = append(text, desc)
	case tRet:
		next = target{}
		text = append(text, "return")
		if len(stmts) == 0 {
			self.ret = true
		}
	case tCall:
		cb := &block{fn: t.in.B(), a: t.in.A(), pc: t.pc, next: code.at[t.target], id: -1}
		// The run loop makes the call, with the moves just before it and
		// those that start the block after it.
		n := len(stmts)
		for n > 0 && isMove(stmts[n-1]) {
			n--
		}
		cb.pre, stmts = moves(stmts[n:]), stmts[:n]
		if cont := c.cont[t.target]; cont != nil {
			cb.post, cb.next = cont.post, cont.rest
		}
		rest := ""
		if len(cb.post) > 0 {
			rest = "the rest of "
		}
		desc := fmt.Sprintf("%scall %s @%d; %sgoto %sb%d", fmtMoves(cb.pre), c.a.prog.Funcs[t.in.B()].Name, t.in.A(), fmtMoves(cb.post), rest, code.at[t.target].id)
		if len(stmts) == 0 {
			// The block is the call.
			*self = block{fn: cb.fn, a: cb.a, pc: cb.pc, next: cb.next, pre: cb.pre, post: cb.post, start: self.start, end: self.end, id: self.id}
			return nil, []line{{text: desc}}
		}
		next = target{b: cb}
		text = append(text, desc)
	case tPrint:
		k, to := c.branch(self, t.target)
		c.note("print")
		term = print(t.in.B(), t.in.A(), k)
		text = append(text, fmt.Sprintf("print #%d @%d; goto %s", t.in.B(), t.in.A(), to))
	case tPanic:
		c.note("panic")
		term = panicAt(roff(t.in.A()), t.in.B(), t.pc)
		text = append(text, fmt.Sprintf("panic #%d r%d", t.in.B(), t.in.A()))
	case tExit:
		c.note("exit")
		term = exitWith(roff(t.in.A()))
		text = append(text, fmt.Sprintf("exit r%d", t.in.A()))
	case tBail:
		code.bails++
		c.note("bail")
		term = bail(t.pc)
		text = append(text, fmt.Sprintf("interpret from pc %d", t.pc))
	}
	if term != nil {
		next = target{fn: term}
	}
	notes = append(notes, c.notes)
	for i := len(stmts) - 1; i >= 0; i-- {
		c.notes = nil
		if j := i; isMove(stmts[i]) && i > 0 && isMove(stmts[i-1]) {
			// A run of moves is one closure.
			for j > 0 && isMove(stmts[j-1]) {
				j--
			}
			c.note("mv%d", i-j+1)
			next = target{fn: stmtMoves(moves(stmts[j:i+1]), next)}
			for k := i; k >= j; k-- {
				text = append(text, c.fmtStmt(stmts[k]))
				notes = append(notes, c.notes)
				c.notes = nil
			}
			i = j
			continue
		}
		next = target{fn: c.stmt(stmts[i], next)}
		text = append(text, c.fmtStmt(stmts[i]))
		notes = append(notes, c.notes)
	}
	// The lines were built backwards.
	lines := make([]line, len(text))
	for i := range text {
		lines[len(text)-1-i] = line{text: text[i], notes: notes[i]}
	}
	if next.fn == nil {
		c.note("tramp")
		lines[len(lines)-1].notes = append(lines[len(lines)-1].notes, "tramp")
		return trampoline(next.b), lines
	}
	return next.fn, lines
}

// isMove reports whether a statement stores a register or a constant.
func isMove(s stmt) bool { return s.kind == sSet && isPlain(s.n) }

func moves(stmts []stmt) []move {
	var mvs []move
	for _, s := range stmts {
		mvs = append(mvs, move{dst: roff(s.dst), x: leafOf(s.n)})
	}
	return mvs
}

func fmtMoves(mvs []move) string {
	var b strings.Builder
	for _, mv := range mvs {
		x := fmt.Sprintf("%d", int64(mv.x.k))
		if mv.x.mask != 0 {
			x = fmt.Sprintf("r%d", mv.x.off/8)
		}
		fmt.Fprintf(&b, "r%d = %s; ", mv.dst/8, x)
	}
	return b.String()
}

// continuation is how a call's run-loop block goes on: the moves that start
// the block after the call, and that block's chain without them.
type continuation struct {
	post []move
	rest *block
}

// line is a line of a block's text form: a statement or the terminator, and
// the templates it compiled to.
type line struct {
	text  string
	notes []string
}

func (l line) String() string {
	if len(l.notes) == 0 {
		return l.text
	}
	return fmt.Sprintf("%-40s ; %s", l.text, strings.Join(l.notes, " "))
}

// fmtStmt is the text form of a statement.
func (c *compiler) fmtStmt(s stmt) string {
	if s.kind == sSet {
		return fmt.Sprintf("r%d = %s", s.dst, c.fmt(s.n, domNone))
	}
	in := s.in
	arg := func(i int) string { return c.fmt(s.args[i], domNone) }
	switch in.Op() {
	case bc.SET:
		return fmt.Sprintf("s%d[%s] = %s", in.A(), arg(0), arg(1))
	case bc.SETG:
		return fmt.Sprintf("g%d = %s", in.B(), arg(0))
	case bc.GSTORE:
		return fmt.Sprintf("gs%d[%s] = %s", in.A(), arg(0), arg(1))
	case bc.SET2:
		return fmt.Sprintf("s%d[%s][%s] = %s", in.A(), arg(0), arg(1), arg(2))
	}
	return strings.Join(strings.Fields(c.a.prog.InstrString(c.a.f, s.pc, in)), " ")
}

// fmt is the text form of a tree; constants print as floats in a float
// context.
func (c *compiler) fmt(n *node, ctx dom) string {
	info := n.op.info()
	arg := func(i int) string { return c.fmt(n.args[i], info.in) }
	switch n.op {
	case opReg:
		return fmt.Sprintf("r%d", n.reg)
	case opConst:
		if ctx == domFloat {
			return fmt.Sprintf("%g", math.Float64frombits(n.k))
		}
		return fmt.Sprintf("%d", int64(n.k))
	case opDiv, opMod, opShl, opShr:
		return fmt.Sprintf("(%s %s %s)", c.fmt(n.args[0], domInt), info.sym, c.fmt(n.args[1], domInt))
	case opGet:
		return fmt.Sprintf("s%d[%s]", n.in.B(), c.fmt(n.args[0], domInt))
	case opGLoad:
		return fmt.Sprintf("gs%d[%s]", n.in.B(), c.fmt(n.args[0], domInt))
	case opGet2:
		return fmt.Sprintf("s%d[%s][%s]", n.in.B(), c.fmt(n.args[0], domInt), c.fmt(n.args[1], domInt))
	case opGetG:
		return fmt.Sprintf("g%d", n.in.B())
	case opLen, opCap:
		return fmt.Sprintf("%s(s%d)", info.sym, n.in.B())
	case opIsNil:
		return fmt.Sprintf("(s%d == nil)", n.in.B())
	}
	switch {
	case info.unary:
		if len(info.sym) <= 2 {
			return fmt.Sprintf("%s%s", info.sym, arg(0))
		}
		return fmt.Sprintf("%s(%s)", info.sym, arg(0))
	case len(info.sym) > 3:
		return fmt.Sprintf("%s(%s, %s)", info.sym, arg(0), arg(1))
	}
	s := fmt.Sprintf("%s %s %s", arg(0), info.sym, arg(1))
	if ctx != domNone && ctx != domBool {
		s = "(" + s + ")"
	}
	return s
}
