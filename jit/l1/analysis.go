package l1

import (
	"math/bits"

	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// This file is the analysis the compiler runs before building expression
// trees: the scalar registers each instruction reads and writes, the basic
// blocks, liveness, and for each register definition the single later
// instruction that consumes it (so its value can flow through a Go value
// instead of the register file).

// regs lists the scalar registers an instruction reads, in the order it
// reads them (its operand order), and the ones it writes. Slice registers
// live in the other bank and do not matter here.
func access(p *bc.Program, in bc.Instr) (reads, writes []int) {
	a, b, c := in.A(), in.B(), in.C()
	switch op := in.Op(); op {
	case bc.MOVE, bc.NEG, bc.BNOT, bc.NOT, bc.FNEG, bc.ITOF, bc.FTOI,
		bc.SQRT, bc.FABS, bc.FLOOR, bc.CEIL,
		bc.ADDI, bc.SHLI, bc.SHRI, bc.MULK, bc.DIVK, bc.MODK, bc.ANDK, bc.ORK, bc.XORK,
		bc.FADDK, bc.FSUBK, bc.FMULK, bc.FDIVK:
		return []int{b}, []int{a}
	case bc.LOADI, bc.LOADK, bc.GETG, bc.ISNIL, bc.LEN, bc.CAP, bc.COPY:
		return nil, []int{a}
	case bc.SETG, bc.JT, bc.JF, bc.PANIC, bc.EXIT,
		bc.JEQK, bc.JNEK, bc.JLTK, bc.JLEK, bc.JGTK, bc.JGEK:
		return []int{a}, nil
	case bc.ADD, bc.SUB, bc.MUL, bc.DIV, bc.MOD, bc.AND, bc.OR, bc.XOR, bc.ANDNOT, bc.SHL, bc.SHR,
		bc.FADD, bc.FSUB, bc.FMUL, bc.FDIV,
		bc.EQ, bc.NE, bc.LT, bc.LE, bc.FEQ, bc.FNE, bc.FLT, bc.FLE,
		bc.MIN, bc.MAX, bc.FMIN, bc.FMAX:
		return []int{b, c}, []int{a}
	case bc.JEQ, bc.JNE, bc.JLT, bc.JLE:
		return []int{a, b}, nil
	case bc.GET, bc.GLOAD:
		return []int{c}, []int{a}
	case bc.SET, bc.GSTORE:
		return []int{b, c}, nil
	case bc.GET2:
		return []int{c & 0xfff, c >> 12}, []int{a}
	case bc.SET2:
		return []int{b, c & 0xfff, c >> 12}, nil
	case bc.SETS:
		return []int{b}, nil
	case bc.GETS:
		return []int{c}, nil
	case bc.MAKE:
		return []int{b, b + 1}, nil
	case bc.APPEND:
		if bc.ElemKind(c&3) == bc.ElemSlice {
			return nil, nil
		}
		return span(b, c>>2), nil
	case bc.SLICE:
		return span(c, 2), nil
	case bc.SLICE3:
		return span(c, 3), nil
	case bc.CALL:
		f := p.Funcs[b]
		return scalars(a, f.Params), scalars(a, f.Results)
	case bc.RET:
		return nil, nil // the caller knows the results: see retReads
	case bc.PRINT:
		var reads []int
		for i, arg := range p.Prints[b].Args {
			if arg.Type != nil && !arg.Type.IsSlice() { // not a string constant
				reads = append(reads, a+i)
			}
		}
		return reads, nil
	}
	return nil, nil
}

func span(first, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = first + i
	}
	return out
}

func scalars(first int, ts []*bc.Type) []int {
	var out []int
	for i, t := range ts {
		if !t.IsSlice() {
			out = append(out, first+i)
		}
	}
	return out
}

// bitset is a set of registers.
type bitset []uint64

func newBitset(n int) bitset    { return make(bitset, (n+63)/64) }
func (s bitset) has(i int) bool { return s[i/64]&(1<<(i%64)) != 0 }
func (s bitset) add(i int)      { s[i/64] |= 1 << (i % 64) }
func (s bitset) remove(i int)   { s[i/64] &^= 1 << (i % 64) }
func (s bitset) count() (n int) {
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

// span of a basic block: instructions start..end inclusive.
type bblock struct {
	start, end int
	succs      []int // successor blocks
	use, def   bitset
	in, out    bitset // live-in and live-out scalar registers
}

// analysis is what the compiler knows about one function.
type analysis struct {
	prog     *bc.Program
	f        *bc.Func
	reads    [][]int
	writes   [][]int
	leader   []bool
	blockOf  []int // pc -> index in blocks
	blocks   []bblock
	consumer []int // pc of a definition -> pc of its only reader, or -1
}

// endsBlock reports whether the instruction ends its basic block: jumps,
// returns, and the instructions the run loop executes (CALL, PRINT).
func endsBlock(op bc.Op) bool {
	switch op {
	case bc.RET, bc.PANIC, bc.EXIT, bc.CALL, bc.PRINT:
		return true
	}
	return op.IsJump()
}

// falls reports whether control can continue to the next instruction.
func falls(op bc.Op) bool {
	switch op {
	case bc.JMP, bc.RET, bc.PANIC, bc.EXIT:
		return false
	}
	return true
}

func analyze(p *bc.Program, fn int) *analysis {
	f := p.Funcs[fn]
	n := len(f.Code)
	a := &analysis{prog: p, f: f, reads: make([][]int, n), writes: make([][]int, n),
		leader: make([]bool, n+1), blockOf: make([]int, n), consumer: make([]int, n)}
	a.leader[0] = true
	for pc, in := range f.Code {
		a.reads[pc], a.writes[pc] = access(p, in)
		if in.Op() == bc.RET {
			a.reads[pc] = scalars(0, f.Results)
		}
		if in.Op().IsJump() {
			a.leader[pc+1+in.C()] = true
		}
		if endsBlock(in.Op()) {
			a.leader[pc+1] = true
		}
	}
	for pc := 0; pc < n; pc++ {
		if a.leader[pc] {
			a.blocks = append(a.blocks, bblock{start: pc})
		}
		a.blockOf[pc] = len(a.blocks) - 1
		a.blocks[len(a.blocks)-1].end = pc
	}
	a.liveness()
	for i := range a.blocks {
		a.findConsumers(&a.blocks[i])
	}
	return a
}

// liveness computes each block's live-in and live-out scalar registers by
// the usual backward dataflow.
func (a *analysis) liveness() {
	nregs := a.f.NumRegs
	for i := range a.blocks {
		b := &a.blocks[i]
		b.use, b.def, b.in, b.out = newBitset(nregs), newBitset(nregs), newBitset(nregs), newBitset(nregs)
		for pc := b.start; pc <= b.end; pc++ {
			for _, r := range a.reads[pc] {
				if !b.def.has(r) {
					b.use.add(r)
				}
			}
			for _, r := range a.writes[pc] {
				b.def.add(r)
			}
		}
		last := a.f.Code[b.end]
		if last.Op().IsJump() {
			b.succs = append(b.succs, a.blockOf[b.end+1+last.C()])
		}
		if falls(last.Op()) && b.end+1 < len(a.f.Code) {
			b.succs = append(b.succs, a.blockOf[b.end+1])
		}
	}
	for changed := true; changed; {
		changed = false
		for i := len(a.blocks) - 1; i >= 0; i-- {
			b := &a.blocks[i]
			for _, s := range b.succs {
				for w, x := range a.blocks[s].in {
					b.out[w] |= x
				}
			}
			for w := range b.in {
				in := b.use[w] | (b.out[w] &^ b.def[w])
				if in != b.in[w] {
					b.in[w] = in
					changed = true
				}
			}
		}
	}
}

// findConsumers sets consumer[p] for each definition p in block b whose
// register is read by exactly one later instruction q of the block, once,
// and is dead after q: the compiler may then compute p's value inside q's
// closure instead of storing it.
func (a *analysis) findConsumers(b *bblock) {
	for p := b.start; p <= b.end; p++ {
		a.consumer[p] = -1
		if len(a.writes[p]) != 1 || !treeable(a.f.Code[p].Op()) {
			continue
		}
		d := a.writes[p][0]
		for q := p + 1; q <= b.end; q++ {
			n := count(a.reads[q], d)
			if n > 0 {
				if n == 1 && consumes(a.f.Code[q].Op()) && a.deadAfter(b, q, d) {
					a.consumer[p] = q
				}
				break
			}
			if count(a.writes[q], d) > 0 {
				break
			}
		}
	}
}

// deadAfter reports whether register d's value is not needed after the
// instruction at q of block b.
func (a *analysis) deadAfter(b *bblock, q, d int) bool {
	if count(a.writes[q], d) > 0 {
		return true
	}
	for pc := q + 1; pc <= b.end; pc++ {
		if count(a.reads[pc], d) > 0 {
			return false
		}
		if count(a.writes[pc], d) > 0 {
			return true
		}
	}
	return !b.out.has(d)
}

func count(list []int, r int) (n int) {
	for _, x := range list {
		if x == r {
			n++
		}
	}
	return n
}

// treeable reports whether an instruction computes one scalar register from
// registers, constants and memory without other effects, so that it can
// become a node of an expression tree.
func treeable(op bc.Op) bool {
	switch op {
	case bc.MOVE, bc.LOADI, bc.LOADK, bc.GETG,
		bc.ADD, bc.SUB, bc.MUL, bc.DIV, bc.MOD, bc.AND, bc.OR, bc.XOR, bc.ANDNOT, bc.SHL, bc.SHR,
		bc.ADDI, bc.SHLI, bc.SHRI, bc.MULK, bc.DIVK, bc.MODK, bc.ANDK, bc.ORK, bc.XORK,
		bc.NEG, bc.BNOT, bc.NOT,
		bc.FADD, bc.FSUB, bc.FMUL, bc.FDIV, bc.FADDK, bc.FSUBK, bc.FMULK, bc.FDIVK, bc.FNEG, bc.ITOF, bc.FTOI,
		bc.EQ, bc.NE, bc.LT, bc.LE, bc.FEQ, bc.FNE, bc.FLT, bc.FLE, bc.ISNIL,
		bc.LEN, bc.CAP, bc.GET, bc.GLOAD, bc.GET2,
		bc.SQRT, bc.FABS, bc.FLOOR, bc.CEIL, bc.MIN, bc.MAX, bc.FMIN, bc.FMAX:
		return true
	}
	return false
}

// consumes reports whether an instruction can take expression trees as its
// scalar operands: the treeable ones, the stores, and the conditional jumps.
func consumes(op bc.Op) bool {
	if treeable(op) {
		return true
	}
	switch op {
	case bc.SET, bc.SETG, bc.GSTORE, bc.SET2,
		bc.JT, bc.JF, bc.JEQ, bc.JNE, bc.JLT, bc.JLE,
		bc.JEQK, bc.JNEK, bc.JLTK, bc.JLEK, bc.JGTK, bc.JGEK:
		return true
	}
	return false
}
