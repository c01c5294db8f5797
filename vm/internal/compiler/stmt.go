package compiler

import (
	"go/ast"
	"go/token"
	"go/types"

	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// block compiles a list of statements in a new scope: registers of the
// variables it declares are released at its end.
func (fc *funcCompiler) block(list []ast.Stmt) {
	mark := fc.next
	for _, s := range list {
		fc.stmt(s)
	}
	fc.next = mark
}

func (fc *funcCompiler) stmt(s ast.Stmt) {
	defer fc.restore(fc.at(s))
	label := fc.label
	fc.label = ""
	switch s := s.(type) {
	case *ast.EmptyStmt:
	case *ast.BlockStmt:
		fc.block(s.List)
	case *ast.ExprStmt:
		mark := fc.next
		fc.order(s.X, true)
		fc.exprDiscard(s.X)
		fc.next = mark
	case *ast.IncDecStmt:
		mark := fc.next
		delta := 1
		if s.Tok == token.DEC {
			delta = -1
		}
		t := fc.typ(s.X)
		fc.order(s.X, true)
		fc.update(s.X, func(cur int) int {
			dst := fc.alloc(1)
			if t.Kind == bc.KFloat {
				one := fc.alloc(1)
				fc.loadFloat(one, float64(delta))
				fc.emit(bc.FADD, dst, cur, one)
			} else {
				fc.emit(bc.ADDI, dst, cur, delta)
			}
			return dst
		})
		fc.next = mark
	case *ast.AssignStmt:
		fc.assign(s)
	case *ast.DeclStmt:
		fc.declStmt(s)
	case *ast.ReturnStmt:
		fc.returnStmt(s)
	case *ast.IfStmt:
		fc.ifStmt(s)
	case *ast.ForStmt:
		fc.forStmt(s, label)
	case *ast.RangeStmt:
		fc.rangeStmt(s, label)
	case *ast.SwitchStmt:
		fc.switchStmt(s, label)
	case *ast.LabeledStmt:
		fc.label = s.Label.Name
		fc.stmt(s.Stmt)
		fc.label = ""
	case *ast.BranchStmt:
		fc.branch(s)
	default:
		fc.c.errorf(s, "this statement is not supported")
	}
}

func (fc *funcCompiler) declStmt(s *ast.DeclStmt) {
	gd := s.Decl.(*ast.GenDecl)
	if gd.Tok != token.VAR {
		return // constants are folded where they are used
	}
	for _, spec := range gd.Specs {
		vs := spec.(*ast.ValueSpec)
		switch {
		case len(vs.Values) == 0:
			for _, name := range vs.Names {
				r := fc.declare(name)
				fc.zero(r, fc.c.typeOf(fc.c.info.Defs[name].Type(), name))
			}
		case len(vs.Values) == len(vs.Names):
			// Evaluate all values before the new names come into scope.
			if len(vs.Names) == 1 {
				fc.defineOne(vs.Names[0], vs.Values[0])
				continue
			}
			mark := fc.next
			for _, v := range vs.Values {
				fc.order(v, false)
			}
			tmps := make([]int, len(vs.Values))
			for i, v := range vs.Values {
				tmps[i] = fc.alloc(1)
				fc.exprTo(v, tmps[i])
			}
			fc.next = mark
			fc.defineFrom(vs.Names, tmps)
		default:
			mark := fc.next
			fc.order(vs.Values[0], true)
			base := fc.multiCall(vs.Values[0], len(vs.Names))
			fc.next = mark
			regs := make([]int, len(vs.Names))
			for i := range regs {
				regs[i] = base + i
			}
			fc.defineFrom(vs.Names, regs)
		}
	}
}

// declare gives a new local variable a register.
func (fc *funcCompiler) declare(name *ast.Ident) int {
	r := fc.alloc(1)
	if obj := fc.c.info.Defs[name]; obj != nil && name.Name != "_" {
		fc.vars[obj] = r
	}
	return r
}

// defineOne declares name and initialises it from value.
func (fc *funcCompiler) defineOne(name *ast.Ident, value ast.Expr) {
	if name.Name == "_" {
		mark := fc.next
		fc.order(value, true)
		fc.evalDiscard(value)
		fc.next = mark
		return
	}
	r := fc.alloc(1)
	fc.order(value, true)
	fc.exprTo(value, r)
	fc.next = r + 1
	fc.vars[fc.c.info.Defs[name]] = r
}

// defineFrom declares names, in registers from fc.next up, and copies their
// values from regs. Each source must be a temporary at or above the register
// its name takes, in increasing order, so copying upwards never clobbers a
// source still to be read.
func (fc *funcCompiler) defineFrom(names []*ast.Ident, regs []int) {
	for i, name := range names {
		r := fc.alloc(1)
		if name.Name == "_" {
			continue
		}
		if regs[i] < r {
			panic("compiler: defineFrom source below its destination")
		}
		fc.move(r, regs[i], fc.c.typeOf(fc.c.info.Defs[name].Type(), name))
		fc.vars[fc.c.info.Defs[name]] = r
	}
}

func (fc *funcCompiler) assign(s *ast.AssignStmt) {
	switch s.Tok {
	case token.DEFINE:
		fc.define(s)
		return
	case token.ASSIGN:
	default: // op-assignment
		op := opAssign[s.Tok]
		mark := fc.next
		// gc evaluates the value's calls, then the target's operands,
		// loads the target, and evaluates the rest of the value.
		// (A local target cannot change meanwhile: its value need not
		// move ahead.)
		_, local := fc.localReg(s.Lhs[0])
		fc.order(s.Lhs[0], true)
		fc.order(s.Rhs[0], local)
		fc.update(s.Lhs[0], func(cur int) int {
			r := fc.alloc(1)
			fc.binaryTo(op, s.Lhs[0], s.Rhs[0], cur, -1, r)
			return r
		})
		fc.next = mark
		return
	}
	mark := fc.next
	defer func() { fc.next = mark }()
	for _, l := range s.Lhs {
		fc.order(l, true)
	}
	for _, e := range s.Rhs {
		fc.order(e, len(s.Rhs) == 1 && (len(s.Lhs) > 1 || fc.isName(s.Lhs[0])))
	}
	if len(s.Lhs) == 1 && len(s.Rhs) == 1 {
		lhs := s.Lhs[0]
		if r, ok := fc.localReg(lhs); ok {
			fc.exprTo(s.Rhs[0], r)
			return
		}
		if isBlank(lhs) {
			fc.evalDiscard(s.Rhs[0])
			return
		}
		loc := fc.location(lhs)
		v := fc.expr(s.Rhs[0])
		fc.store(loc, v)
		return
	}
	// Tuple assignment: index operands, then values, then stores left to right.
	if len(s.Rhs) == len(s.Lhs) && fc.parallelLocals(s) {
		return
	}
	assigned := map[int]bool{} // registers of the locals this statement assigns
	for _, l := range s.Lhs {
		if r, ok := fc.localReg(l); ok {
			assigned[r] = true
		}
	}
	// An index operand held in a variable that an earlier store of this
	// statement changes must be read before it: copy it.
	fix := func(r int, t *bc.Type) int {
		if assigned[r] {
			return fc.copyReg(r, t)
		}
		return r
	}
	locs := make([]location, len(s.Lhs))
	for i, l := range s.Lhs {
		locs[i] = fc.location(l)
		switch locs[i].kind {
		case locElem, locElem2, locGElem:
			if locs[i].kind != locGElem {
				locs[i].reg = fix(locs[i].reg, sliceT)
			}
			locs[i].index = fix(locs[i].index, bc.Int)
			if locs[i].kind == locElem2 {
				locs[i].index2 = fix(locs[i].index2, bc.Int)
			}
		}
	}
	var vals []int
	if len(s.Rhs) == 1 {
		base := fc.multiCall(s.Rhs[0], len(s.Lhs))
		for i := range s.Lhs {
			vals = append(vals, base+i)
		}
	} else {
		for _, e := range s.Rhs {
			r := fc.alloc(1)
			fc.exprTo(e, r)
			vals = append(vals, r)
		}
	}
	for i := range locs {
		fc.store(locs[i], vals[i])
	}
}

// parallelLocals compiles a, b = x, y where every target is a local
// variable (or _) by computing each value straight into its variable, when
// no later value reads a variable assigned before it (i, j = i+1, j-1). It
// reports false, emitting nothing, when that does not hold.
func (fc *funcCompiler) parallelLocals(s *ast.AssignStmt) bool {
	regs := make([]int, len(s.Lhs))
	for k, l := range s.Lhs {
		if isBlank(l) {
			regs[k] = -1
			continue
		}
		r, ok := fc.localReg(l)
		if !ok {
			return false
		}
		regs[k] = r
		obj := fc.c.info.Uses[unparen(l).(*ast.Ident)]
		for _, later := range s.Rhs[k+1:] {
			if fc.reads(later, obj) {
				return false
			}
		}
	}
	for k, e := range s.Rhs {
		if regs[k] < 0 {
			fc.evalDiscard(e)
		} else {
			fc.exprTo(e, regs[k])
		}
	}
	return true
}

// assigns reports whether n assigns to the variable obj (=, op=, ++, --).
func (fc *funcCompiler) assigns(n ast.Node, obj types.Object) bool {
	found := false
	target := func(e ast.Expr) {
		if id, ok := unparen(e).(*ast.Ident); ok && fc.c.info.Uses[id] == obj {
			found = true
		}
	}
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				target(l)
			}
		case *ast.IncDecStmt:
			target(n.X)
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN {
				if n.Key != nil {
					target(n.Key)
				}
				if n.Value != nil {
					target(n.Value)
				}
			}
		}
		return !found
	})
	return found
}

// reads reports whether e mentions the variable obj.
func (fc *funcCompiler) reads(e ast.Expr, obj types.Object) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && fc.c.info.Uses[id] == obj {
			found = true
		}
		return !found
	})
	return found
}

func (fc *funcCompiler) define(s *ast.AssignStmt) {
	// Redeclared names in := are plain assignments.
	if len(s.Lhs) == 1 && len(s.Rhs) == 1 {
		id := s.Lhs[0].(*ast.Ident)
		if obj := fc.c.info.Defs[id]; obj != nil || id.Name == "_" {
			fc.defineOne(id, s.Rhs[0])
			return
		}
		mark := fc.next
		r, _ := fc.localReg(id)
		fc.order(s.Rhs[0], true)
		fc.exprTo(s.Rhs[0], r)
		fc.next = mark
		return
	}
	mark := fc.next
	for _, e := range s.Rhs {
		fc.order(e, len(s.Rhs) == 1)
	}
	var vals []int
	if len(s.Rhs) == 1 {
		base := fc.multiCall(s.Rhs[0], len(s.Lhs))
		for i := range s.Lhs {
			vals = append(vals, base+i)
		}
	} else {
		for _, e := range s.Rhs {
			r := fc.alloc(1)
			fc.exprTo(e, r)
			vals = append(vals, r)
		}
	}
	// Existing variables are assigned; new ones declared after the temps are
	// released (defineFrom copies temps that overlap first).
	var newNames []*ast.Ident
	var newVals []int
	for i, l := range s.Lhs {
		id := l.(*ast.Ident)
		if id.Name == "_" {
			continue
		}
		if obj := fc.c.info.Defs[id]; obj != nil {
			newNames = append(newNames, id)
			newVals = append(newVals, vals[i])
			continue
		}
		r, _ := fc.localReg(id)
		if r >= 0 {
			fc.move(r, vals[i], fc.c.typeOf(fc.c.info.Uses[id].Type(), id))
		} else {
			fc.store(fc.location(id), vals[i])
		}
	}
	fc.next = mark
	fc.defineFrom(newNames, newVals)
}

func isBlank(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "_"
}

// location is an assignable place: a local, a global, or a slice element.
type location struct {
	kind   int // locLocal, locGlobal, locElem, locBlank
	reg    int // local register, or slice register for locElem
	index  int // index register for locElem, locElem2 and locGElem
	index2 int // second index register for locElem2
	typ    *bc.Type
	global int // prog.Globals index for locGlobal; slice-global index for locGElem
}

const (
	locLocal = iota
	locGlobal
	locElem  // S(reg)[R(index)]
	locElem2 // S(reg)[R(index)][R(index2)]
	locGElem // GS(global)[R(index)]
	locBlank
)

// localReg returns the register of a local variable expression.
func (fc *funcCompiler) localReg(e ast.Expr) (int, bool) {
	id, ok := unparen(e).(*ast.Ident)
	if !ok {
		return -1, false
	}
	obj := fc.c.info.Uses[id]
	if obj == nil {
		obj = fc.c.info.Defs[id]
	}
	r, ok := fc.vars[obj]
	if !ok {
		return -1, false
	}
	return r, true
}

// location evaluates the operands of an assignable expression.
func (fc *funcCompiler) location(e ast.Expr) location {
	e = unparen(e)
	if isBlank(e) {
		return location{kind: locBlank}
	}
	if r, ok := fc.localReg(e); ok {
		return location{kind: locLocal, reg: r, typ: fc.typ(e)}
	}
	switch e := e.(type) {
	case *ast.Ident:
		obj := fc.c.info.Uses[e]
		if gi, ok := fc.c.globals[obj]; ok {
			return location{kind: locGlobal, global: gi, typ: fc.typ(e)}
		}
	case *ast.IndexExpr:
		t := fc.typ(e)
		if !t.IsSlice() {
			if gs, ok := fc.globalSlice(e.X); ok {
				return location{kind: locGElem, global: gs, index: fc.expr(e.Index), typ: t}
			}
			if inner, ok := unparen(e.X).(*ast.IndexExpr); ok {
				s := fc.expr(inner.X)
				i := fc.expr(inner.Index)
				j := fc.expr(e.Index)
				if i <= 0xfff && j <= 0xfff {
					return location{kind: locElem2, reg: s, index: i, index2: j, typ: t}
				}
				row := fc.alloc(1)
				fc.emit(bc.GETS, row, s, i)
				return location{kind: locElem, reg: row, index: j, typ: t}
			}
		}
		s := fc.expr(e.X)
		i := fc.expr(e.Index)
		return location{kind: locElem, reg: s, index: i, typ: t}
	}
	fc.c.errorf(e, "cannot assign to this expression")
	return location{}
}

func (fc *funcCompiler) load(loc location, dst int) {
	switch loc.kind {
	case locLocal:
		fc.move(dst, loc.reg, loc.typ)
	case locGlobal:
		fc.loadGlobal(dst, loc.global)
	case locElem:
		if loc.typ.IsSlice() {
			fc.emit(bc.GETS, dst, loc.reg, loc.index)
		} else {
			fc.emit(bc.GET, dst, loc.reg, loc.index)
		}
	case locElem2:
		fc.emit(bc.GET2, dst, loc.reg, loc.index|loc.index2<<12)
	case locGElem:
		fc.emit(bc.GLOAD, dst, loc.global, loc.index)
	}
}

func (fc *funcCompiler) store(loc location, v int) {
	switch loc.kind {
	case locLocal:
		fc.move(loc.reg, v, loc.typ)
	case locGlobal:
		fc.storeGlobal(loc.global, v)
	case locElem:
		if loc.typ.IsSlice() {
			fc.emit(bc.SETS, loc.reg, loc.index, v)
		} else {
			fc.emit(bc.SET, loc.reg, loc.index, v)
		}
	case locElem2:
		if v > 0xfff || loc.index2 > 0xfff {
			row := fc.alloc(1)
			fc.emit(bc.GETS, row, loc.reg, loc.index)
			fc.emit(bc.SET, row, loc.index2, v)
			return
		}
		fc.emit(bc.SET2, loc.reg, loc.index, loc.index2|v<<12)
	case locGElem:
		fc.emit(bc.GSTORE, loc.global, loc.index, v)
	}
}

// update compiles x = f(x) for ++, -- and op-assignment, evaluating the
// operands of x once.
func (fc *funcCompiler) update(x ast.Expr, f func(cur int) int) {
	loc := fc.location(x)
	var cur int
	if loc.kind == locLocal {
		cur = loc.reg
	} else {
		cur = fc.alloc(1)
		fc.load(loc, cur)
	}
	// For a local, compute straight into its register when the last
	// instruction of f writes its result register.
	v := f(cur)
	if loc.kind == locLocal && fc.pc() > 0 {
		last := &fc.f.Code[fc.pc()-1]
		if last.A() == v && bc.Info[last.Op()].A == bc.OpdReg && bc.Info[last.Op()].C != bc.OpdJump && last.Op() != bc.EXIT {
			*last = bc.Make(last.Op(), loc.reg, last.B(), last.C())
			return
		}
	}
	fc.store(loc, v)
}

func (fc *funcCompiler) returnStmt(s *ast.ReturnStmt) {
	mark := fc.next
	defer func() { fc.next = mark }()
	for _, e := range s.Results {
		fc.order(e, len(s.Results) == 1)
	}
	switch {
	case len(s.Results) == 0:
		fc.emitReturn(nil)
	case len(s.Results) == 1 && len(fc.f.Results) == 1:
		// exprTo writes its destination last, so e may still read register 0.
		fc.exprTo(s.Results[0], 0)
		fc.emit(bc.RET, 0, 0, 0)
	case len(s.Results) == 1:
		base := fc.multiCall(s.Results[0], len(fc.f.Results))
		regs := make([]int, len(fc.f.Results))
		for i := range regs {
			regs[i] = base + i
		}
		fc.emitReturn(regs)
	default:
		// Fresh temporaries, so that moving to 0.. cannot clobber a source.
		regs := make([]int, len(s.Results))
		for i, e := range s.Results {
			regs[i] = fc.alloc(1)
			fc.exprTo(e, regs[i])
		}
		fc.emitReturn(regs)
	}
}

func (fc *funcCompiler) ifStmt(s *ast.IfStmt) {
	mark := fc.next
	if s.Init != nil {
		fc.stmt(s.Init)
	}
	fc.pos = s.Cond.Pos()
	inner := fc.next
	jf := fc.jumpIfFalse(s.Cond)
	fc.next = inner
	fc.block(s.Body.List)
	if s.Else == nil {
		fc.patchAll(jf, fc.pc())
	} else {
		end := fc.emit(bc.JMP, 0, 0, 0)
		fc.patchAll(jf, fc.pc())
		fc.stmt(s.Else)
		fc.patch(end, fc.pc())
	}
	fc.next = mark
}

// Loops are laid out with the condition at the bottom, so each iteration
// runs one conditional jump:
//
//	init; JMP cond; body: ...; cont: post; cond: if cond goto body; end:
func (fc *funcCompiler) forStmt(s *ast.ForStmt, label string) {
	mark := fc.next
	if s.Init != nil {
		fc.stmt(s.Init)
	}
	var toCond int = -1
	if s.Cond != nil {
		toCond = fc.emit(bc.JMP, 0, 0, 0)
	}
	body := fc.pc()
	t := &branchTarget{label: label, loop: true}
	fc.targets = append(fc.targets, t)
	fc.block(s.Body.List)
	fc.targets = fc.targets[:len(fc.targets)-1]
	fc.patchAll(t.continues, fc.pc())
	if s.Post != nil {
		fc.stmt(s.Post)
	}
	if s.Cond != nil {
		fc.patch(toCond, fc.pc())
		fc.pos = s.Cond.Pos()
		inner := fc.next
		fc.patchAll(fc.jumpIfTrue(s.Cond), body)
		fc.next = inner
	} else {
		fc.patch(fc.emit(bc.JMP, 0, 0, 0), body)
	}
	fc.patchAll(t.breaks, fc.pc())
	fc.next = mark
}

func (fc *funcCompiler) rangeStmt(s *ast.RangeStmt, label string) {
	mark := fc.next
	xt := fc.c.info.Types[s.X].Type.Underlying()
	fc.order(s.X, true)
	var key, val ast.Expr = s.Key, s.Value
	if key != nil && isBlank(key) {
		key = nil
	}
	if val != nil && isBlank(val) {
		val = nil
	}
	// Hidden state: the index counter, the limit, and for slices the slice.
	idx := fc.alloc(1)
	limit := fc.alloc(1)
	sl := -1
	var elemT *bc.Type
	switch xt := xt.(type) {
	case *types.Basic:
		if xt.Info()&types.IsInteger == 0 {
			fc.c.errorf(s.X, "range over %s is not supported", xt)
		}
		fc.exprTo(s.X, limit)
	case *types.Slice:
		elemT = fc.c.typeOf(xt.Elem(), s.X)
		if val == nil {
			// Only the length is needed (evaluated once, as Go does).
			fc.emit(bc.LEN, limit, fc.expr(s.X), 0)
			break
		}
		sl = fc.alloc(1)
		fc.exprTo(s.X, sl)
		fc.emit(bc.LEN, limit, sl, 0)
	default:
		fc.c.typeOf(xt, s.X) // reports the unsupported type
	}
	fc.loadWord(idx, 0)
	// Iteration variables: new per loop (:=), or existing places (=).
	var keyLoc, valLoc location
	keyLoc.kind, valLoc.kind = locBlank, locBlank
	aliasKey := false
	if s.Tok == token.DEFINE {
		if key != nil {
			if obj := fc.c.info.Defs[key.(*ast.Ident)]; !fc.assigns(s.Body, obj) {
				// The body never changes the key: it can be the counter
				// itself, with no copy per iteration.
				fc.vars[obj] = idx
				aliasKey = true
			} else {
				keyLoc = location{kind: locLocal, reg: fc.declare(key.(*ast.Ident)), typ: bc.Int}
			}
		}
		if val != nil {
			valLoc = location{kind: locLocal, reg: fc.declare(val.(*ast.Ident)), typ: elemT}
		}
	}
	toCond := fc.emit(bc.JMP, 0, 0, 0)
	body := fc.pc()
	if s.Tok == token.ASSIGN {
		inner := fc.next
		if key != nil {
			keyLoc = fc.location(key)
			fc.store(keyLoc, idx)
		}
		if val != nil {
			valLoc = fc.location(val)
			tmp := fc.alloc(1)
			fc.elemLoad(tmp, sl, idx, elemT)
			fc.store(valLoc, tmp)
		}
		fc.next = inner
	} else {
		if key != nil && !aliasKey {
			fc.move(keyLoc.reg, idx, bc.Int)
		}
		if val != nil {
			fc.elemLoad(valLoc.reg, sl, idx, elemT)
		}
	}
	t := &branchTarget{label: label, loop: true}
	fc.targets = append(fc.targets, t)
	fc.block(s.Body.List)
	fc.targets = fc.targets[:len(fc.targets)-1]
	fc.patchAll(t.continues, fc.pc())
	fc.emit(bc.ADDI, idx, idx, 1)
	fc.patch(toCond, fc.pc())
	fc.patch(fc.emit(bc.JLT, idx, limit, 0), body)
	fc.patchAll(t.breaks, fc.pc())
	fc.next = mark
}

func (fc *funcCompiler) elemLoad(dst, sl, idx int, t *bc.Type) {
	if t.IsSlice() {
		fc.emit(bc.GETS, dst, sl, idx)
	} else {
		fc.emit(bc.GET, dst, sl, idx)
	}
}

func (fc *funcCompiler) switchStmt(s *ast.SwitchStmt, label string) {
	mark := fc.next
	if s.Init != nil {
		fc.stmt(s.Init)
	}
	tag := -1
	var tagT *bc.Type
	if s.Tag != nil {
		tagT = fc.typ(s.Tag)
		tag = fc.alloc(1)
		fc.order(s.Tag, true)
		fc.exprTo(s.Tag, tag)
	}
	clauses := s.Body.List
	bodyJumps := make([][]int, len(clauses))
	deflt := -1
	for i, cl := range clauses {
		cc := cl.(*ast.CaseClause)
		if cc.List == nil {
			deflt = i
			continue
		}
		for _, e := range cc.List {
			fc.pos = e.Pos()
			inner := fc.next
			if tag >= 0 {
				bodyJumps[i] = append(bodyJumps[i], fc.jumpIfEqual(tag, tagT, e)...)
			} else {
				bodyJumps[i] = append(bodyJumps[i], fc.jumpIfTrue(e)...)
			}
			fc.next = inner
		}
	}
	noMatch := fc.emit(bc.JMP, 0, 0, 0)
	t := &branchTarget{label: label}
	fc.targets = append(fc.targets, t)
	for i, cl := range clauses {
		cc := cl.(*ast.CaseClause)
		fc.patchAll(bodyJumps[i], fc.pc())
		if i == deflt {
			fc.patch(noMatch, fc.pc())
		}
		fc.pos = cc.Pos()
		fc.block(cc.Body)
		if i < len(clauses)-1 {
			t.breaks = append(t.breaks, fc.emit(bc.JMP, 0, 0, 0))
		}
	}
	fc.targets = fc.targets[:len(fc.targets)-1]
	if deflt < 0 {
		fc.patch(noMatch, fc.pc())
	}
	fc.patchAll(t.breaks, fc.pc())
	fc.next = mark
}

func (fc *funcCompiler) branch(s *ast.BranchStmt) {
	var t *branchTarget
	for i := len(fc.targets) - 1; i >= 0; i-- {
		cand := fc.targets[i]
		if s.Label != nil {
			if cand.label == s.Label.Name {
				t = cand
				break
			}
			continue
		}
		if s.Tok == token.BREAK || cand.loop {
			t = cand
			break
		}
	}
	if t == nil {
		fc.c.errorf(s, "%s is not in a loop or switch", s.Tok)
	}
	pc := fc.emit(bc.JMP, 0, 0, 0)
	if s.Tok == token.BREAK {
		t.breaks = append(t.breaks, pc)
	} else {
		t.continues = append(t.continues, pc)
	}
}

var opAssign = map[token.Token]token.Token{
	token.ADD_ASSIGN: token.ADD, token.SUB_ASSIGN: token.SUB, token.MUL_ASSIGN: token.MUL,
	token.QUO_ASSIGN: token.QUO, token.REM_ASSIGN: token.REM, token.AND_ASSIGN: token.AND,
	token.OR_ASSIGN: token.OR, token.XOR_ASSIGN: token.XOR, token.SHL_ASSIGN: token.SHL,
	token.SHR_ASSIGN: token.SHR, token.AND_NOT_ASSIGN: token.AND_NOT,
}

// sliceT stands for any slice type where only the register bank matters.
var sliceT = bc.SliceOf(bc.Int)

// isVar reports whether register r holds a variable in scope.
func (fc *funcCompiler) isVar(r int) bool {
	for _, v := range fc.vars {
		if v == r {
			return true
		}
	}
	return false
}

// copyReg returns r itself when it is a temporary, or a temporary copy of a
// variable's register.
func (fc *funcCompiler) copyReg(r int, t *bc.Type) int {
	if fc.isVar(r) {
		tmp := fc.alloc(1)
		fc.move(tmp, r, t)
		return tmp
	}
	return r
}

// evalDiscard evaluates e for its effects and panics (`_ = e`).
func (fc *funcCompiler) evalDiscard(e ast.Expr) {
	if _, done := fc.hoisted[unparen(e)]; done {
		return // evaluated ahead (order.go)
	}
	if call, ok := unparen(e).(*ast.CallExpr); ok {
		if _, b, p, fn := fc.callee(call); b == "" && p == "" && fn >= 0 {
			fc.exprDiscard(e)
			return
		}
	}
	if fc.constOf(e) != nil {
		return
	}
	if _, ok := fc.localReg(e); ok {
		return
	}
	fc.expr(e)
}
