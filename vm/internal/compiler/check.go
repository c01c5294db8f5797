package compiler

import (
	"fmt"
	"go/ast"
	"go/token"
	"strconv"
)

// subsetCheck walks the syntax tree before type checking and rejects what
// lies outside jitvm's language, naming the feature. Type-level rules (string
// values, unsupported basic types) are checked during lowering, where the
// types are known.
func subsetCheck(fset *token.FileSet, f *ast.File) error {
	var err error
	fail := func(n ast.Node, format string, args ...any) {
		if err == nil {
			err = newError(fset, n.Pos(), fmt.Sprintf(format, args...))
		}
	}
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		switch path {
		case "fmt", "math", "os":
			if imp.Name != nil {
				fail(imp, "renamed imports are not supported")
			}
		default:
			fail(imp, "import %q is not supported (only fmt, math and os)", path)
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if err != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if pkg, ok := n.X.(*ast.Ident); ok && allowedPkgMembers[pkg.Name] != nil && !allowedPkgMembers[pkg.Name][n.Sel.Name] && importsPkg(f, pkg.Name) {
				fail(n, "%s.%s is not supported", pkg.Name, n.Sel.Name)
			}
		case *ast.FuncDecl:
			if n.Body == nil {
				fail(n.Name, "missing function body")
			}
			if n.Recv != nil {
				fail(n, "methods are not supported")
			} else if n.Type.TypeParams != nil {
				fail(n.Type.TypeParams, "generics are not supported")
			}
		case *ast.GenDecl:
			if n.Tok == token.TYPE {
				fail(n, "named types are not supported")
			}
		case *ast.TypeSpec:
			fail(n, "named types are not supported")
		case *ast.StructType:
			fail(n, "structs are not supported")
		case *ast.MapType:
			fail(n, "maps are not supported")
		case *ast.StarExpr:
			fail(n, "pointers are not supported")
		case *ast.UnaryExpr:
			switch n.Op {
			case token.AND:
				fail(n, "pointers are not supported")
			case token.ARROW:
				fail(n, "channels are not supported")
			}
		case *ast.InterfaceType:
			fail(n, "interfaces are not supported")
		case *ast.ChanType:
			fail(n, "channels are not supported")
		case *ast.SendStmt:
			fail(n, "channels are not supported")
		case *ast.FuncLit:
			fail(n, "function literals are not supported")
		case *ast.FuncType:
			// Function types outside declarations are func values.
		case *ast.GoStmt:
			fail(n, "goroutines are not supported")
		case *ast.DeferStmt:
			fail(n, "defer is not supported")
		case *ast.SelectStmt:
			fail(n, "select is not supported")
		case *ast.TypeSwitchStmt:
			fail(n, "type switches are not supported")
		case *ast.TypeAssertExpr:
			fail(n, "type assertions are not supported")
		case *ast.ArrayType:
			if n.Len != nil {
				fail(n, "arrays are not supported")
			}
		case *ast.Ellipsis:
			if n.Elt != nil {
				fail(n, "variadic functions are not supported")
			}
		case *ast.IndexListExpr:
			fail(n, "generics are not supported")
		case *ast.BranchStmt:
			switch n.Tok {
			case token.GOTO:
				fail(n, "goto is not supported")
			case token.FALLTHROUGH:
				fail(n, "fallthrough is not supported")
			}
		case *ast.RangeStmt:
			// checked with types
		}
		return true
	})
	return err
}

// allowedPkgMembers lists what the language takes from each package.
var allowedPkgMembers = map[string]map[string]bool{
	"fmt":  {"Println": true, "Print": true, "Printf": true},
	"math": {"Sqrt": true, "Abs": true, "Floor": true, "Ceil": true, "MaxInt64": true, "MinInt64": true, "MaxInt": true, "MinInt": true, "Pi": true},
	"os":   {"Exit": true},
}

func importsPkg(f *ast.File, name string) bool {
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == name {
			return true
		}
	}
	return false
}
