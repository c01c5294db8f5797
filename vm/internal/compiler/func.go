package compiler

import (
	"go/ast"
	"go/token"
	"go/types"

	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// funcCompiler lowers one function body.
type funcCompiler struct {
	c    *compiler
	f    *bc.Func
	decl *ast.FuncDecl

	vars         map[types.Object]int // local variable -> register
	next         int                  // first free register
	pos          token.Pos            // position stamped on emitted code
	consts       map[uint64]int
	namedResults []int
	targets      []*branchTarget // enclosing loops and switches, innermost last
	label        string          // label of the statement being compiled
	// hoisted holds the subexpressions of the statement being compiled
	// that were evaluated ahead (see order.go), with their registers.
	hoisted map[ast.Expr]int
	// lits and inLit are order's state (order.go).
	lits  []ast.Expr
	inLit int
}

// branchTarget is an enclosing for or switch that break (and, for loops,
// continue) can leave.
type branchTarget struct {
	label     string
	loop      bool
	breaks    []int // jumps to patch to the end
	continues []int // jumps to patch to the continue point
}

func (c *compiler) newFuncCompiler(f *bc.Func, pos token.Pos) *funcCompiler {
	return &funcCompiler{c: c, f: f, vars: map[types.Object]int{}, consts: map[uint64]int{}, pos: pos}
}

func (fc *funcCompiler) finish() {
	if fc.f.NumRegs < fc.next {
		fc.f.NumRegs = fc.next
	}
	if fc.f.NumRegs == 0 {
		fc.f.NumRegs = 1
	}
}

// alloc reserves n consecutive registers and returns the first.
func (fc *funcCompiler) alloc(n int) int {
	r := fc.next
	fc.next += n
	if fc.next > bc.MaxA {
		fc.c.errorf(fc.node(), "function needs too many registers")
	}
	if fc.next > fc.f.NumRegs {
		fc.f.NumRegs = fc.next
	}
	return r
}

type posNode token.Pos

func (p posNode) Pos() token.Pos { return token.Pos(p) }
func (p posNode) End() token.Pos { return token.Pos(p) }

func (fc *funcCompiler) node() ast.Node { return posNode(fc.pos) }

// at sets the position stamped on code and returns the previous one, for
// `defer fc.restore(fc.at(n))`.
func (fc *funcCompiler) at(n ast.Node) token.Pos {
	old := fc.pos
	if n != nil && n.Pos().IsValid() {
		fc.pos = n.Pos()
	}
	return old
}

func (fc *funcCompiler) restore(p token.Pos) { fc.pos = p }

func (fc *funcCompiler) emit(op bc.Op, a, b, c int) int {
	if c < bc.MinC || c > bc.MaxC || b > bc.MaxB {
		fc.c.errorf(fc.node(), "function too large")
	}
	fc.f.Code = append(fc.f.Code, bc.Make(op, a, b, c))
	fc.f.Lines = append(fc.f.Lines, int32(fc.c.fset.Position(fc.pos).Line))
	return len(fc.f.Code) - 1
}

// pc is the index of the next instruction.
func (fc *funcCompiler) pc() int { return len(fc.f.Code) }

// patch points the jump at pc to target.
func (fc *funcCompiler) patch(pc, target int) {
	off := target - (pc + 1)
	if off < bc.MinC || off > bc.MaxC {
		fc.c.errorf(fc.node(), "function too large")
	}
	fc.f.Code[pc] = fc.f.Code[pc].WithC(off)
}

func (fc *funcCompiler) patchAll(pcs []int, target int) {
	for _, pc := range pcs {
		fc.patch(pc, target)
	}
}

// konst returns the index of a constant word.
func (fc *funcCompiler) konst(v uint64) int {
	if k, ok := fc.consts[v]; ok {
		return k
	}
	k := len(fc.f.Consts)
	if k > bc.MaxB {
		fc.c.errorf(fc.node(), "function has too many constants")
	}
	fc.f.Consts = append(fc.f.Consts, v)
	fc.consts[v] = k
	return k
}

// loadInt puts an integer (or bool, or float bits) into register r.
func (fc *funcCompiler) loadWord(r int, v uint64) {
	if iv := int64(v); iv >= bc.MinC && iv <= bc.MaxC {
		fc.emit(bc.LOADI, r, 0, int(iv))
		return
	}
	fc.emit(bc.LOADK, r, fc.konst(v), 0)
}

// zero sets register r to the zero value of t.
func (fc *funcCompiler) zero(r int, t *bc.Type) {
	if t.IsSlice() {
		fc.emit(bc.LOADNIL, r, 0, 0)
	} else {
		fc.emit(bc.LOADI, r, 0, 0)
	}
}

// move copies register src to dst in the bank of t.
func (fc *funcCompiler) move(dst, src int, t *bc.Type) {
	if dst == src {
		return
	}
	if t.IsSlice() {
		fc.emit(bc.MOVES, dst, src, 0)
	} else {
		fc.emit(bc.MOVE, dst, src, 0)
	}
}

func (fc *funcCompiler) storeGlobal(gi int, r int) {
	g := fc.c.prog.Globals[gi]
	if g.Type.IsSlice() {
		fc.emit(bc.SETGS, r, g.Index, 0)
	} else {
		fc.emit(bc.SETG, r, g.Index, 0)
	}
}

func (fc *funcCompiler) loadGlobal(dst int, gi int) {
	g := fc.c.prog.Globals[gi]
	if g.Type.IsSlice() {
		fc.emit(bc.GETGS, dst, g.Index, 0)
	} else {
		fc.emit(bc.GETG, dst, g.Index, 0)
	}
}

// emitReturn moves the values in regs to the result registers 0.. and
// returns. With regs nil it returns the named results (if any).
func (fc *funcCompiler) emitReturn(regs []int) {
	if regs == nil {
		regs = fc.namedResults
	}
	for i, r := range regs {
		fc.move(i, r, fc.f.Results[i])
	}
	fc.emit(bc.RET, 0, 0, 0)
}
