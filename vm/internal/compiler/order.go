package compiler

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Evaluation order.
//
// The Go spec orders function calls within an expression, and nothing
// else: in a[i] + f(), whether a[i] is read before or after f runs is up to
// the implementation. jitvm's reference is the gc toolchain, which
// evaluates a statement in two steps (cmd/compile's "order" pass): first,
// in source order, every call and every builtin call (len, cap, min, max,
// make, append, copy), slice expression and && / || operation nested in
// the statement's expressions, each into a temporary, after its own
// operands; then the rest of the statement, reading variables and slice
// elements, with the temporaries in place. So with f changing g[1] and the
// global chk,
//
//	x := g[1] + f()     // g[1] is read after f runs
//	g[chk] += f()       // so is chk, and g[chk] is loaded after f
//	h[i] |= g[7]        // h[i] is bounds-checked before g[7]...
//	h[i] |= max(g[7])   // ...but after max(g[7]), which runs first
//
// order does the first step: it compiles those subexpressions into
// temporaries and records them in fc.hoisted, where expr and exprTo find
// them when the statement is compiled. The operands of && and || are
// ordered only when they are evaluated (condJump orders each operand), as
// gc orders them inside the branch.

// order evaluates ahead the subexpressions of e that gc evaluates before
// the rest of its statement. top says that e is the whole expression of
// its statement position (an assignment's value when the target is a
// variable, a condition, a call statement): it is then not itself moved
// ahead, since nothing in the statement is evaluated before it anyway.
func (fc *funcCompiler) order(e ast.Expr, top bool) {
	saved := fc.lits
	fc.lits = nil
	fc.orderExpr(e, top)
	lits := fc.lits
	fc.lits = saved
	// Then the composite literals passed as arguments to calls that are
	// not hoisted (nor inside another literal): gc builds them before the
	// call's other arguments that may panic (walkCall1 walks every
	// argument, building literals, then copies those into temporaries).
	// (A literal deeper in an argument, as in []int{x}[0], is not: gc
	// checked such an argument's other operands first.)
	for _, l := range lits {
		fc.hoist(l)
	}
}

// orderExpr is order's walk; it collects in fc.lits the composite literals
// to build after it.
func (fc *funcCompiler) orderExpr(e ast.Expr, top bool) {
	if e == nil || fc.constOf(e) != nil {
		return
	}
	if _, done := fc.hoisted[e]; done {
		return
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		fc.orderExpr(e.X, top)
	case *ast.UnaryExpr:
		fc.orderExpr(e.X, false)
	case *ast.BinaryExpr:
		if e.Op == token.LAND || e.Op == token.LOR {
			if !top {
				fc.hoist(e)
			}
			return
		}
		fc.orderExpr(e.X, false)
		fc.orderExpr(e.Y, false)
	case *ast.IndexExpr:
		fc.orderExpr(e.X, false)
		fc.orderExpr(e.Index, false)
	case *ast.SliceExpr:
		mark := len(fc.lits)
		fc.orderExpr(e.X, false)
		fc.orderExpr(e.Low, false)
		fc.orderExpr(e.High, false)
		fc.orderExpr(e.Max, false)
		if !top {
			fc.lits = fc.lits[:mark] // built with e
			fc.hoist(e)
		}
	case *ast.CompositeLit:
		fc.inLit++
		for _, elt := range e.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				elt = kv.Value
			}
			fc.orderExpr(elt, false)
		}
		fc.inLit--
	case *ast.CallExpr:
		mark := len(fc.lits)
		boxes := fc.boxesArgs(e)
		for _, a := range e.Args {
			amark := len(fc.lits)
			fc.orderExpr(a, false)
			if boxes && fc.boxedInTemp(a) {
				fc.lits = fc.lits[:amark] // built with a
				fc.hoist(a)
			} else if lit, ok := unparen(a).(*ast.CompositeLit); ok && fc.inLit == 0 {
				fc.lits = append(fc.lits, lit)
			}
		}
		if top || fc.c.info.Types[e.Fun].IsType() {
			return // a conversion is evaluated in place
		}
		if _, tuple := fc.c.info.Types[e].Type.(*types.Tuple); tuple {
			return // f(g()) with g returning several values: g is f's
		}
		if fc.c.info.Types[e].Type == nil || fc.c.info.Types[e].IsVoid() {
			return
		}
		if id, ok := unparen(e.Fun).(*ast.Ident); ok && (id.Name == "len" || id.Name == "cap") && len(e.Args) == 1 {
			if _, local := fc.localReg(e.Args[0]); local {
				return // nothing can change a local's length meanwhile
			}
		}
		fc.lits = fc.lits[:mark] // built with the call
		fc.hoist(e)
	}
}

// boxesArgs reports whether e calls fmt.Print, Println or Printf, whose
// arguments are converted to interfaces.
func (fc *funcCompiler) boxesArgs(e *ast.CallExpr) bool {
	if sel, ok := unparen(e.Fun).(*ast.SelectorExpr); ok {
		if obj, ok := fc.c.info.Uses[sel.Sel].(*types.Func); ok && obj.Pkg() != nil && obj.Pkg().Path() == "fmt" {
			return true
		}
	}
	return false
}

// boxedInTemp reports whether gc computes the argument a of a fmt call
// into a temporary when it orders the arguments, before the calls of the
// arguments after it: gc converts a bool to an interface through its
// address (ints, floats and slices go by value), and a bool that is not
// a variable or a slice element is copied to a temporary to have one
// (order.go's addrTemp). fmt.Println(g > 2, f()) reads g before f runs;
// fmt.Println(g+0, f()) and fmt.Println(gb, f()) read g and gb after.
func (fc *funcCompiler) boxedInTemp(a ast.Expr) bool {
	if fc.constOf(a) != nil {
		return false
	}
	if _, done := fc.hoisted[a]; done {
		return false
	}
	if b, ok := fc.c.info.Types[a].Type.(*types.Basic); !ok || b.Info()&types.IsBoolean == 0 {
		return false
	}
	switch unparen(a).(type) {
	case *ast.Ident, *ast.IndexExpr:
		return false // addressable: read with the rest of the statement
	}
	return true
}

// hoist computes e now into a temporary that stands for it in the rest of
// the statement.
func (fc *funcCompiler) hoist(e ast.Expr) {
	r := fc.alloc(1)
	fc.exprTo(e, r)
	if fc.hoisted == nil {
		fc.hoisted = map[ast.Expr]int{}
	}
	fc.hoisted[e] = r
}

// isName reports whether e names a variable (local or global): gc does not
// move an assignment's value ahead when its target is one.
func (fc *funcCompiler) isName(e ast.Expr) bool {
	_, ok := unparen(e).(*ast.Ident)
	return ok
}
