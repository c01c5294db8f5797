package compiler

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// callKind classifies the callee of a call expression.
func (fc *funcCompiler) callee(e *ast.CallExpr) (conv bool, builtin string, pkgFunc string, fn int) {
	fn = -1
	if tv := fc.c.info.Types[e.Fun]; tv.IsType() {
		return true, "", "", -1
	}
	switch f := unparen(e.Fun).(type) {
	case *ast.Ident:
		switch obj := fc.c.info.Uses[f].(type) {
		case *types.Builtin:
			return false, obj.Name(), "", -1
		case *types.Func:
			if i, ok := fc.c.funcIdx[obj]; ok {
				return false, "", "", i
			}
		}
	case *ast.SelectorExpr:
		if obj, ok := fc.c.info.Uses[f.Sel].(*types.Func); ok && obj.Pkg() != nil {
			return false, "", obj.Pkg().Path() + "." + obj.Name(), -1
		}
	}
	fc.c.errorf(e.Fun, "function values are not supported")
	return
}

// callTo computes a single-valued call, conversion or builtin into dst.
func (fc *funcCompiler) callTo(e *ast.CallExpr, dst int) {
	conv, builtin, pkgFunc, fn := fc.callee(e)
	switch {
	case conv:
		fc.conversionTo(e, dst)
	case builtin != "":
		fc.builtinTo(builtin, e, dst)
	case pkgFunc != "":
		op, ok := mathOps[pkgFunc]
		if !ok {
			fc.c.errorf(e, "the result of %s is not supported", pkgFunc)
		}
		fc.emit(op, dst, fc.expr(e.Args[0]), 0)
	default:
		f := fc.c.prog.Funcs[fn]
		if len(f.Results) != 1 {
			fc.c.errorf(e, "%s does not return one value", f.Name)
		}
		if dst == fc.next-1 && !fc.isVar(dst) {
			// dst is the top temporary: call there, the result lands in place.
			fc.next = dst
			fc.userCall(e, fn)
			return
		}
		base := fc.userCall(e, fn)
		fc.move(dst, base, f.Results[0])
	}
}

var mathOps = map[string]bc.Op{"math.Sqrt": bc.SQRT, "math.Abs": bc.FABS, "math.Floor": bc.FLOOR, "math.Ceil": bc.CEIL}

// multiCall compiles a call of a user function returning n values and
// returns the register of the first result.
func (fc *funcCompiler) multiCall(e ast.Expr, n int) int {
	call, ok := unparen(e).(*ast.CallExpr)
	if ok {
		if _, b, p, fn := fc.callee(call); b == "" && p == "" && fn >= 0 {
			if len(fc.c.prog.Funcs[fn].Results) == n {
				return fc.userCall(call, fn)
			}
		}
	}
	fc.c.errorf(e, "expected a call returning %d values", n)
	return 0
}

// userCall calls program function fn with the call's arguments and returns
// the register where its results start. The callee's frame begins there, so
// the call is placed above every live temporary.
func (fc *funcCompiler) userCall(e *ast.CallExpr, fn int) int {
	f := fc.c.prog.Funcs[fn]
	base := fc.alloc(max(len(f.Params), len(f.Results), 1))
	if len(e.Args) == 1 && len(f.Params) > 1 {
		// f(g()) with g returning several values.
		inner := fc.multiCall(e.Args[0], len(f.Params))
		for i, t := range f.Params {
			fc.move(base+i, inner+i, t)
		}
	} else {
		for i, a := range e.Args {
			fc.exprTo(a, base+i)
		}
	}
	fc.pos = e.Rparen
	fc.emit(bc.CALL, base, fn, 0)
	fc.next = base + max(len(f.Results), 1)
	return base
}

// callStmt compiles a call whose results, if any, are discarded.
func (fc *funcCompiler) call(e *ast.CallExpr, _ int, _ bool) {
	conv, builtin, pkgFunc, fn := fc.callee(e)
	switch {
	case conv:
		fc.c.errorf(e, "conversion is not used")
	case builtin == "panic":
		fc.panicCall(e)
	case builtin == "copy":
		fc.builtinTo("copy", e, fc.alloc(1))
	case builtin != "":
		fc.c.errorf(e, "%s(...) is not used", builtin)
	case pkgFunc == "fmt.Println" || pkgFunc == "fmt.Print" || pkgFunc == "fmt.Printf":
		fc.printCall(e, pkgFunc)
	case pkgFunc == "os.Exit":
		r := fc.expr(e.Args[0])
		fc.emit(bc.EXIT, r, 0, 0)
	case pkgFunc != "":
		fc.c.errorf(e, "%s(...) is not used", pkgFunc)
	default:
		fc.userCall(e, fn)
	}
}

func (fc *funcCompiler) printCall(e *ast.CallExpr, name string) {
	site := bc.PrintSite{}
	args := e.Args
	switch name {
	case "fmt.Println":
		site.Kind = bc.Println
	case "fmt.Print":
		site.Kind = bc.Print
	case "fmt.Printf":
		site.Kind = bc.Printf
		v := fc.constOf(args[0])
		if v == nil || v.Kind() != constant.String {
			fc.c.errorf(args[0], "the format of fmt.Printf must be a string constant")
		}
		site.Format = constant.StringVal(v)
		args = args[1:]
	}
	if e.Ellipsis.IsValid() {
		fc.c.errorf(e, "spreading arguments with ... is not supported here")
	}
	if len(args) == 1 {
		if tv := fc.c.info.Types[args[0]]; tv.Type != nil {
			if tup, ok := tv.Type.(*types.Tuple); ok {
				// fmt.Println(f()) with f returning several values.
				base := fc.multiCall(args[0], tup.Len())
				for i := 0; i < tup.Len(); i++ {
					site.Args = append(site.Args, bc.PrintArg{Type: fc.c.typeOf(tup.At(i).Type(), args[0])})
				}
				fc.emitPrint(e, site, base)
				return
			}
		}
	}
	base := fc.alloc(max(len(args), 1))
	for i, a := range args {
		if v := fc.constOf(a); v != nil && v.Kind() == constant.String {
			site.Args = append(site.Args, bc.PrintArg{Str: constant.StringVal(v)})
			continue
		}
		t := fc.typ(a)
		site.Args = append(site.Args, bc.PrintArg{Type: t})
		fc.exprTo(a, base+i)
	}
	fc.emitPrint(e, site, base)
}

func (fc *funcCompiler) emitPrint(e *ast.CallExpr, site bc.PrintSite, base int) {
	fc.pos = e.Pos()
	idx := len(fc.c.prog.Prints)
	fc.c.prog.Prints = append(fc.c.prog.Prints, site)
	fc.emit(bc.PRINT, base, idx, 0)
}

func (fc *funcCompiler) panicCall(e *ast.CallExpr) {
	arg := e.Args[0]
	site := bc.PanicSite{}
	r := 0
	if v := fc.constOf(arg); v != nil && v.Kind() == constant.String {
		site.Msg = constant.StringVal(v)
	} else {
		if id, ok := unparen(arg).(*ast.Ident); ok && id.Name == "nil" {
			fc.c.errorf(arg, "panic(nil) is not supported")
		}
		site.Arg = fc.typ(arg)
		r = fc.expr(arg)
	}
	fc.pos = e.Pos()
	idx := len(fc.c.prog.Panics)
	fc.c.prog.Panics = append(fc.c.prog.Panics, site)
	fc.emit(bc.PANIC, r, idx, 0)
}

func (fc *funcCompiler) conversionTo(e *ast.CallExpr, dst int) {
	to := fc.typ(e)
	from := fc.typ(e.Args[0])
	x := fc.expr(e.Args[0])
	switch {
	case to.Kind == bc.KInt && from.Kind == bc.KFloat:
		fc.emit(bc.FTOI, dst, x, 0)
	case to.Kind == bc.KFloat && from.Kind == bc.KInt:
		fc.emit(bc.ITOF, dst, x, 0)
	case to.Equal(from):
		fc.move(dst, x, to)
	default:
		fc.c.errorf(e, "conversion from %s to %s is not supported", from, to)
	}
}

func (fc *funcCompiler) builtinTo(name string, e *ast.CallExpr, dst int) {
	switch name {
	case "len", "cap":
		if _, ok := fc.c.info.Types[e.Args[0]].Type.Underlying().(*types.Slice); !ok {
			fc.c.typeOf(fc.c.info.Types[e.Args[0]].Type, e.Args[0])
		}
		s := fc.expr(e.Args[0])
		if name == "len" {
			fc.emit(bc.LEN, dst, s, 0)
		} else {
			fc.emit(bc.CAP, dst, s, 0)
		}
	case "make":
		t := fc.typ(e)
		if !t.IsSlice() {
			fc.c.errorf(e, "make of %s is not supported", t)
		}
		args := fc.alloc(2)
		fc.exprTo(e.Args[1], args)
		if len(e.Args) > 2 {
			fc.exprTo(e.Args[2], args+1)
		} else {
			fc.move(args+1, args, bc.Int)
		}
		fc.emit(bc.MAKE, dst, args, int(t.ElemKind()))
	case "append":
		fc.appendTo(e, dst)
	case "copy":
		d := fc.expr(e.Args[0])
		s := fc.expr(e.Args[1])
		if fc.typ(e.Args[1]).Kind != bc.KSlice {
			fc.c.errorf(e.Args[1], "copy from a string is not supported")
		}
		fc.emit(bc.COPY, dst, d, s)
	case "min", "max":
		t := fc.typ(e)
		ops := map[string]bc.Op{"min": bc.MIN, "max": bc.MAX}
		if t.Kind == bc.KFloat {
			ops = map[string]bc.Op{"min": bc.FMIN, "max": bc.FMAX}
		} else if t.Kind != bc.KInt {
			fc.c.errorf(e, "%s of %s is not supported", name, t)
		}
		if len(e.Args) == 1 {
			fc.exprTo(e.Args[0], dst)
			return
		}
		acc := fc.expr(e.Args[0])
		for i, a := range e.Args[1:] {
			r := fc.expr(a)
			out := dst
			if i < len(e.Args)-2 {
				out = fc.alloc(1)
			}
			fc.emit(ops[name], out, acc, r)
			acc = out
		}
	case "panic":
		fc.c.errorf(e, "panic has no value")
	case "print", "println":
		fc.c.errorf(e, "builtin %s is not supported (use fmt.%s)", name, map[string]string{"print": "Print", "println": "Println"}[name])
	default:
		fc.c.errorf(e, "builtin %s is not supported", name)
	}
}

// appendTo compiles append. When the appended-to slice is the variable in
// dst (x = append(x, ...)), it appends in place.
func (fc *funcCompiler) appendTo(e *ast.CallExpr, dst int) {
	t := fc.typ(e)
	kind := t.ElemKind()
	var s int
	if r, ok := fc.localReg(e.Args[0]); ok && r == dst {
		s = dst
	} else {
		s = fc.alloc(1)
		fc.exprTo(e.Args[0], s)
	}
	rest := e.Args[1:]
	switch {
	case len(rest) == 0:
	case e.Ellipsis.IsValid():
		if fc.typ(rest[0]).Kind != bc.KSlice {
			fc.c.errorf(rest[0], "appending a string is not supported")
		}
		fc.emit(bc.APPSL, s, fc.expr(rest[0]), int(kind))
	default:
		if len(rest) > bc.MaxC>>2 {
			fc.c.errorf(e, "too many arguments to append")
		}
		vals := fc.alloc(len(rest))
		for i, v := range rest {
			fc.exprTo(v, vals+i)
		}
		fc.pos = e.Pos()
		fc.emit(bc.APPEND, s, vals, len(rest)<<2|int(kind))
	}
	fc.move(dst, s, t)
}

var _ = token.ADD
