package compiler

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"math"

	bc "github.com/jitvm/jitvm/vm/bytecode"
)

func unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

// typ is the bytecode type of an expression (untyped constants take their
// default type).
func (fc *funcCompiler) typ(e ast.Expr) *bc.Type {
	tv, ok := fc.c.info.Types[e]
	if !ok {
		fc.c.errorf(e, "internal error: expression has no type")
	}
	t := tv.Type
	if b, ok := t.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
		t = types.Default(t)
	}
	return fc.c.typeOf(t, e)
}

func (fc *funcCompiler) loadFloat(r int, f float64) {
	fc.emit(bc.LOADK, r, fc.konst(math.Float64bits(f)), 0)
}

// loadConst puts the constant value v, of type t, into r.
func (fc *funcCompiler) loadConst(r int, v constant.Value, t *bc.Type, at ast.Node) {
	if t.IsSlice() {
		fc.c.errorf(at, "constant of type %s is not supported", t)
	}
	fc.loadWord(r, fc.constWord(v, t))
}

// constOf returns the constant value of e, if it is a constant.
func (fc *funcCompiler) constOf(e ast.Expr) constant.Value {
	return fc.c.info.Types[e].Value
}

// expr returns a register holding the value of e: the variable's own
// register for a local, otherwise a new temporary.
func (fc *funcCompiler) expr(e ast.Expr) int {
	if r, ok := fc.localReg(e); ok {
		return r
	}
	if r, ok := fc.hoisted[e]; ok {
		return r
	}
	r := fc.alloc(1)
	fc.exprTo(e, r)
	return r
}

// exprTo computes e into register dst. Every sequence it emits writes dst
// only in its last instruction, so e may read the variable held in dst.
func (fc *funcCompiler) exprTo(e ast.Expr, dst int) {
	defer fc.restore(fc.at(e))
	if v := fc.constOf(e); v != nil {
		fc.loadConst(dst, v, fc.typ(e), e)
		return
	}
	if r, ok := fc.hoisted[e]; ok {
		fc.move(dst, r, fc.typ(e))
		return
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		fc.exprTo(e.X, dst)
	case *ast.Ident:
		if e.Name == "nil" {
			fc.emit(bc.LOADNIL, dst, 0, 0)
			return
		}
		if r, ok := fc.localReg(e); ok {
			fc.move(dst, r, fc.typ(e))
			return
		}
		if gi, ok := fc.c.globals[fc.c.info.Uses[e]]; ok {
			fc.loadGlobal(dst, gi)
			return
		}
		fc.c.errorf(e, "%s is not a value", e.Name)
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LAND, token.LOR, token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
			fc.boolTo(e, dst)
		default:
			fc.binaryTo(e.Op, e.X, e.Y, -1, -1, dst)
		}
	case *ast.UnaryExpr:
		fc.unaryTo(e, dst)
	case *ast.CallExpr:
		fc.callTo(e, dst)
	case *ast.IndexExpr:
		t := fc.typ(e)
		if !t.IsSlice() {
			if gs, ok := fc.globalSlice(e.X); ok {
				fc.emit(bc.GLOAD, dst, gs, fc.expr(e.Index))
				return
			}
			if inner, ok := unparen(e.X).(*ast.IndexExpr); ok {
				s := fc.expr(inner.X)
				i := fc.expr(inner.Index)
				j := fc.expr(e.Index)
				if i <= 0xfff && j <= 0xfff {
					fc.emit(bc.GET2, dst, s, i|j<<12)
					return
				}
				row := fc.alloc(1)
				fc.emit(bc.GETS, row, s, i)
				fc.emit(bc.GET, dst, row, j)
				return
			}
		}
		s := fc.expr(e.X)
		i := fc.expr(e.Index)
		fc.elemLoad(dst, s, i, t)
	case *ast.SliceExpr:
		fc.sliceExprTo(e, dst)
	case *ast.CompositeLit:
		fc.compositeTo(e, dst)
	case *ast.SelectorExpr:
		fc.c.errorf(e, "%s is not supported", types.ExprString(e))
	case *ast.BasicLit:
		fc.c.errorf(e, "string values are not supported (strings may only be literals passed to fmt functions and panic)")
	default:
		fc.c.errorf(e, "this expression is not supported")
	}
}

// exprDiscard evaluates e for its effects (a call statement).
func (fc *funcCompiler) exprDiscard(e ast.Expr) {
	call, ok := unparen(e).(*ast.CallExpr)
	if !ok {
		fc.c.errorf(e, "this expression is not supported as a statement")
	}
	fc.call(call, fc.next, true)
}

var intOps = map[token.Token]bc.Op{
	token.ADD: bc.ADD, token.SUB: bc.SUB, token.MUL: bc.MUL, token.QUO: bc.DIV, token.REM: bc.MOD,
	token.AND: bc.AND, token.OR: bc.OR, token.XOR: bc.XOR, token.AND_NOT: bc.ANDNOT,
	token.SHL: bc.SHL, token.SHR: bc.SHR,
}

var floatOps = map[token.Token]bc.Op{
	token.ADD: bc.FADD, token.SUB: bc.FSUB, token.MUL: bc.FMUL, token.QUO: bc.FDIV,
}

// binaryTo computes x op y into dst. xr and yr, when not -1, are registers
// already holding x and y.
func (fc *funcCompiler) binaryTo(op token.Token, x, y ast.Expr, xr, yr, dst int) {
	t := fc.typ(x)
	if op == token.SHL || op == token.SHR {
		if xr < 0 {
			xr = fc.expr(x)
		}
		if v := fc.constOf(y); v != nil && yr < 0 {
			n, _ := constant.Uint64Val(constant.ToInt(v))
			switch {
			case n < 64 && op == token.SHL:
				fc.emit(bc.SHLI, dst, xr, int(n))
			case n < 64:
				fc.emit(bc.SHRI, dst, xr, int(n))
			case op == token.SHL:
				fc.emit(bc.LOADI, dst, 0, 0)
			default:
				fc.emit(bc.SHRI, dst, xr, 63)
			}
			return
		}
		if yr < 0 {
			yr = fc.expr(y)
		}
		fc.emit(intOps[op], dst, xr, yr)
		return
	}
	if t.Kind == bc.KInt && (op == token.ADD || op == token.SUB) {
		// Small constant operands become immediates.
		if v := fc.constOf(y); v != nil && yr < 0 {
			if n, ok := constant.Int64Val(constant.ToInt(v)); ok && n > bc.MinC+1 && n < bc.MaxC {
				if op == token.SUB {
					n = -n
				}
				if xr < 0 {
					xr = fc.expr(x)
				}
				fc.emit(bc.ADDI, dst, xr, int(n))
				return
			}
		}
		if v := fc.constOf(x); v != nil && xr < 0 && op == token.ADD {
			if n, ok := constant.Int64Val(constant.ToInt(v)); ok && n > bc.MinC && n < bc.MaxC {
				if yr < 0 {
					yr = fc.expr(y)
				}
				fc.emit(bc.ADDI, dst, yr, int(n))
				return
			}
		}
	}
	if kop, ok := constOps[t.Kind][op]; ok {
		// A constant operand is read from the constant table.
		if v := fc.constOf(y); v != nil && yr < 0 {
			if xr < 0 {
				xr = fc.expr(x)
			}
			fc.emit(kop, dst, xr, fc.konst(fc.constWord(v, t)))
			return
		}
		if v := fc.constOf(x); v != nil && xr < 0 && commutative[op] {
			if yr < 0 {
				yr = fc.expr(y)
			}
			fc.emit(kop, dst, yr, fc.konst(fc.constWord(v, t)))
			return
		}
	}
	if xr < 0 {
		xr = fc.expr(x)
	}
	if yr < 0 {
		yr = fc.expr(y)
	}
	var opc bc.Op
	var ok bool
	switch t.Kind {
	case bc.KInt:
		opc, ok = intOps[op]
	case bc.KFloat:
		opc, ok = floatOps[op]
	}
	if !ok {
		fc.c.errorf(fc.node(), "operator %s on %s is not supported", op, t)
	}
	fc.emit(opc, dst, xr, yr)
}

var constOps = map[bc.Kind]map[token.Token]bc.Op{
	bc.KInt: {token.MUL: bc.MULK, token.QUO: bc.DIVK, token.REM: bc.MODK,
		token.AND: bc.ANDK, token.OR: bc.ORK, token.XOR: bc.XORK},
	bc.KFloat: {token.ADD: bc.FADDK, token.SUB: bc.FSUBK, token.MUL: bc.FMULK, token.QUO: bc.FDIVK},
}

var commutative = map[token.Token]bool{token.ADD: true, token.MUL: true, token.AND: true, token.OR: true, token.XOR: true}

// constWord is the word for constant v of type t.
func (fc *funcCompiler) constWord(v constant.Value, t *bc.Type) uint64 {
	switch t.Kind {
	case bc.KFloat:
		f, _ := constant.Float64Val(constant.ToFloat(v))
		return math.Float64bits(f)
	case bc.KBool:
		if constant.BoolVal(v) {
			return 1
		}
		return 0
	}
	n, ok := constant.Int64Val(constant.ToInt(v))
	if !ok {
		fc.c.errorf(fc.node(), "constant %s overflows int", v)
	}
	return uint64(n)
}

func (fc *funcCompiler) unaryTo(e *ast.UnaryExpr, dst int) {
	t := fc.typ(e.X)
	switch e.Op {
	case token.ADD:
		fc.exprTo(e.X, dst)
	case token.SUB:
		x := fc.expr(e.X)
		if t.Kind == bc.KFloat {
			fc.emit(bc.FNEG, dst, x, 0)
		} else {
			fc.emit(bc.NEG, dst, x, 0)
		}
	case token.XOR:
		fc.emit(bc.BNOT, dst, fc.expr(e.X), 0)
	case token.NOT:
		fc.emit(bc.NOT, dst, fc.expr(e.X), 0)
	default:
		fc.c.errorf(e, "operator %s is not supported", e.Op)
	}
}

// boolTo materialises a condition as 0 or 1 in dst. Simple comparisons use
// one instruction; && and || use jumps.
func (fc *funcCompiler) boolTo(e *ast.BinaryExpr, dst int) {
	if e.Op != token.LAND && e.Op != token.LOR {
		if op, x, y, ok := fc.compareOp(e); ok {
			fc.emit(op, dst, x, y)
			return
		}
	}
	jf := fc.jumpIfFalse(e)
	fc.emit(bc.LOADI, dst, 0, 1)
	skip := fc.emit(bc.JMP, 0, 0, 0)
	fc.patchAll(jf, fc.pc())
	fc.emit(bc.LOADI, dst, 0, 0)
	fc.patch(skip, fc.pc())
}

// compareOp returns a single instruction computing a comparison into a
// register, with its operand registers.
func (fc *funcCompiler) compareOp(e *ast.BinaryExpr) (bc.Op, int, int, bool) {
	t := fc.typ(e.X)
	if t.IsSlice() {
		return 0, 0, 0, false // s == nil: see nilCompareTo
	}
	ops := compareOps[bc.KInt]
	if t.Kind == bc.KFloat {
		ops = compareOps[bc.KFloat]
	}
	c, ok := ops[e.Op]
	if !ok {
		return 0, 0, 0, false
	}
	x := fc.expr(e.X)
	y := fc.expr(e.Y)
	if c.swap {
		x, y = y, x
	}
	return c.op, x, y, true
}

// compareOps gives, by operand kind, the instruction for each comparison
// and whether it takes its operands swapped (a > b is b < a, exact for
// floats too).
var compareOps = map[bc.Kind]map[token.Token]struct {
	op   bc.Op
	swap bool
}{
	bc.KInt: {token.EQL: {bc.EQ, false}, token.NEQ: {bc.NE, false}, token.LSS: {bc.LT, false},
		token.LEQ: {bc.LE, false}, token.GTR: {bc.LT, true}, token.GEQ: {bc.LE, true}},
	bc.KFloat: {token.EQL: {bc.FEQ, false}, token.NEQ: {bc.FNE, false}, token.LSS: {bc.FLT, false},
		token.LEQ: {bc.FLE, false}, token.GTR: {bc.FLT, true}, token.GEQ: {bc.FLE, true}},
}

// jumpIfFalse emits code that jumps when e is false and falls through when
// it is true; it returns the jumps to patch.
func (fc *funcCompiler) jumpIfFalse(e ast.Expr) []int { return fc.condJump(e, false) }

// jumpIfTrue is the converse of jumpIfFalse.
func (fc *funcCompiler) jumpIfTrue(e ast.Expr) []int { return fc.condJump(e, true) }

func (fc *funcCompiler) condJump(e ast.Expr, when bool) []int {
	e = unparen(e)
	if v := fc.constOf(e); v != nil {
		if constant.BoolVal(v) == when {
			return []int{fc.emit(bc.JMP, 0, 0, 0)}
		}
		return nil
	}
	switch x := e.(type) {
	case *ast.UnaryExpr:
		if x.Op == token.NOT {
			return fc.condJump(x.X, !when)
		}
	case *ast.BinaryExpr:
		switch x.Op {
		case token.LAND, token.LOR:
			// (a && b) false: a false or b false. (a && b) true: a true, then b true.
			if (x.Op == token.LAND) != when {
				return append(fc.condJump(x.X, when), fc.condJump(x.Y, when)...)
			}
			skip := fc.condJump(x.X, !when)
			j := fc.condJump(x.Y, when)
			fc.patchAll(skip, fc.pc())
			return j
		}
	}
	// An operand of && and || is ordered when it is evaluated.
	fc.order(e, true)
	if x, ok := e.(*ast.BinaryExpr); ok {
		switch x.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
			if t := fc.typ(x.X); t.Kind == bc.KInt || t.Kind == bc.KBool {
				return []int{fc.intCompareJump(x, when)}
			}
		}
	}
	var r int
	if be, ok := e.(*ast.BinaryExpr); ok && fc.typ(be.X).IsSlice() {
		r = fc.alloc(1)
		fc.nilCompareTo(be, r)
	} else {
		r = fc.expr(e)
	}
	if when {
		return []int{fc.emit(bc.JT, r, 0, 0)}
	}
	return []int{fc.emit(bc.JF, r, 0, 0)}
}

func (fc *funcCompiler) nilCompareTo(e *ast.BinaryExpr, dst int) {
	s := e.X
	if id, ok := unparen(e.X).(*ast.Ident); ok && id.Name == "nil" {
		s = e.Y
	}
	r := fc.expr(s)
	fc.emit(bc.ISNIL, dst, r, 0)
	if e.Op == token.NEQ {
		fc.emit(bc.NOT, dst, dst, 0)
	}
}

// swapped and negated integer comparisons.
var (
	swapCmp   = map[token.Token]token.Token{token.EQL: token.EQL, token.NEQ: token.NEQ, token.LSS: token.GTR, token.GTR: token.LSS, token.LEQ: token.GEQ, token.GEQ: token.LEQ}
	negateCmp = map[token.Token]token.Token{token.EQL: token.NEQ, token.NEQ: token.EQL, token.LSS: token.GEQ, token.GEQ: token.LSS, token.GTR: token.LEQ, token.LEQ: token.GTR}
	cmpK      = map[token.Token]bc.Op{token.EQL: bc.JEQK, token.NEQ: bc.JNEK, token.LSS: bc.JLTK, token.LEQ: bc.JLEK, token.GTR: bc.JGTK, token.GEQ: bc.JGEK}
)

// intCompareJump emits one compare-and-jump for an int or bool comparison,
// taken when the comparison's value equals when.
func (fc *funcCompiler) intCompareJump(e *ast.BinaryExpr, when bool) int {
	op := e.Op
	if !when {
		op = negateCmp[op] // exact for integers
	}
	x, y := e.X, e.Y
	if fc.constOf(x) != nil && fc.constOf(y) == nil {
		x, y = y, x
		op = swapCmp[op]
	}
	xr := fc.expr(x)
	if v := fc.constOf(y); v != nil {
		return fc.emit(cmpK[op], xr, fc.konst(fc.constWord(v, fc.typ(x))), 0)
	}
	yr := fc.expr(y)
	switch op {
	case token.EQL:
		return fc.emit(bc.JEQ, xr, yr, 0)
	case token.NEQ:
		return fc.emit(bc.JNE, xr, yr, 0)
	case token.LSS:
		return fc.emit(bc.JLT, xr, yr, 0)
	case token.LEQ:
		return fc.emit(bc.JLE, xr, yr, 0)
	case token.GTR:
		return fc.emit(bc.JLT, yr, xr, 0)
	default: // GEQ
		return fc.emit(bc.JLE, yr, xr, 0)
	}
}

// jumpIfEqual jumps when the switch tag in register tag equals e.
func (fc *funcCompiler) jumpIfEqual(tag int, t *bc.Type, e ast.Expr) []int {
	fc.order(e, true)
	if t.Kind == bc.KFloat {
		r := fc.alloc(1)
		fc.emit(bc.FEQ, r, tag, fc.expr(e))
		return []int{fc.emit(bc.JT, r, 0, 0)}
	}
	if v := fc.constOf(e); v != nil {
		return []int{fc.emit(bc.JEQK, tag, fc.konst(fc.constWord(v, t)), 0)}
	}
	return []int{fc.emit(bc.JEQ, tag, fc.expr(e), 0)}
}

// globalSlice returns the slice-global index of e if e names a package-level
// slice variable.
func (fc *funcCompiler) globalSlice(e ast.Expr) (int, bool) {
	id, ok := unparen(e).(*ast.Ident)
	if !ok {
		return 0, false
	}
	gi, ok := fc.c.globals[fc.c.info.Uses[id]]
	if !ok || !fc.c.prog.Globals[gi].Type.IsSlice() {
		return 0, false
	}
	return fc.c.prog.Globals[gi].Index, true
}

func (fc *funcCompiler) sliceExprTo(e *ast.SliceExpr, dst int) {
	if _, ok := fc.c.info.Types[e.X].Type.Underlying().(*types.Slice); !ok {
		fc.c.typeOf(fc.c.info.Types[e.X].Type, e.X)
	}
	s := fc.expr(e.X)
	n := 2
	if e.Slice3 {
		n = 3
	}
	args := fc.alloc(n)
	if e.Low != nil {
		fc.exprTo(e.Low, args)
	} else {
		fc.loadWord(args, 0)
	}
	if e.High != nil {
		fc.exprTo(e.High, args+1)
	} else {
		fc.emit(bc.LEN, args+1, s, 0)
	}
	if e.Slice3 {
		fc.exprTo(e.Max, args+2)
		fc.emit(bc.SLICE3, dst, s, args)
		return
	}
	fc.emit(bc.SLICE, dst, s, args)
}

// compositeTo builds a slice literal. It is built in a temporary, since its
// elements may read the variable in dst.
func (fc *funcCompiler) compositeTo(e *ast.CompositeLit, dst int) {
	t := fc.typ(e)
	if !t.IsSlice() {
		fc.c.errorf(e, "composite literals of type %s are not supported", t)
	}
	// Keys (index: value) are allowed, as in Go.
	n, idx := 0, 0
	indices := make([]int, len(e.Elts))
	for i, el := range e.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			k, _ := constant.Int64Val(constant.ToInt(fc.constOf(kv.Key)))
			idx = int(k)
		}
		indices[i] = idx
		idx++
		n = max(n, idx)
	}
	tmp := fc.alloc(1)
	lc := fc.alloc(2)
	fc.loadWord(lc, uint64(n))
	fc.loadWord(lc+1, uint64(n))
	fc.emit(bc.MAKE, tmp, lc, int(t.ElemKind()))
	ir := lc
	for i, el := range e.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			el = kv.Value
		}
		mark := fc.next
		fc.loadWord(ir, uint64(indices[i]))
		v := fc.expr(el)
		if t.Elem.IsSlice() {
			fc.emit(bc.SETS, tmp, ir, v)
		} else {
			fc.emit(bc.SET, tmp, ir, v)
		}
		fc.next = mark
	}
	fc.emit(bc.MOVES, dst, tmp, 0)
}
