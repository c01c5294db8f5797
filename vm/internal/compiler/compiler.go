// Package compiler is jitvm's front end: it parses one Go source file with
// go/parser, type-checks it with go/types, rejects what lies outside the
// language, and lowers the typed syntax tree to register bytecode.
//
// Registers are allocated like Lua's: each local variable owns a register
// for the life of its block, and temporaries are taken from the top of the
// frame and released at the end of each statement. Scalars and slices share
// one register numbering: a slice-typed value in register r lives in the
// frame's slice bank at r.
package compiler

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"sort"

	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// Compile compiles the source of one file. filename is used in positions
// and stack traces. The error, if any, is an *Error.
func Compile(filename string, src []byte) (prog *bc.Program, err error) {
	fset := token.NewFileSet()
	file, perr := parser.ParseFile(fset, filename, src, parser.SkipObjectResolution)
	if perr != nil {
		var list scanner.ErrorList
		if errors.As(perr, &list) && len(list) > 0 {
			return nil, &Error{Pos: list[0].Pos, Msg: list[0].Msg}
		}
		return nil, &Error{Pos: token.Position{Filename: filename, Line: 1, Column: 1}, Msg: perr.Error()}
	}
	if file.Name.Name != "main" {
		return nil, newError(fset, file.Name.Pos(), "package must be main")
	}
	if err := subsetCheck(fset, file); err != nil {
		return nil, err
	}
	var typeErrs []types.Error
	conf := types.Config{
		Importer: newStdImporter(),
		Error: func(e error) {
			var te types.Error
			if errors.As(e, &te) && !te.Soft || len(typeErrs) == 0 {
				typeErrs = append(typeErrs, te)
			}
		},
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Implicits:  map[ast.Node]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	pkg, _ := conf.Check("main", fset, []*ast.File{file}, info)
	if len(typeErrs) > 0 {
		sort.SliceStable(typeErrs, func(i, j int) bool { return typeErrs[i].Pos < typeErrs[j].Pos })
		te := typeErrs[0]
		return nil, &Error{Pos: fset.Position(te.Pos), Msg: te.Msg}
	}
	if pkg.Scope().Lookup("main") == nil {
		return nil, newError(fset, file.Package, "function main is undeclared in the main package")
	}

	c := &compiler{
		fset:    fset,
		info:    info,
		prog:    &bc.Program{File: filename},
		funcIdx: map[types.Object]int{},
		globals: map[types.Object]int{},
	}
	defer func() {
		if r := recover(); r != nil {
			ce, ok := r.(*Error)
			if !ok {
				panic(r)
			}
			prog, err = nil, ce
		}
	}()
	c.typeCheck(file)
	c.program(file)
	return c.prog, nil
}

type compiler struct {
	fset    *token.FileSet
	info    *types.Info
	prog    *bc.Program
	funcIdx map[types.Object]int
	globals map[types.Object]int // index into prog.Globals
	inits   []int                // user init functions, in order
}

// errorf aborts compilation with a positioned error.
func (c *compiler) errorf(n ast.Node, format string, args ...any) {
	panic(newError(c.fset, n.Pos(), fmt.Sprintf(format, args...)))
}

func (c *compiler) program(file *ast.File) {
	// Declare functions first so calls can name them before their bodies.
	var decls []*ast.FuncDecl
	c.prog.Init = len(c.prog.Funcs)
	c.prog.Funcs = append(c.prog.Funcs, &bc.Func{Name: "main.init"})
	for _, d := range file.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		name := "main." + fd.Name.Name
		if fd.Name.Name == "init" {
			name = fmt.Sprintf("main.init.%d", len(c.inits))
			if fd.Type.Params.NumFields() > 0 || fd.Type.Results.NumFields() > 0 {
				c.errorf(fd, "func init must have no arguments and no return values")
			}
		}
		idx := len(c.prog.Funcs)
		f := &bc.Func{Name: name, Line: c.fset.Position(fd.Pos()).Line}
		sig := c.info.Defs[fd.Name].(*types.Func).Signature()
		for i := 0; i < sig.Params().Len(); i++ {
			f.Params = append(f.Params, c.typeOf(sig.Params().At(i).Type(), fd.Type.Params))
		}
		for i := 0; i < sig.Results().Len(); i++ {
			f.Results = append(f.Results, c.typeOf(sig.Results().At(i).Type(), fd.Type.Results))
		}
		c.prog.Funcs = append(c.prog.Funcs, f)
		if fd.Name.Name == "init" {
			c.inits = append(c.inits, idx)
		} else {
			c.funcIdx[c.info.Defs[fd.Name]] = idx
		}
		if fd.Name.Name == "main" {
			c.prog.Main = idx
			if len(f.Params) > 0 || len(f.Results) > 0 {
				c.errorf(fd, "func main must have no arguments and no return values")
			}
		}
		decls = append(decls, fd)
	}
	// Package variables.
	for _, d := range file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for _, name := range vs.Names {
				obj := c.info.Defs[name]
				if name.Name == "_" || obj == nil {
					continue
				}
				t := c.typeOf(obj.Type(), name)
				g := bc.Global{Name: name.Name, Type: t}
				if t.IsSlice() {
					g.Index = c.prog.NumSGlobal
					c.prog.NumSGlobal++
				} else {
					g.Index = c.prog.NumGlobals
					c.prog.NumGlobals++
				}
				c.globals[obj] = len(c.prog.Globals)
				c.prog.Globals = append(c.prog.Globals, g)
			}
		}
	}
	c.compileInit(file)
	nInit := 0
	for _, fd := range decls {
		var idx int
		if fd.Name.Name == "init" {
			idx = c.inits[nInit]
			nInit++
		} else {
			idx = c.funcIdx[c.info.Defs[fd.Name]]
		}
		c.compileFunc(idx, fd)
	}
}

// compileInit builds main.init: package variables in Go's initialisation
// order, then the user's init functions.
func (c *compiler) compileInit(file *ast.File) {
	fc := c.newFuncCompiler(c.prog.Funcs[c.prog.Init], file.Package)
	for _, ini := range c.info.InitOrder {
		fc.pos = ini.Rhs.Pos()
		mark := fc.next
		fc.order(ini.Rhs, true)
		if len(ini.Lhs) == 1 {
			v := ini.Lhs[0]
			if v.Name() == "_" {
				fc.exprDiscard(ini.Rhs)
			} else {
				r := fc.expr(ini.Rhs)
				fc.storeGlobal(c.globals[v], r)
			}
		} else {
			base := fc.multiCall(ini.Rhs, len(ini.Lhs))
			for i, v := range ini.Lhs {
				if v.Name() != "_" {
					fc.storeGlobal(c.globals[v], base+i)
				}
			}
		}
		fc.next = mark
	}
	for _, idx := range c.inits {
		base := fc.alloc(1)
		fc.emit(bc.CALL, base, idx, 0)
		fc.next = base
	}
	fc.emit(bc.RET, 0, 0, 0)
	fc.finish()
}

func (c *compiler) compileFunc(idx int, fd *ast.FuncDecl) {
	f := c.prog.Funcs[idx]
	fc := c.newFuncCompiler(f, fd.Pos())
	fc.decl = fd
	// Parameters occupy registers 0..n-1.
	for _, field := range fd.Type.Params.List {
		if len(field.Names) == 0 {
			fc.alloc(1)
		}
		for _, name := range field.Names {
			r := fc.alloc(1)
			if obj := c.info.Defs[name]; obj != nil && name.Name != "_" {
				fc.vars[obj] = r
			}
		}
	}
	// Named results are locals, zeroed on entry.
	if fd.Type.Results != nil {
		i := 0
		for _, field := range fd.Type.Results.List {
			for _, name := range field.Names {
				r := fc.alloc(1)
				fc.zero(r, f.Results[i])
				if obj := c.info.Defs[name]; obj != nil {
					fc.vars[obj] = r
				}
				fc.namedResults = append(fc.namedResults, r)
				i++
			}
			if len(field.Names) == 0 {
				i++
			}
		}
	}
	fc.block(fd.Body.List)
	// Falling off the end: only possible for functions without results
	// (go/types reports a missing return otherwise).
	fc.pos = fd.Body.Rbrace
	fc.emitReturn(nil)
	fc.finish()
}

// typeOf maps a Go type to a bytecode type, or rejects it.
func (c *compiler) typeOf(t types.Type, at ast.Node) *bc.Type {
	switch t := t.(type) {
	case *types.Basic:
		switch t.Kind() {
		case types.Int, types.UntypedInt:
			return bc.Int
		case types.Float64, types.UntypedFloat:
			return bc.Float
		case types.Bool, types.UntypedBool:
			return bc.Bool
		case types.String, types.UntypedString:
			c.errorf(at, "string values are not supported (strings may only be literals passed to fmt functions and panic)")
		case types.UntypedRune:
			c.errorf(at, "rune values are not supported")
		case types.UntypedNil:
			c.errorf(at, "nil is only supported as a slice value")
		}
		c.errorf(at, "type %s is not supported (only int, float64, bool and slices of them)", t.Name())
	case *types.Slice:
		return bc.SliceOf(c.typeOf(t.Elem(), at))
	case *types.Alias:
		return c.typeOf(types.Unalias(t), at)
	case *types.Named:
		if t.Obj().Pkg() == nil && t.Obj().Name() == "error" {
			c.errorf(at, "error values are not supported")
		}
		c.errorf(at, "named types are not supported")
	case *types.Signature:
		c.errorf(at, "function values are not supported")
	case *types.Array:
		c.errorf(at, "arrays are not supported")
	case *types.Map:
		c.errorf(at, "maps are not supported")
	case *types.Pointer:
		c.errorf(at, "pointers are not supported")
	case *types.Struct:
		c.errorf(at, "structs are not supported")
	case *types.Interface:
		c.errorf(at, "interfaces are not supported")
	case *types.Chan:
		c.errorf(at, "channels are not supported")
	case *types.Tuple:
		c.errorf(at, "multiple values are not supported here")
	}
	c.errorf(at, "type %s is not supported", t)
	return nil
}
