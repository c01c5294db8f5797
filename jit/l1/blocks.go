package l1

import (
	"fmt"
	"strings"

	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// This file builds a function's blocks: the tree builder's statements of
// each basic block, merged along unconditional jumps into superblocks, are
// compiled back to front into chains; branches are direct calls forwards
// and returns to the run loop backwards; calls become blocks the run loop
// makes, with the register moves around them.

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
		c.remap(&irs[i])
		start := a.blocks[i].start
		blocks[i] = &block{start: start, end: a.blocks[i].end, id: i, poll: c.pc(start), hdr: c.pc(start), code: code}
		code.at[blocks[i].start] = blocks[i]
	}
	code.blocks = blocks
	c.irs = irs
	c.cont = map[int]*continuation{}
	merged := make([]blockIR, len(blocks)) // each block's superblock
	// Backwards, so that the chain of a forward branch's target exists
	// when the branch is compiled.
	for i := len(blocks) - 1; i >= 0; i-- {
		b := blocks[i]
		ir := irs[i]
		// A block that ends in a jump continues, in its own chain, with
		// the statements and terminator of the jump's target, and of its
		// target's target..., up to mergeLimit statements (more for
		// targets of one statement or none) and never twice the same block
		// (tail duplication: the chain is a superblock).
		// A counter's increment before the jump then fuses with the loop
		// test after it (condSet).
		seen := map[int]bool{i: true}
		var via []int
		c.back = -1
		for ir.term.kind == tJump {
			j := code.at[ir.term.target].id
			// A target of a statement or none (a loop's test, or its
			// increment and test) is always taken in: it fuses with the
			// block's last statement.
			if seen[j] || len(ir.stmts)+len(irs[j].stmts) > mergeLimit && len(irs[j].stmts) > 1 {
				break
			}
			if ir.term.target <= ir.term.pc {
				c.back = ir.term.pc
			}
			seen[j] = true
			via = append(via, j)
			ir.stmts = append(append([]stmt(nil), ir.stmts...), irs[j].stmts...)
			ir.term = irs[j].term
		}
		if b.start > 0 && a.f.Code[b.start-1].Op() == bc.CALL {
			c.cont[b.start] = c.continuation(ir, b)
		}
		merged[i] = ir
		run, lines, ok := c.condLoop(ir, b, merged)
		if !ok {
			run, lines = c.chain(&ir, b)
		}
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
	// Every block is compiled now: an edge becomes its target, polling at
	// its branch.
	for _, e := range c.edges {
		poll := e[0].poll
		*e[0] = *e[1]
		e[0].poll = poll
	}
}

// continuation builds, for the block b after a CALL, with ir its
// (merged) statements, the moves the run loop makes after the call and a
// block without them.
func (c *compiler) continuation(ir blockIR, b *block) *continuation {
	n := 0
	for n < len(ir.stmts) && isCallMove(ir.stmts[n]) {
		n++
	}
	if n == 0 {
		return nil
	}
	rest := ir
	rest.stmts = ir.stmts[n:]
	if len(rest.stmts) == 0 && rest.term.kind == tRet {
		// The moves, then return: the run loop needs no chain.
		return &continuation{post: moves(ir.stmts[:n])}
	}
	saved := c.notes
	nb := &block{start: b.start, end: b.end, id: b.id, poll: c.pc(b.start), hdr: c.pc(b.start), code: b.code}
	run, _ := c.chain(&rest, nb)
	c.notes = saved
	if run == nil {
		// The rest is a call: the run loop goes on to it.
		return &continuation{post: moves(ir.stmts[:n]), rest: nb}
	}
	nb.run = run
	return &continuation{post: moves(ir.stmts[:n]), rest: nb}
}

// swapLoopTail compiles the end of a loop body that is a swap of two
// elements (compiler.swap), at most two moves (isCallMove) and the loop's
// increment and test, with tk and fk the test's targets, to one closure;
// it returns the index of the swap's first statement.
func (c *compiler) swapLoopTail(stmts []stmt, cond *node, tk, fk target, header bool) (chainFn, int, bool) {
	n := len(stmts)
	if n < 5 {
		return nil, 0, false
	}
	tl, ok := loopTail(stmts[n-1], cond, fk)
	if !ok || tl.lin {
		return nil, 0, false
	}
	j := n - 1 // the moves are stmts[j:n-1]
	for j > 4 && n-1-j < 2 && isCallMove(stmts[j-1]) {
		j--
	}
	// The swap, the moves and the tail are the whole loop: the closure
	// iterates itself (a self loop).
	tl.self = header && j == 4
	saved := c.notes
	if tl.self {
		c.note("self")
	}
	fn, ok := c.swapTail(stmts[j-4:j], moves(stmts[j:n-1]), tl, tk)
	if !ok {
		c.notes = saved
		return nil, 0, false
	}
	return fn, j - 4, true
}

// condLoop compiles block b, whose superblock is ir, to a loop that
// iterates in one closure (control.go's condLoop) when b is the header of
// a loop whose body is a branch to two blocks, each of them at most
// condLoopMoves moves (isCallMove) and the same loop increment and test,
// jumping back to b. Blocks are compiled last to first, so merged holds
// the superblocks of both branch targets.
func (c *compiler) condLoop(ir blockIR, b *block, merged []blockIR) (chainFn, []line, bool) {
	code := c.code
	t := ir.term
	if len(ir.stmts) != 0 || t.kind != tCond || t.target == t.other || t.target <= b.start || t.other <= b.start {
		return nil, nil, false
	}
	var sides [2][]move
	var tails [2]*tail
	var texts [2]string
	var tailText string
	var back term // the loop's backward branch
	for k, pc := range []int{t.target, t.other} {
		x := merged[code.at[pc].id]
		n := len(x.stmts)
		if x.term.kind != tCond || x.term.target != b.start || n == 0 || n > condLoopMoves+1 {
			return nil, nil, false
		}
		if k == 1 && (x.term.pc != back.pc || x.term.other != back.other) {
			return nil, nil, false
		}
		back = x.term
		for _, s := range x.stmts[:n-1] {
			if !isCallMove(s) {
				return nil, nil, false
			}
			texts[k] += c.fmtStmt(s) + "; "
		}
		tl, ok := loopTail(x.stmts[n-1], x.term.cond, target{})
		if !ok || tl.lin {
			return nil, nil, false
		}
		last := x.stmts[n-1]
		tailText = fmt.Sprintf("r%d = %s; if %s", last.dst, c.fmt(last.n, domInt), c.fmt(x.term.cond, domBool))
		sides[k], tails[k] = moves(x.stmts[:n-1]), tl
	}
	if !tails[0].same(tails[1]) {
		return nil, nil, false
	}
	// The tail's exit (a chain, a block or the function's return) and the
	// header (an edge: backward), as the branches' own chains go to them.
	exit, to := c.branch(b, back.other, back.pc)
	hdr, hto := c.branch(b, b.start, back.pc)
	tl := tails[0]
	tl.f = exit
	desc := fmt.Sprintf("loop: if %s { %s} else { %s}; %s goto %s else %s", c.fmt(t.cond, domBool), texts[0], texts[1], tailText, hto, to)
	c.notes = nil
	n, yes, no := t.cond, sides[0], sides[1]
	for n.op == opNot {
		n, yes, no = n.args[0], no, yes
	}
	if !n.op.info().cmp && isOperand(n) {
		c.note("condloop.leaf")
		return condLoop(leafOf(n), nil, nil, yes, no, tl, hdr), []line{{text: desc, notes: c.notes}}, true
	}
	isYes := &block{}
	cond := c.cond(t.cond, target{b: isYes}, target{b: &block{}})
	c.note("condloop")
	return condLoop(leaf{}, cond, isYes, sides[0], sides[1], tl, hdr), []line{{text: desc, notes: c.notes}}, true
}

// condLoopMoves bounds the moves on each side of a condLoop.
const condLoopMoves = 2

// mergeLimit bounds the statements of a superblock (see build).
const mergeLimit = 16

func blockList(ids []int) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = fmt.Sprintf("b%d", id)
	}
	return strings.Join(s, " ")
}

// branch is where the chain of block from goes to run the block at pc when
// the instruction at pc at branches there: that block's own chain when it
// starts after from (chains call only forwards, so never themselves), back
// to the run loop otherwise. The run loop polls for an interrupt
// (vm.Machine.Poll) before every block it runs; a backward branch returns
// an edge, a copy of its target made once every block is compiled (build),
// whose poll pc is the branch's, as the interpreter's is (the backward jump
// the interpreter polls at).
func (c *compiler) branch(from *block, pc, at int) (target, string) {
	t := c.code.at[pc]
	if t.ret {
		return target{}, "return"
	}
	if t.start > from.start && t.run != nil {
		return target{fn: t.run}, fmt.Sprintf("b%d", t.id)
	}
	if t.start <= from.start {
		if t.start > at && c.back >= 0 {
			// Backward only in the superblock: the loop's back edge is
			// the jump it continued across.
			at = c.back
		}
		e := &block{poll: c.pc(at)}
		c.edges = append(c.edges, [2]*block{e, t})
		return target{b: e}, fmt.Sprintf("^b%d", t.id)
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
		next, to = c.branch(self, t.target, t.pc)
		text = append(text, "goto "+to)
	case tCond:
		tk, tn := c.branch(self, t.target, t.pc)
		fk, fn := c.branch(self, t.other, t.pc)
		desc := fmt.Sprintf("if %s goto %s else %s", c.fmt(t.cond, domBool), tn, fn)
		// The statement and the tail are the loop: the template iterates
		// itself.
		selfLoop := len(stmts) == 2 && t.target == self.start
		if fn, ok := c.scanLoop(stmts, t.cond, tk, fk, t.target == self.start); ok {
			// i = i + d while s[i] cmp v: one closure.
			next = target{fn: fn}
			text = append(text, fmt.Sprintf("%s; %s", c.fmtStmt(stmts[0]), desc))
			stmts = stmts[:0]
			break
		}
		if fn, ok := c.scanFrom(stmts, t, fk); ok {
			// The scan loop's first step, then the loop, in one closure.
			next = target{fn: fn}
			text = append(text, fmt.Sprintf("%s; %s", c.fmtStmt(stmts[len(stmts)-1]), desc))
			stmts = stmts[:len(stmts)-1]
			break
		}
		if fn, ok := c.shiftLoop(stmts, t.cond, tk, fk, t.target == self.start); ok {
			// t = i + k; s[i] = u[t]; and the tail, alone in the loop.
			next = target{fn: fn}
			last := stmts[2]
			text = append(text, fmt.Sprintf("r%d = %s; %s", last.dst, c.fmt(last.n, domInt), desc), c.fmtStmt(stmts[1]))
			notes = append(notes, nil, nil) // the first line's come after the switch
			text = append(text, c.fmtStmt(stmts[0]))
			stmts = stmts[:0]
			break
		}
		if fn, k, ok := c.swapLoopTail(stmts, t.cond, tk, fk, t.target == self.start); ok {
			// A swap, moves, and the tail (the reversal loop): one closure.
			next = target{fn: fn}
			c.note("+tail")
			for i := len(stmts) - 1; i >= k; i-- {
				var ns []string
				if i == k+3 {
					ns = c.notes
				}
				if i == len(stmts)-1 {
					last := stmts[i]
					text = append(text, fmt.Sprintf("r%d = %s; %s", last.dst, c.fmt(last.n, domInt), desc))
				} else {
					text = append(text, c.fmtStmt(stmts[i]))
				}
				if i > k { // the notes of line k come after the switch
					notes = append(notes, ns)
				}
			}
			c.notes = nil
			stmts = stmts[:k]
			break
		}
		if n := len(stmts); n > 1 && carriesTail(stmts[n-2], selfLoop) {
			// The loop's increment and test run at the end of the
			// statement before them.
			if tl, ok := loopTail(stmts[n-1], t.cond, fk); ok && (!tl.lin || templatedStmt(stmts[n-2])) {
				last := stmts[n-1]
				tl.self = selfLoop
				c.tail = tl
				next = target{fn: c.stmt(stmts[n-2], tk)}
				if c.tail != nil {
					panic(fmt.Sprintf("pc %d: the loop tail was not compiled", stmts[n-2].pc))
				}
				text = append(text, fmt.Sprintf("%s; r%d = %s; %s", c.fmtStmt(stmts[n-2]), last.dst, c.fmt(last.n, domInt), desc))
				stmts = stmts[:n-2]
				break
			}
		}
		if len(stmts) > 0 {
			last := stmts[len(stmts)-1]
			fn, ok := c.condSet(last, t.cond, tk, fk)
			if !ok {
				fn, ok = c.condDiv(last, t.cond, tk, fk)
			}
			if ok {
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
		cb := &block{fn: t.in.B(), nregs: code.prog.Funcs[t.in.B()].NumRegs, a: t.in.A(), pc: c.pc(t.pc), poll: c.pc(t.pc), next: code.at[t.target], id: -1, code: code}
		if c.x != nil {
			cb.entry, cb.resume = c.x.entry[t.pc], c.x.resume[t.pc]
		}
		// The run loop makes the call, with the moves just before it and
		// those that start the block after it.
		n := len(stmts)
		for n > 0 && isCallMove(stmts[n-1]) {
			n--
		}
		cb.pre, stmts = moves(stmts[n:]), stmts[:n]
		if cont := c.cont[t.target]; cont != nil {
			cb.post, cb.next = cont.post, cont.rest
		}
		then := fmt.Sprintf("goto b%d", code.at[t.target].id)
		if cb.next == nil {
			then = "return"
		} else if len(cb.post) > 0 {
			then = fmt.Sprintf("goto the rest of b%d", code.at[t.target].id)
		}
		at := ""
		if cb.entry != 0 {
			at = fmt.Sprintf(" at pc %d", cb.entry) // past the guard spliced in
		}
		desc := fmt.Sprintf("%scall %s @%d%s; %s%s", fmtMoves(cb.pre), c.a.prog.Funcs[t.in.B()].Name, t.in.A(), at, fmtMoves(cb.post), then)
		if len(stmts) == 0 {
			// The block is the call.
			*self = block{fn: cb.fn, entry: cb.entry, resume: cb.resume, nregs: cb.nregs, a: cb.a, pc: cb.pc, poll: cb.pc, next: cb.next, pre: cb.pre, post: cb.post, start: self.start, end: self.end, hdr: self.hdr, id: self.id, code: self.code}
			code.calls = append(code.calls, self)
			return nil, []line{{text: desc}}
		}
		code.calls = append(code.calls, cb)
		next = target{b: cb}
		text = append(text, desc)
	case tPrint:
		k, to := c.branch(self, t.target, t.pc)
		c.note("print")
		term = print(t.in.B(), t.in.A(), k)
		text = append(text, fmt.Sprintf("print #%d @%d; goto %s", t.in.B(), t.in.A(), to))
	case tPanic:
		c.note("panic")
		term = panicAt(roff(t.in.A()), t.in.B(), c.pc(t.pc))
		text = append(text, fmt.Sprintf("panic #%d r%d", t.in.B(), t.in.A()))
	case tExit:
		c.note("exit")
		term = exitWith(roff(t.in.A()))
		text = append(text, fmt.Sprintf("exit r%d", t.in.A()))
	case tBail:
		code.bails++
		c.note("bail")
		term = bail(c.pc(t.pc))
		text = append(text, fmt.Sprintf("interpret from pc %d", t.pc))
	}
	if term != nil {
		next = target{fn: term}
	}
	notes = append(notes, c.notes)
	for i := len(stmts) - 1; i >= 0; i-- {
		c.notes = nil
		if fn, n := c.fused(stmts[:i+1], next); fn != nil {
			next = target{fn: fn}
			for k := i; k > i-n; k-- {
				text = append(text, c.fmtStmt(stmts[k]))
				notes = append(notes, c.notes)
				c.notes = nil
			}
			i -= n - 1
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

// fused returns one closure for the statements that end st, when they are
// an idiom with a closure of its own, and how many statements it takes.
func (c *compiler) fused(st []stmt, next target) (chainFn, int) {
	i := len(st) - 1
	if j := i; isMove(st[i]) && i > 0 && isMove(st[i-1]) {
		// A run of moves is one closure.
		for j > 0 && isMove(st[j-1]) {
			j--
		}
		c.note("mv%d", i-j+1)
		return stmtMoves(moves(st[j:]), next), i - j + 1
	}
	if fn, n := c.globalAppend(st, next); fn != nil {
		return fn, n
	}
	if fn, ok := c.globalUpdate(st, next); ok {
		return fn, 3
	}
	if fn, ok := c.modWrap(st, next); ok {
		return fn, 2
	}
	if fn, ok := c.sums(st, next); ok {
		return fn, 2
	}
	if i >= 3 {
		if fn, ok := c.swap(st[i-3:], next); ok {
			return fn, 4
		}
	}
	if i >= 1 {
		if fn, ok := c.pair(st[i-1], st[i], next); ok {
			return fn, 2
		}
	}
	return nil, 0
}

// isMove reports whether a statement stores a register or a constant.
func isMove(s stmt) bool { return s.kind == sSet && isPlain(s.n) }

// isCallMove reports whether a statement is a move or an integer addition
// of registers and constants: the run loop does these around a call
// (block.pre and post) without a closure, so a call's argument n-1, or
// r = a + b after it, costs no closure either.
func isCallMove(s stmt) bool {
	if isMove(s) {
		return true
	}
	if s.kind != sSet {
		return false
	}
	switch n := s.n; n.op {
	case opAdd:
		return isPlain(n.args[0]) && isPlain(n.args[1])
	case opSub:
		return isPlain(n.args[0]) && n.args[1].isConst()
	}
	return false
}

// moves are the moves of statements that are moves or additions
// (isCallMove).
func moves(stmts []stmt) []move {
	var mvs []move
	for _, s := range stmts {
		var x, y leaf
		switch s.n.op {
		case opAdd:
			x, y = leafOf(s.n.args[0]), leafOf(s.n.args[1])
		case opSub:
			x, y = leafOf(s.n.args[0]), constLeaf(-s.n.args[1].k)
		default:
			x = leafOf(s.n)
		}
		mvs = append(mvs, newMove(roff(s.dst), x, y))
	}
	return mvs
}

func fmtMoves(mvs []move) string {
	var b strings.Builder
	for _, mv := range mvs {
		var terms []string
		if mv.xm != 0 {
			terms = append(terms, fmt.Sprintf("r%d", mv.x/8))
		}
		if mv.ym != 0 {
			terms = append(terms, fmt.Sprintf("r%d", mv.y/8))
		}
		if mv.k != 0 || len(terms) == 0 {
			terms = append(terms, fmt.Sprintf("%d", int64(mv.k)))
		}
		fmt.Fprintf(&b, "r%d = %s; ", mv.dst/8, strings.Join(terms, " + "))
	}
	return b.String()
}

// continuation is how a call's run-loop block goes on: the moves that start
// the block after the call, and that block's chain without them (nil when
// it only returns).
type continuation struct {
	post []move
	rest *block
}
