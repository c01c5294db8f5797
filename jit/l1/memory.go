package l1

import (
	"unsafe"

	"github.com/jitvm/jitvm/vm"
	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// Memory: slice elements, globals, and the slice-register operations, with
// the interpreter's bounds checks and errors (vm/interp.go).

// sreg is slice register at byte offset off of the window s.
func sreg(s unsafe.Pointer, off uintptr) *vm.Slice { return (*vm.Slice)(unsafe.Add(s, off)) }

// soff is the byte offset of slice register i in a window.
func soff(i int) uintptr { return uintptr(i) * unsafe.Sizeof(vm.Slice{}) }

func roff(i int) uintptr { return uintptr(i) * 8 }

//go:noinline
func stmtGet(dst, sb uintptr, x leaf, pc int, next target) chainFn {
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		w := sreg(s, sb).W
		i := x.val(r)
		if i < uint64(len(w)) {
			*reg(r, dst) = w[i]
			if next.fn != nil {
				return next.fn(m, r, s)
			}
			return next.b, r, s
		}
		m.Raise(vm.IndexError(int64(i), len(w)), pc)
		return nil, r, s
	}
}

// swap compiles the four statements of s[a], s[b] = s[b], s[a] (a and b
// registers, s a slice register) as the compiler emits them, t1 = s[b];
// t2 = s[a]; s[a] = t1; s[b] = t2, to one closure (fannkuch's and
// quicksort's inner loops). The loads raise as theirs would, in their
// order; the stores cannot fail after them. The temporaries are stored.
func (c *compiler) swap(st []stmt, next target) (chainFn, bool) {
	return c.swapTail(st, nil, nil, next)
}

// swapTail is swap followed by moves mvs and loop tail tl (both may be
// nil): the reversal loop's body, for i, j := 0, n-1; i < j; i, j = i+1,
// j-1 { s[i], s[j] = s[j], s[i] }, in one closure.
func (c *compiler) swapTail(st []stmt, mvs []move, tl *tail, next target) (chainFn, bool) {
	get := func(x stmt) (sl, ix int, ok bool) {
		if x.kind != sSet || x.n.op != opGet || x.n.args[0].op != opReg {
			return 0, 0, false
		}
		return x.n.in.B(), x.n.args[0].reg, true
	}
	set := func(x stmt) (sl, ix, v int, ok bool) {
		if x.kind != sEffect || x.in.Op() != bc.SET || x.args[0].op != opReg || x.args[1].op != opReg {
			return 0, 0, 0, false
		}
		return x.in.A(), x.args[0].reg, x.args[1].reg, true
	}
	s0, b, ok0 := get(st[0])
	s1, a, ok1 := get(st[1])
	s2, a2, v2, ok2 := set(st[2])
	s3, b3, v3, ok3 := set(st[3])
	t1, t2 := st[0].dst, st[1].dst
	if !ok0 || !ok1 || !ok2 || !ok3 || s1 != s0 || s2 != s0 || s3 != s0 ||
		a2 != a || b3 != b || v2 != t1 || v3 != t2 ||
		t1 == a || t1 == b || t2 == a || t2 == b || t1 == t2 {
		return nil, false
	}
	c.note("swap")
	if tl != nil && tl.self {
		if di, dj, onB, ok := reversal(roff(a), roff(b), mvs, tl); ok {
			c.note("reverse")
			return selfReverse(soff(s0), roff(a), roff(b), roff(t1), roff(t2), st[0].n.pc, st[1].n.pc, di, dj, onB, tl, next), true
		}
	}
	return stmtSwap(soff(s0), roff(a), roff(b), roff(t1), roff(t2), st[0].n.pc, st[1].n.pc, mvs, tl, next), true
}

// shiftLoop compiles a loop whose body is t = i + k; s[i] = u[t] and its
// tail on i, for a constant k and slice registers s and u (fannkuch's
// rotation, perm1[i] = perm1[i+1]), to one closure that iterates with i
// and t in Go registers (selfShift). stmts is the loop's block, which
// branches back to itself (header), through t, when its test holds, and
// to f when not.
func (c *compiler) shiftLoop(stmts []stmt, cond *node, t, f target, header bool) (chainFn, bool) {
	if len(stmts) != 3 || !header {
		return nil, false
	}
	add, set := stmts[0], stmts[1]
	tl, ok := loopTail(stmts[2], cond, f)
	if !ok || tl.lin || t.b == nil || add.kind != sSet || add.n.op != opAdd || set.kind != sEffect || set.in.Op() != bc.SET {
		return nil, false
	}
	i, k := add.n.args[0], add.n.args[1]
	if i.op != opReg {
		i, k = k, i
	}
	ix, v := set.args[0], set.args[1]
	if i.op != opReg || !k.isConst() || ix.op != opReg || ix.reg != i.reg || v.op != opGet ||
		v.args[0].op != opReg || v.args[0].reg != add.dst || add.dst == i.reg || tl.d != roff(i.reg) {
		return nil, false
	}
	// The step and the bound are read once per batch: the loop writes
	// only i and t.
	for _, l := range []leaf{tl.inc, tl.bound} {
		if l.mask != 0 && l.off == roff(add.dst) {
			return nil, false
		}
	}
	tl.self = true
	c.note("self")
	c.note("shift")
	c.note("+tail")
	return selfShift(soff(set.in.A()), soff(v.in.B()), roff(i.reg), roff(add.dst), k.k, v.pc, set.pc, tl, t), true
}

// scanLoop compiles a loop whose block is i = i + d and a branch back to
// itself while s[i] cmp v (or v cmp s[i]) holds, for an int comparison, a
// slice register s and values d and v the loop does not change
// (quicksort's for i++; s[i] < pivot; i++ {}), to one closure that
// iterates with i in a Go register (selfScan). t is the branch back, f
// where the loop ends.
func (c *compiler) scanLoop(stmts []stmt, cond *node, t, f target, header bool) (chainFn, bool) {
	if len(stmts) != 1 || !header || t.b == nil || !cond.op.info().cmp || cond.op.info().in != domInt {
		return nil, false
	}
	add := stmts[0]
	if add.kind != sSet || add.n.op != opAdd {
		return nil, false
	}
	i, d := add.n.args[0], add.n.args[1]
	if !(i.op == opReg && i.reg == add.dst) {
		i, d = d, i
	}
	if !(i.op == opReg && i.reg == add.dst) || !isPlain(d) || d.op == opReg && d.reg == i.reg {
		return nil, false
	}
	cmp, e, v := cond.op, cond.args[0], cond.args[1]
	if e.op != opGet {
		cmp, e, v = swapCmp[cmp], v, e
	}
	if e.op != opGet || e.args[0].op != opReg || e.args[0].reg != i.reg || !isPlain(v) || v.op == opReg && v.reg == i.reg {
		return nil, false
	}
	c.note("self")
	c.note("scan")
	// The loop's test, s[i] cmp v, as a loop tail's: its counter is the
	// element.
	tl := newTail(roff(i.reg), leafOf(d), leafOf(v), cmp, f)
	return selfScan(soff(e.in.B()), e.pc, tl, t), true
}

// scanFrom compiles the end of a block that is the first step of a scan
// loop (scanLoop) at another block: the statements end with i = i + d and
// the branch is the loop's own test, which goes to the loop when it
// holds. quicksort's for i++; s[i] < pivot; i++ {} steps once before the
// loop, in the block before it and at the end of the swap that loops back
// to it. The step and the loop are then one closure (selfScan), which
// hands a batch's end to the loop's block, through an edge that polls at
// the test as the loop's back edge does.
func (c *compiler) scanFrom(stmts []stmt, t term, f target) (chainFn, bool) {
	if len(stmts) == 0 {
		return nil, false
	}
	// The loop's block runs one statement and then this very test (the
	// same instruction, so the same targets).
	st, loop, ok := c.step(t.target)
	if !ok || loop.kind != tCond || loop.pc != t.pc || !sameStep(st, stmts[len(stmts)-1]) {
		return nil, false
	}
	e := &block{poll: c.pc(t.pc)}
	c.edges = append(c.edges, [2]*block{e, c.code.at[t.target]})
	return c.scanLoop([]stmt{st}, t.cond, target{b: e}, f, true)
}

// step returns the one statement and the terminator that the block at pc
// runs before it branches: its own and those of the blocks it jumps to
// unconditionally (the superblock build merges).
func (c *compiler) step(pc int) (stmt, term, bool) {
	var sts []stmt
	seen := map[int]bool{}
	for {
		b := c.code.at[pc]
		if b == nil || seen[b.id] {
			return stmt{}, term{}, false
		}
		seen[b.id] = true
		ir := c.irs[b.id]
		sts = append(sts, ir.stmts...)
		if len(sts) > 1 {
			return stmt{}, term{}, false
		}
		if ir.term.kind != tJump {
			if len(sts) != 1 {
				return stmt{}, term{}, false
			}
			return sts[0], ir.term, true
		}
		pc = ir.term.target
	}
}

// sameStep reports whether statements a and b are the same i = i + d: the
// same register and the same plain operands.
func sameStep(a, b stmt) bool {
	if a.kind != sSet || b.kind != sSet || a.dst != b.dst || a.n.op != opAdd || b.n.op != opAdd {
		return false
	}
	same := func(x, y *node) bool {
		return isPlain(x) && isPlain(y) && x.op == y.op && x.reg == y.reg && x.k == y.k
	}
	return same(a.n.args[0], b.n.args[0]) && same(a.n.args[1], b.n.args[1])
}

// selfScan runs the loop scanLoop matched: i += d while s[i] cmp v, up to
// selfBatch iterations, with i in a Go register, written back where it
// leaves: at the loop's end, at the batch's, and before an index error.
//
//go:noinline
func selfScan(sl uintptr, pc int, tl *tail, next target) chainFn {
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		w := sreg(s, sl).W
		d, v := tl.inc.val(r), tl.bound.val(r)
		i := *reg(r, tl.d)
		for iter := selfBatch - 1; ; iter-- {
			i += d
			if i >= uint64(len(w)) {
				*reg(r, tl.d) = i
				m.Raise(vm.IndexError(int64(i), len(w)), pc)
				return nil, r, s
			}
			if !tl.test(w[i], v) {
				*reg(r, tl.d) = i
				return tl.exit(m, r, s)
			}
			if iter == 0 {
				*reg(r, tl.d) = i
				return next.b, r, s
			}
		}
	}
}

// selfShift runs the loop shiftLoop matched: s[i] = u[i+k] while the
// tail's test holds, up to selfBatch iterations, with i and t = i+k in Go
// registers, written back where it leaves: at the loop's end, at the
// batch's, and before an index error (u[t]'s first, as the GET comes
// before the SET).
//
//go:noinline
func selfShift(ssl, usl, ri, rt uintptr, k uint64, pcGet, pcSet int, tl *tail, next target) chainFn {
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		w, u := sreg(s, ssl).W, sreg(s, usl).W
		inc, bound := tl.inc.val(r), tl.bound.val(r)
		i := *reg(r, ri)
		for iter := selfBatch - 1; ; iter-- {
			t := i + k
			if t >= uint64(len(u)) {
				*reg(r, ri), *reg(r, rt) = i, t
				m.Raise(vm.IndexError(int64(t), len(u)), pcGet)
				return nil, r, s
			}
			if i >= uint64(len(w)) {
				*reg(r, ri), *reg(r, rt) = i, t
				m.Raise(vm.IndexError(int64(i), len(w)), pcSet)
				return nil, r, s
			}
			w[i] = u[t]
			i += inc
			if !tl.test(i, bound) {
				*reg(r, ri), *reg(r, rt) = i, t
				return tl.exit(m, r, s)
			}
			if iter == 0 {
				*reg(r, ri), *reg(r, rt) = i, t
				return next.b, r, s
			}
		}
	}
}

//go:noinline
func stmtSwap(sl, ra, rb, t1, t2 uintptr, pcb, pca int, mvs []move, tl *tail, next target) chainFn {
	if tl != nil && tl.self {
		return selfSwap(sl, ra, rb, t1, t2, pcb, pca, mvs, tl, next)
	}
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		if w := sreg(s, sl).W; !swap(w, r, ra, rb, t1, t2) {
			swapFail(m, w, r, ra, rb, t1, pcb, pca)
			return nil, r, s
		}
		k := next
		if tl != nil {
			doMoves(mvs, r)
			if !tl.test(tl.next(r), tl.bound.val(r)) {
				k = tl.f
			}
		}
		if k.fn != nil {
			return k.fn(m, r, s)
		}
		return k.b, r, s
	}
}

// swap runs the swap's four statements, t1 = w[j]; t2 = w[i]; w[i] = t1;
// w[j] = t2 (i and j in registers ra and rb), and reports whether they
// ran: if not, an index is out of range, and the caller raises its error
// (swapFail). It is within Go's inlining budget.
func swap(w []uint64, r ptr, ra, rb, t1, t2 uintptr) bool {
	j, i := *reg(r, rb), *reg(r, ra)
	if max(i, j) >= uint64(len(w)) {
		return false
	}
	x, y := w[j], w[i]
	*reg(r, t1), *reg(r, t2) = x, y
	w[i], w[j] = x, y
	return true
}

// swapFail raises the index error of the swap's first failing statement:
// w[j]'s, at pcb, or else w[i]'s, at pca, after the load of w[j] into t1
// that comes before it.
//
//go:noinline
func swapFail(m *vm.Machine, w []uint64, r ptr, ra, rb, t1 uintptr, pcb, pca int) {
	j, i := *reg(r, rb), *reg(r, ra)
	if j >= uint64(len(w)) {
		m.Raise(vm.IndexError(int64(j), len(w)), pcb)
		return
	}
	*reg(r, t1) = w[j]
	m.Raise(vm.IndexError(int64(i), len(w)), pca)
}

// selfSwap is stmtSwap's closure for a reversal loop that is the swap,
// the moves and the tail (tl.self): it iterates itself, up to selfBatch
// times, with the slice looked up once per batch (nothing in the loop
// writes a slice register).
//
//go:noinline
func selfSwap(sl, ra, rb, t1, t2 uintptr, pcb, pca int, mvs []move, tl *tail, next target) chainFn {
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		w := sreg(s, sl).W
		for iter := selfBatch - 1; ; iter-- {
			if !swap(w, r, ra, rb, t1, t2) {
				swapFail(m, w, r, ra, rb, t1, pcb, pca)
				return nil, r, s
			}
			doMoves(mvs, r)
			if !tl.test(tl.next(r), tl.bound.val(r)) {
				return tl.exit(m, r, s)
			}
			if iter == 0 {
				return next.b, r, s
			}
		}
	}
}

// reversal reports whether a self swap loop steps its two indices by
// constants, one in the move and the other in the tail, whose test
// compares them (fannkuch's i, j = i+1, j-1 while i < j): then it runs
// with both in Go registers (selfReverse). di and dj are the steps of the
// indices in registers ra and rb, and onB is true when rb is the tail's
// counter.
func reversal(ra, rb uintptr, mvs []move, tl *tail) (di, dj uint64, onB, ok bool) {
	if ra == rb || len(mvs) != 1 || tl.inc.mask != 0 || tl.bound.mask == 0 || tl.bound.el != elNone {
		return 0, 0, false, false
	}
	mv := mvs[0]
	if mv.x != mv.dst || mv.xm == 0 || mv.ym != 0 || tl.bound.off != mv.dst {
		return 0, 0, false, false
	}
	switch {
	case mv.dst == ra && tl.d == rb:
		return mv.k, tl.inc.k, true, true
	case mv.dst == rb && tl.d == ra:
		return tl.inc.k, mv.k, false, true
	}
	return 0, 0, false, false
}

// selfReverse is selfSwap for a reversal (see reversal): the indices i
// and j, and the temporaries, stay in Go registers for a batch, and go
// back to the frame when the loop ends, when the batch does, and before
// an index error is raised.
//
//go:noinline
func selfReverse(sl, ra, rb, t1, t2 uintptr, pcb, pca int, di, dj uint64, onB bool, tl *tail, next target) chainFn {
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		w := sreg(s, sl).W
		i, j := *reg(r, ra), *reg(r, rb)
		x, y := *reg(r, t1), *reg(r, t2)
		for iter := selfBatch - 1; ; iter-- {
			if max(i, j) >= uint64(len(w)) {
				*reg(r, ra), *reg(r, rb), *reg(r, t1), *reg(r, t2) = i, j, x, y
				swapFail(m, w, r, ra, rb, t1, pcb, pca)
				return nil, r, s
			}
			x, y = w[j], w[i]
			w[i], w[j] = x, y
			i += di
			j += dj
			v, z := i, j
			if onB {
				v, z = j, i
			}
			if !tl.test(v, z) {
				*reg(r, ra), *reg(r, rb), *reg(r, t1), *reg(r, t2) = i, j, x, y
				return tl.exit(m, r, s)
			}
			if iter == 0 {
				*reg(r, ra), *reg(r, rb), *reg(r, t1), *reg(r, t2) = i, j, x, y
				return next.b, r, s
			}
		}
	}
}

//go:noinline
func stmtGLoad(dst uintptr, g int, x leaf, pc int, next target) chainFn {
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		_, gs := m.Globals()
		w := gs[g].W
		i := x.val(r)
		if i < uint64(len(w)) {
			*reg(r, dst) = w[i]
			if next.fn != nil {
				return next.fn(m, r, s)
			}
			return next.b, r, s
		}
		m.Raise(vm.IndexError(int64(i), len(w)), pc)
		return nil, r, s
	}
}

//go:noinline
func stmtGet2(dst, sb uintptr, x, y leaf, pc int, next target) chainFn {
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		ss := sreg(s, sb).S
		i := x.val(r)
		j := y.val(r)
		if i < uint64(len(ss)) {
			w := ss[i].W
			if j < uint64(len(w)) {
				*reg(r, dst) = w[j]
				if next.fn != nil {
					return next.fn(m, r, s)
				}
				return next.b, r, s
			}
		}
		m.Raise(vm.Index2Error(ss, i, j), pc)
		return nil, r, s
	}
}

//go:noinline
func stmtGetG(dst uintptr, g int, next target) chainFn {
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		gv, _ := m.Globals()
		*reg(r, dst) = gv[g]
		if next.fn != nil {
			return next.fn(m, r, s)
		}
		return next.b, r, s
	}
}

// stmtSliceInfo stores len, cap or isnil of a slice register.
//
//go:noinline
func stmtSliceInfo(o iop, dst, sb uintptr, next target) chainFn {
	switch o {
	case opLen:
		return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
			*reg(r, dst) = uint64(sreg(s, sb).Len())
			if next.fn != nil {
				return next.fn(m, r, s)
			}
			return next.b, r, s
		}
	case opCap:
		return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
			*reg(r, dst) = uint64(sreg(s, sb).Cap())
			if next.fn != nil {
				return next.fn(m, r, s)
			}
			return next.b, r, s
		}
	}
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		*reg(r, dst) = b2w(sreg(s, sb).IsNil())
		if next.fn != nil {
			return next.fn(m, r, s)
		}
		return next.b, r, s
	}
}

// Stores.

//go:noinline
func stmtSet(sa uintptr, x, v leaf, pc int, next target) chainFn {
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		w := sreg(s, sa).W
		i := x.val(r)
		val := v.val(r)
		if v.el != elNone {
			val = v.elem(m, s, val)
		}
		if i < uint64(len(w)) {
			w[i] = val
			if next.fn != nil {
				return next.fn(m, r, s)
			}
			return next.b, r, s
		}
		m.Raise(vm.IndexError(int64(i), len(w)), pc)
		return nil, r, s
	}
}

//go:noinline
func stmtSetG(g int, v leaf, next target) chainFn {
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		val := v.val(r)
		if v.el != elNone {
			val = v.elem(m, s, val)
		}
		gv, _ := m.Globals()
		gv[g] = val
		if next.fn != nil {
			return next.fn(m, r, s)
		}
		return next.b, r, s
	}
}

//go:noinline
func stmtGStore(g int, x, v leaf, pc int, next target) chainFn {
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		_, gs := m.Globals()
		w := gs[g].W
		i := x.val(r)
		val := v.val(r)
		if v.el != elNone {
			val = v.elem(m, s, val)
		}
		if i < uint64(len(w)) {
			w[i] = val
			if next.fn != nil {
				return next.fn(m, r, s)
			}
			return next.b, r, s
		}
		m.Raise(vm.IndexError(int64(i), len(w)), pc)
		return nil, r, s
	}
}

//go:noinline
func stmtSet2(sa uintptr, x, y, v leaf, pc int, next target) chainFn {
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		ss := sreg(s, sa).S
		i := x.val(r)
		j := y.val(r)
		val := v.val(r)
		if v.el != elNone {
			val = v.elem(m, s, val)
		}
		if i < uint64(len(ss)) {
			w := ss[i].W
			if j < uint64(len(w)) {
				w[j] = val
				if next.fn != nil {
					return next.fn(m, r, s)
				}
				return next.b, r, s
			}
		}
		m.Raise(vm.Index2Error(ss, i, j), pc)
		return nil, r, s
	}
}

// sliceOp compiles an instruction that reads and writes slice registers (or
// copies elements): its operands are registers, never trees.
//
//go:noinline
func sliceOp(in bc.Instr, pc int, next target) chainFn {
	a, b, c := in.A(), in.B(), in.C()
	sa, sb, sc := soff(a), soff(b), soff(c)
	ra, rb, rc := roff(a), roff(b), roff(c)
	switch in.Op() {
	case bc.MOVES:
		return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
			*sreg(s, sa) = *sreg(s, sb)
			if next.fn != nil {
				return next.fn(m, r, s)
			}
			return next.b, r, s
		}
	case bc.LOADNIL:
		return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
			*sreg(s, sa) = vm.Slice{}
			if next.fn != nil {
				return next.fn(m, r, s)
			}
			return next.b, r, s
		}
	case bc.GETGS:
		return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
			_, gs := m.Globals()
			*sreg(s, sa) = gs[b]
			if next.fn != nil {
				return next.fn(m, r, s)
			}
			return next.b, r, s
		}
	case bc.SETGS:
		return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
			_, gs := m.Globals()
			gs[b] = *sreg(s, sa)
			if next.fn != nil {
				return next.fn(m, r, s)
			}
			return next.b, r, s
		}
	case bc.GETS:
		return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
			ss := sreg(s, sb).S
			i := *reg(r, rc)
			if i >= uint64(len(ss)) {
				m.Raise(vm.IndexError(int64(i), len(ss)), pc)
			}
			*sreg(s, sa) = ss[i]
			if next.fn != nil {
				return next.fn(m, r, s)
			}
			return next.b, r, s
		}
	case bc.SETS:
		return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
			ss := sreg(s, sa).S
			i := *reg(r, rb)
			if i >= uint64(len(ss)) {
				m.Raise(vm.IndexError(int64(i), len(ss)), pc)
			}
			ss[i] = *sreg(s, sc)
			if next.fn != nil {
				return next.fn(m, r, s)
			}
			return next.b, r, s
		}
	case bc.MAKE:
		k := bc.ElemKind(c)
		return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
			sl, err := m.MakeSlice(k, int64(*reg(r, rb)), int64(*reg(r, rb+8)), pc)
			if err != nil {
				m.Raise(err, pc)
			}
			*sreg(s, sa) = sl
			if next.fn != nil {
				return next.fn(m, r, s)
			}
			return next.b, r, s
		}
	case bc.APPEND:
		n, k := c>>2, bc.ElemKind(c&3)
		if k == bc.ElemSlice {
			return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
				*sreg(s, sa) = m.AppendSlices(*sreg(s, sa), unsafe.Slice(sreg(s, sb), n), pc)
				if next.fn != nil {
					return next.fn(m, r, s)
				}
				return next.b, r, s
			}
		}
		return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
			m.AppendWordsTo(sreg(s, sa), k, unsafe.Slice(reg(r, rb), n), pc)
			if next.fn != nil {
				return next.fn(m, r, s)
			}
			return next.b, r, s
		}
	case bc.APPSL:
		if k := bc.ElemKind(c); k == bc.ElemSlice {
			return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
				*sreg(s, sa) = m.AppendSlices(*sreg(s, sa), sreg(s, sb).S, pc)
				if next.fn != nil {
					return next.fn(m, r, s)
				}
				return next.b, r, s
			}
		}
		k := bc.ElemKind(c)
		return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
			m.AppendWordsTo(sreg(s, sa), k, sreg(s, sb).W, pc)
			if next.fn != nil {
				return next.fn(m, r, s)
			}
			return next.b, r, s
		}
	case bc.SLICE, bc.SLICE3:
		three := in.Op() == bc.SLICE3
		return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
			x := *sreg(s, sb)
			lo, hi := int64(*reg(r, rc)), int64(*reg(r, rc+8))
			mx := int64(x.Cap())
			if three {
				mx = int64(*reg(r, rc+16))
			}
			if mx < 0 || mx > int64(x.Cap()) || hi < 0 || hi > mx || lo < 0 || lo > hi {
				m.Raise(vm.SliceError(lo, hi, mx, three, x.Len(), x.Cap()), pc)
			}
			if x.S != nil {
				*sreg(s, sa) = vm.Slice{S: x.S[lo:hi:mx]}
			} else {
				*sreg(s, sa) = vm.Slice{W: x.W[lo:hi:mx]}
			}
			if next.fn != nil {
				return next.fn(m, r, s)
			}
			return next.b, r, s
		}
	case bc.COPY:
		return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
			d, src := sreg(s, sb), sreg(s, sc)
			if d.S != nil || src.S != nil {
				*reg(r, ra) = uint64(copy(d.S, src.S))
			} else {
				*reg(r, ra) = uint64(copy(d.W, src.W))
			}
			if next.fn != nil {
				return next.fn(m, r, s)
			}
			return next.b, r, s
		}
	}
	return nil
}

// Self loops (tail.self) of element loads and stores: the loop is the
// statement and its tail, and the closure iterates it, up to selfBatch
// times before it returns the loop's header (next, a backward branch) to
// the run loop. The slice is el's, a slice register or a global, and an
// index error is raised with el's pc. Nothing in the loop can change the
// slice (the statement writes a scalar register or an element, the tail a
// scalar register), so its header is read once, before the loop.

// selfLoad is the loop of R(dst) = S[x] with tail tl.
//
//go:noinline
func selfLoad(dst uintptr, el elem, x leaf, next target, tl *tail) chainFn {
	sl := leaf{el: el}
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		w := sl.slice(m, s)
		for iter := selfBatch - 1; ; iter-- {
			i := x.val(r)
			if i >= uint64(len(w)) {
				return sl.fail(m, i, w)
			}
			*reg(r, dst) = w[i]
			if !tl.test(tl.next(r), tl.bound.val(r)) {
				return tl.exit(m, r, s)
			}
			if iter == 0 {
				return next.b, r, s
			}
		}
	}
}

// selfStore is the loop of S[x] = v with tail tl.
//
//go:noinline
func selfStore(el elem, x, v leaf, next target, tl *tail) chainFn {
	// A fill is the counted self loop of a store whose value is not an
	// element: countedKinds's destination bit alone.
	if kinds, ok := countedKinds(dest{el: el, ix: x.off}, tl, v); x.mask != 0 && ok && kinds == 1<<1 {
		return selfFill(el, v, next, tl)
	}
	sl := leaf{el: el}
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		w := sl.slice(m, s)
		for iter := selfBatch - 1; ; iter-- {
			i := x.val(r)
			val := v.val(r)
			if v.el != elNone {
				val = v.elem(m, s, val)
			}
			if i >= uint64(len(w)) {
				return sl.fail(m, i, w)
			}
			w[i] = val
			if !tl.test(tl.next(r), tl.bound.val(r)) {
				return tl.exit(m, r, s)
			}
			if iter == 0 {
				return next.b, r, s
			}
		}
	}
}

// selfFill is selfStore's loop when it fills: the index is the loop's
// counter, and the value, the step and the bound are registers the loop
// does not write, or constants (sieve's composite[j] = true, j += i; a
// slice cleared). The counter is kept in a Go register (and stored back
// each iteration, so the frame is exact wherever the loop stops); the
// value, step and bound are read once per batch.
//
//go:noinline
func selfFill(el elem, v leaf, next target, tl *tail) chainFn {
	sl, d := leaf{el: el}, tl.d
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		w := sl.slice(m, s)
		val, inc, bound := v.val(r), tl.inc.val(r), tl.bound.val(r)
		i := *reg(r, d)
		for iter := selfBatch - 1; ; iter-- {
			if i >= uint64(len(w)) {
				return sl.fail(m, i, w)
			}
			w[i] = val
			i += inc
			*reg(r, d) = i
			if !tl.test(i, bound) {
				return tl.exit(m, r, s)
			}
			if iter == 0 {
				return next.b, r, s
			}
		}
	}
}

// globalAppend matches g = append(g, v) on a global slice g at the end
// of st, as the front end compiles it: GETGS sx g, at most one move of v
// into the register the APPEND reads, APPEND sx (one scalar), MOVES sy sx,
// SETGS sy g. It returns one closure for them (stmtGAppend) and how many
// statements it takes. Four closures, a slice register written back whole
// and a global read and written were a third of the examples' bintrees at
// L1 (newNode).
func (c *compiler) globalAppend(st []stmt, next target) (chainFn, int) {
	op := func(i int, o bc.Op) bool { return i >= 0 && st[i].kind == sEffect && st[i].in.Op() == o }
	n := len(st)
	if !op(n-1, bc.SETGS) || !op(n-2, bc.MOVES) || !op(n-3, bc.APPEND) {
		return nil, 0
	}
	set, mvs, app := st[n-1].in, st[n-2].in, st[n-3].in
	i := n - 4 // the GETGS, or the move before the APPEND
	v := plainLeaf(leafReg(app.B()))
	if i >= 0 && isMove(st[i]) {
		if st[i].dst != app.B() {
			return nil, 0
		}
		v = leafOf(st[i].n)
		i--
	}
	if !op(i, bc.GETGS) {
		return nil, 0
	}
	g, sx := st[i].in.B(), st[i].in.A()
	k := bc.ElemKind(app.C() & 3)
	if app.A() != sx || app.C()>>2 != 1 || k == bc.ElemSlice || mvs.B() != sx || set.A() != mvs.A() || set.B() != g {
		return nil, 0
	}
	c.note("gappend")
	return stmtGAppend(g, soff(sx), soff(mvs.A()), roff(app.B()), v, k, st[n-3].pc, next), n - i
}

// stmtGAppend is g = append(g, v) through slice registers sx and sy, which
// it leaves as the bytecode does (both hold the result), as it leaves v in
// register d, the one the APPEND reads. It appends to the global itself:
// the same array, the same growth and the same charge to the heap limit as
// appending to its copy in sx.
//
//go:noinline
func stmtGAppend(g int, sx, sy, d uintptr, v leaf, k bc.ElemKind, pc int, next target) chainFn {
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		*reg(r, d) = v.val(r)
		_, gs := m.Globals()
		p := &gs[g]
		m.AppendWordsTo(p, k, unsafe.Slice(reg(r, d), 1), pc)
		*sreg(s, sx) = *p
		*sreg(s, sy) = *p
		if next.fn != nil {
			return next.fn(m, r, s)
		}
		return next.b, r, s
	}
}

// globalUpdate matches, at the end of st, r = G(g); t = r + x; G(h) = t,
// with x a register or a constant (or t = r - x, x a register), and r and
// t dead after (each read once, by the next statement: feeds), and
// returns one closure for the three (stmtSetGAdd): calls++, total += x.
// The tree builder cannot fuse them: a global is no template operand.
func (c *compiler) globalUpdate(st []stmt, next target) (chainFn, bool) {
	if len(st) < 3 {
		return nil, false
	}
	get, upd, set := st[len(st)-3], st[len(st)-2], st[len(st)-1]
	if get.kind != sSet || get.n.op != opGetG || upd.kind != sSet || set.kind != sEffect || set.in.Op() != bc.SETG {
		return nil, false
	}
	u := upd.n
	// (The front end subtracts a constant by adding its negation.)
	if u.op != opAdd && (u.op != opSub || u.args[1].op != opReg) || u.args[0].op != opReg || u.args[0].reg != get.dst || !isPlain(u.args[1]) ||
		set.args[0].op != opReg || set.args[0].reg != upd.dst ||
		!c.feeds(get, upd) || !c.feeds(upd, set) {
		return nil, false
	}
	c.note("setg.add")
	return stmtSetGAdd(set.in.B(), get.n.in.B(), plainLeaf(u.args[1]), u.op == opSub, next), true
}

// stmtSetGAdd is G(g) = G(src) + x, or - x with sub (x a register).
//
//go:noinline
func stmtSetGAdd(g, src int, x leaf, sub bool, next target) chainFn {
	return func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
		gv, _ := m.Globals()
		d := x.val(r)
		if sub {
			d = -d
		}
		gv[g] = gv[src] + d
		if next.fn != nil {
			return next.fn(m, r, s)
		}
		return next.b, r, s
	}
}
