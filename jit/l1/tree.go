package l1

import (
	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// This file turns a basic block into statements over expression trees.
//
// A register definition whose only reader is a later instruction of the same
// block (analysis.consumer) is not stored: it stays pending, and its reader
// takes its tree as an operand. The reordering this implies is kept exact:
//
//   - a pending tree is evaluated before any definition, stored or pending,
//     of a register it reads (flush on write);
//   - an instruction that can raise an error, or has an effect, is not
//     evaluated before an older pending tree that can raise (errors come in
//     bytecode order), nor before an older one that reads memory if it
//     writes memory;
//   - the trees one instruction consumes are evaluated in its operand order,
//     which must agree with bytecode order for those that can raise.
//
// When a rule would be broken the pending trees are flushed: stored to their
// registers, in bytecode order, as the bytecode itself does.

// node is an expression tree.
type node struct {
	op   iop
	pc   int      // the instruction that computes it (leaves: -1)
	in   bc.Instr // that instruction, for operands that are not trees
	reg  int      // opReg
	k    uint64   // opConst
	args []*node

	risky  bool // the tree contains an operation that can raise an error
	mem    bool // the tree reads memory that effects can change
	lo, hi int  // pcs of the first and last operations that can raise
}

func leafReg(r int) *node      { return &node{op: opReg, pc: -1, reg: r} }
func leafConst(k uint64) *node { return &node{op: opConst, pc: -1, k: k} }

// reads reports whether the tree reads scalar register r.
func (n *node) reads(r int) bool {
	if n.op == opReg {
		return n.reg == r
	}
	for _, a := range n.args {
		if a.reads(r) {
			return true
		}
	}
	return false
}

// isLeaf reports whether the tree is a register or a constant.
func (n *node) isLeaf() bool { return n.op == opReg || n.op == opConst }

func (n *node) isConst() bool { return n.op == opConst }

type stmtKind uint8

const (
	sSet    stmtKind = iota // R(dst) = n
	sEffect                 // instruction in, with its scalar operands as trees (args)
)

// stmt is one statement of a block.
type stmt struct {
	kind stmtKind
	dst  int
	n    *node
	pc   int
	xpc  int // pc in the expanded code, the analysis's (pc is the function's)
	in   bc.Instr
	args []*node
}

type termKind uint8

const (
	tJump  termKind = iota // to block target
	tCond                  // if cond then target else other
	tRet                   // return
	tCall                  // CALL in, then the next block
	tPrint                 // PRINT in, then the next block
	tPanic                 // PANIC
	tExit                  // EXIT
	tBail                  // hand the frame to the interpreter at pc
)

// term ends a block.
type term struct {
	kind   termKind
	pc     int
	in     bc.Instr
	cond   *node
	target int // pc
	other  int // pc (tCond: when the condition is false)
	arg    *node
}

// blockIR is a basic block as statements and a terminator.
type blockIR struct {
	start, end int
	stmts      []stmt
	term       term
}

// pending is a definition not stored yet: register reg, defined at pc.
type pending struct {
	reg, pc int
	n       *node
}

// builder builds the statements of one block.
type builder struct {
	a     *analysis
	out   []stmt
	pend  []pending
	bails func(bc.Op) bool // instructions to leave to the interpreter (tests)
}

func (b *builder) emit(s stmt) { b.out = append(b.out, s) }

// flushTo stores the pending trees pend[0..i] to their registers, in order.
func (b *builder) flushTo(i int) {
	for _, p := range b.pend[:i+1] {
		b.emit(stmt{kind: sSet, dst: p.reg, n: p.n, pc: p.pc})
	}
	b.pend = append(b.pend[:0], b.pend[i+1:]...)
}

// flushFor stores pend[i] and the pending trees before it that are not
// constants, in order: a pending constant reads no register and cannot
// fail, so it may stay pending for its consumer (1.0 in 1.0/x stays an
// operand however the trees between the two are stored).
func (b *builder) flushFor(i int) {
	keep := b.pend[:0]
	for j, p := range b.pend {
		if j > i || (j < i && p.n.isConst()) {
			keep = append(keep, p)
			continue
		}
		b.emit(stmt{kind: sSet, dst: p.reg, n: p.n, pc: p.pc})
	}
	b.pend = keep
}

func (b *builder) flushAll() {
	if len(b.pend) > 0 {
		b.flushTo(len(b.pend) - 1)
	}
}

// flushReaders flushes the pending trees that read register r, before the
// instruction at pc stores r; the trees pc consumes are evaluated before its
// store and may stay.
func (b *builder) flushReaders(r, pc int) {
	for i := len(b.pend) - 1; i >= 0; i-- {
		if b.a.consumer[b.pend[i].pc] != pc && b.pend[i].n.reads(r) {
			b.flushFor(i)
			return
		}
	}
}

// operands returns the operand trees of the instruction at pc, for its
// scalar registers regs: the pending tree of a register whose consumer is
// pc, a register leaf otherwise. risky and effect describe the instruction
// itself, and fit says whether operands make a tree one closure covers;
// pending says the instruction's own tree stays pending: it is evaluated
// later, and the ordering rules apply where it is. It flushes pending trees
// as the ordering rules and fit require.
func (b *builder) operands(pc int, regs []int, risky, effect, pending bool, fit func([]*node) bool) []*node {
	for {
		args := make([]*node, len(regs))
		idx := make([]int, len(regs)) // index in pend of a consumed tree, or -1
		consumedRisky := false
		for i, r := range regs {
			idx[i] = -1
			args[i] = leafReg(r)
			for j := len(b.pend) - 1; j >= 0; j-- {
				if b.pend[j].reg == r && b.a.consumer[b.pend[j].pc] == pc {
					idx[i] = j
					args[i] = b.pend[j].n
					consumedRisky = consumedRisky || args[i].risky
					break
				}
			}
		}
		taken := func(j int) bool {
			for _, x := range idx {
				if x == j {
					return true
				}
			}
			return false
		}
		// An older unconsumed tree that can raise must be evaluated first
		// if this instruction, or a tree it consumes, can raise; one that
		// reads memory, if this instruction writes memory.
		conflict := -1
		if !pending && (risky || effect || consumedRisky) {
			for j := len(b.pend) - 1; j >= 0; j-- {
				if !taken(j) && (b.pend[j].n.risky || effect && b.pend[j].n.mem) {
					conflict = j
					break
				}
			}
		}
		// Keep the trees that fit. Rejecting a tree flushes it and every
		// older pending tree, so the choice is a threshold: keep the trees
		// newer than it, the most that fit (registers and constants, which
		// need no closure, always stay).
		if conflict < 0 && !fit(args) {
			for _, th := range idx {
				if th < 0 {
					continue
				}
				trial := make([]*node, len(args))
				for i, n := range args {
					trial[i] = n
					if idx[i] >= 0 && idx[i] <= th {
						trial[i] = leafReg(regs[i])
					}
				}
				if fit(trial) && (conflict < 0 || th < conflict) {
					conflict = th
				}
			}
			if conflict < 0 {
				for _, x := range idx {
					conflict = max(conflict, x)
				}
			}
		}
		// The consumed trees that can raise must be in bytecode order.
		if conflict < 0 {
			last := -1
			for i, n := range args {
				if idx[i] >= 0 && n.risky {
					if n.lo < last {
						for _, x := range idx {
							conflict = max(conflict, x)
						}
						break
					}
					last = n.hi
				}
			}
		}
		if conflict < 0 {
			// Remove the consumed trees from the pending list.
			keep := b.pend[:0]
			for j, p := range b.pend {
				if !taken(j) {
					keep = append(keep, p)
				}
			}
			b.pend = keep
			return args
		}
		b.flushFor(conflict)
	}
}

// storeFits reports whether a store's operand trees fit its closure:
// registers and constants, and for the stored value (the last operand) any
// template operand. SET and GSTORE at a register index also store the value
// of any tree with templates that fits (the templates' element
// destination).
func storeFits(op bc.Op) func(args []*node) bool {
	return func(args []*node) bool {
		v := args[len(args)-1]
		if (op == bc.SET || op == bc.GSTORE) && args[0].op == opReg && templated(v) && fits(v) {
			return true
		}
		for i, a := range args {
			if !isPlain(a) && !(i == len(args)-1 && isOperand(a)) {
				return false
			}
		}
		return true
	}
}

// riskyOp reports whether an operation can raise an error.
func riskyOp(o iop) bool {
	switch o {
	case opDiv, opMod, opShl, opShr, opGet, opGLoad, opGet2:
		return true
	}
	return false
}

func memOp(o iop) bool {
	switch o {
	case opGet, opGLoad, opGet2, opGetG:
		return true
	}
	return false
}

// mk builds an operation node and its summary flags.
func mk(o iop, pc int, in bc.Instr, args ...*node) *node {
	n := &node{op: o, pc: pc, in: in, args: args, lo: 1 << 30, hi: -1}
	for _, a := range args {
		n.risky = n.risky || a.risky
		n.mem = n.mem || a.mem
		if a.risky {
			n.lo, n.hi = min(n.lo, a.lo), max(n.hi, a.hi)
		}
	}
	if riskyOp(o) {
		n.risky = true
		n.lo, n.hi = min(n.lo, pc), max(n.hi, pc)
	}
	n.mem = n.mem || memOp(o)
	return n
}

var binops = map[bc.Op]iop{
	bc.ADD: opAdd, bc.SUB: opSub, bc.MUL: opMul, bc.AND: opAnd, bc.OR: opOr, bc.XOR: opXor,
	bc.ANDNOT: opAndNot, bc.DIV: opDiv, bc.MOD: opMod, bc.SHL: opShl, bc.SHR: opShr,
	bc.ADDI: opAdd, bc.SHLI: opShlK, bc.SHRI: opShrK, bc.MULK: opMul, bc.DIVK: opDiv, bc.MODK: opMod,
	bc.ANDK: opAnd, bc.ORK: opOr, bc.XORK: opXor,
	bc.FADD: opFAdd, bc.FSUB: opFSub, bc.FMUL: opFMul, bc.FDIV: opFDiv,
	bc.FADDK: opFAdd, bc.FSUBK: opFSub, bc.FMULK: opFMul, bc.FDIVK: opFDiv,
	bc.EQ: opEq, bc.NE: opNe, bc.LT: opLt, bc.LE: opLe,
	bc.FEQ: opFEq, bc.FNE: opFNe, bc.FLT: opFLt, bc.FLE: opFLe,
	bc.MIN: opMin, bc.MAX: opMax, bc.FMIN: opFMin, bc.FMAX: opFMax,
}

var unops = map[bc.Op]iop{
	bc.NEG: opNeg, bc.BNOT: opBNot, bc.NOT: opNot, bc.FNEG: opFNeg, bc.ITOF: opIToF, bc.FTOI: opFToI,
	bc.SQRT: opSqrt, bc.FABS: opFAbs, bc.FLOOR: opFloor, bc.CEIL: opCeil,
}

// condops maps the compare-and-branch instructions to comparisons.
var condops = map[bc.Op]iop{
	bc.JEQ: opEq, bc.JNE: opNe, bc.JLT: opLt, bc.JLE: opLe,
	bc.JEQK: opEq, bc.JNEK: opNe, bc.JLTK: opLt, bc.JLEK: opLe, bc.JGTK: opGt, bc.JGEK: opGe,
}

// constOperand is the constant second operand of a K or immediate form.
func constOperand(f *bc.Func, in bc.Instr) (uint64, bool) {
	switch in.Op() {
	case bc.ADDI, bc.SHLI, bc.SHRI:
		return uint64(int64(in.C())), true
	case bc.MULK, bc.DIVK, bc.MODK, bc.ANDK, bc.ORK, bc.XORK, bc.FADDK, bc.FSUBK, bc.FMULK, bc.FDIVK:
		return f.Consts[in.C()], true
	}
	return 0, false
}

// value builds the tree of a treeable instruction from its operand trees.
func (b *builder) value(pc int, in bc.Instr, args []*node) *node {
	f := b.a.f
	switch op := in.Op(); op {
	case bc.MOVE:
		return args[0]
	case bc.LOADI:
		return leafConst(uint64(int64(in.C())))
	case bc.LOADK:
		return leafConst(f.Consts[in.B()])
	case bc.GETG:
		return mk(opGetG, pc, in)
	case bc.LEN:
		return mk(opLen, pc, in)
	case bc.CAP:
		return mk(opCap, pc, in)
	case bc.ISNIL:
		return mk(opIsNil, pc, in)
	case bc.GET:
		return mk(opGet, pc, in, args[0])
	case bc.GLOAD:
		return mk(opGLoad, pc, in, args[0])
	case bc.GET2:
		return mk(opGet2, pc, in, args[0], args[1])
	}
	if o, ok := unops[in.Op()]; ok {
		return mk(o, pc, in, args[0])
	}
	o := binops[in.Op()]
	var x, y *node
	if k, ok := constOperand(f, in); ok {
		x, y = args[0], leafConst(k)
	} else {
		x, y = args[0], args[1]
	}
	// A constant divisor or shift count that cannot raise makes the
	// operation pure.
	if y.isConst() {
		switch {
		case o == opDiv && y.k != 0:
			o = opDivK
		case o == opMod && y.k != 0:
			o = opModK
		case o == opShl && y.k < 64:
			o = opShlK
		case o == opShr && y.k < 64:
			o = opShrK
		}
	}
	return mk(o, pc, in, x, y)
}

// buildBlock turns block bb into statements and a terminator.
func (b *builder) buildBlock(bb *bblock) blockIR {
	a := b.a
	b.out, b.pend = nil, nil
	ir := blockIR{start: bb.start, end: bb.end}
	for pc := bb.start; pc <= bb.end; pc++ {
		in := a.f.Code[pc]
		op := in.Op()
		if b.bails != nil && b.bails(op) {
			b.flushAll()
			ir.term = term{kind: tBail, pc: pc}
			ir.stmts = b.out
			return ir
		}
		switch {
		case op == bc.NOP:
		case treeable(op):
			// The pending trees that read the old value of the register
			// this instruction defines are stored first, whether the
			// definition is stored or stays pending: a pending tree may
			// hold reads from before a pending redefinition of the same
			// register (it absorbed an older tree), and flushing in
			// bytecode order would then store the redefinition first.
			d := in.A()
			b.flushReaders(d, pc)
			fit := func(args []*node) bool { return fits(b.value(pc, in, args)) }
			n := b.value(pc, in, b.operands(pc, a.reads[pc], riskyBC(op), false, a.consumer[pc] >= 0, fit))
			if a.consumer[pc] >= 0 {
				b.pend = append(b.pend, pending{reg: d, pc: pc, n: n})
				continue
			}
			b.emit(stmt{kind: sSet, dst: d, n: n, pc: pc})
		case op == bc.SET || op == bc.SETG || op == bc.GSTORE || op == bc.SET2:
			args := b.operands(pc, a.reads[pc], op != bc.SETG, true, false, storeFits(op))
			b.emit(stmt{kind: sEffect, pc: pc, in: in, args: args})
		case op.IsJump():
			ir.term = b.jump(pc, in)
		case op == bc.RET:
			b.flushAll()
			ir.term = term{kind: tRet, pc: pc}
		case op == bc.CALL:
			b.flushAll()
			ir.term = term{kind: tCall, pc: pc, in: in, target: pc + 1}
		case op == bc.PRINT:
			b.flushAll()
			ir.term = term{kind: tPrint, pc: pc, in: in, target: pc + 1}
		case op == bc.PANIC:
			b.flushAll()
			ir.term = term{kind: tPanic, pc: pc, in: in}
		case op == bc.EXIT:
			b.flushAll()
			ir.term = term{kind: tExit, pc: pc, in: in}
		default:
			// Slice-register operations, COPY: effects on memory and slice
			// registers, with register operands.
			b.flushAll()
			b.emit(stmt{kind: sEffect, pc: pc, in: in})
		}
	}
	last := a.f.Code[bb.end].Op()
	if !endsBlock(last) {
		// The block falls into the next one.
		b.flushAll()
		ir.term = term{kind: tJump, pc: bb.end, target: bb.end + 1}
	}
	ir.stmts = b.out
	return ir
}

// riskyBC reports whether a bytecode instruction can raise by itself (with
// register operands).
func riskyBC(op bc.Op) bool {
	switch op {
	case bc.DIV, bc.MOD, bc.SHL, bc.SHR, bc.GET, bc.GLOAD, bc.GET2:
		return true
	}
	return false
}

// jump builds the terminator of a jump instruction.
func (b *builder) jump(pc int, in bc.Instr) term {
	op := in.Op()
	target := pc + 1 + in.C()
	if op == bc.JMP {
		b.flushAll()
		return term{kind: tJump, pc: pc, target: target}
	}
	// Only the trees the branch consumes may stay pending.
	for i := len(b.pend) - 1; i >= 0; i-- {
		if b.a.consumer[b.pend[i].pc] != pc {
			b.flushTo(i)
			break
		}
	}
	cond := func(args []*node) *node {
		switch op {
		case bc.JT, bc.JF:
			return args[0]
		case bc.JEQ, bc.JNE, bc.JLT, bc.JLE:
			return mk(condops[op], pc, in, args[0], args[1])
		}
		return mk(condops[op], pc, in, args[0], leafConst(b.a.f.Consts[in.B()]))
	}
	fit := func(args []*node) bool { return condOK(cond(args)) }
	t := term{kind: tCond, pc: pc, in: in, target: target, other: pc + 1}
	t.cond = cond(b.operands(pc, b.a.reads[pc], false, false, false, fit))
	if op == bc.JF {
		t.target, t.other = t.other, t.target
	}
	return t
}
