package compiler

import (
	"go/ast"
	"go/types"
)

// allowedBuiltins are the builtins the language has.
var allowedBuiltins = map[string]bool{
	"len": true, "cap": true, "make": true, "append": true, "copy": true,
	"min": true, "max": true, "panic": true,
}

// typeCheck walks the typed tree and rejects, at the position of the
// offending expression, types and uses the language does not have: a type
// expression naming an unsupported type, a builtin it lacks, a function used
// as a value.
func (c *compiler) typeCheck(file *ast.File) {
	var stack []ast.Node
	ast.Inspect(file, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		var parent ast.Node
		if len(stack) > 0 {
			parent = stack[len(stack)-1]
		}
		stack = append(stack, n)
		switch n := n.(type) {
		case *ast.ImportSpec:
			return false
		case *ast.Ident:
			if tv, ok := c.info.Types[n]; ok && tv.IsType() {
				c.typeOf(tv.Type, n)
			}
			switch obj := c.info.Uses[n].(type) {
			case *types.Func:
				if call, ok := parent.(*ast.CallExpr); !ok || call.Fun != ast.Expr(n) {
					if sel, ok := parent.(*ast.SelectorExpr); !ok || sel.Sel != n {
						c.errorf(n, "function values are not supported")
					}
				}
			case *types.Builtin:
				if !allowedBuiltins[obj.Name()] {
					c.errorf(n, "%s is not supported", obj.Name())
				}
			}
		case *ast.SelectorExpr:
			if obj, ok := c.info.Uses[n.Sel].(*types.Func); ok {
				if call, ok := parent.(*ast.CallExpr); !ok || call.Fun != ast.Expr(n) {
					c.errorf(n, "function values are not supported")
				}
				_ = obj
			}
		case *ast.ArrayType:
			if tv, ok := c.info.Types[n]; ok && tv.IsType() {
				c.typeOf(tv.Type, n)
			}
		}
		return true
	})
}
