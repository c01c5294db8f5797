package compiler

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"math"
)

// stdImporter gives the type checker the few declarations of fmt, math and
// os that the language allows, so that compiling does not depend on the Go
// toolchain's export data or sources being present.
type stdImporter struct{ pkgs map[string]*types.Package }

func newStdImporter() *stdImporter {
	return &stdImporter{pkgs: map[string]*types.Package{
		"fmt":  fakeFmt(),
		"math": fakeMath(),
		"os":   fakeOS(),
	}}
}

func (im *stdImporter) Import(path string) (*types.Package, error) {
	if p, ok := im.pkgs[path]; ok {
		return p, nil
	}
	return nil, fmt.Errorf("import %q is not supported (only fmt, math and os)", path)
}

func newFunc(pkg *types.Package, name string, params, results []*types.Var, variadic bool) {
	sig := types.NewSignatureType(nil, nil, nil, types.NewTuple(params...), types.NewTuple(results...), variadic)
	pkg.Scope().Insert(types.NewFunc(token.NoPos, pkg, name, sig))
}

func param(pkg *types.Package, name string, t types.Type) *types.Var {
	return types.NewParam(token.NoPos, pkg, name, t)
}

func fakeFmt() *types.Package {
	pkg := types.NewPackage("fmt", "fmt")
	anyT := types.Universe.Lookup("any").Type()
	errT := types.Universe.Lookup("error").Type()
	intT := types.Typ[types.Int]
	strT := types.Typ[types.String]
	res := func() []*types.Var { return []*types.Var{param(pkg, "n", intT), param(pkg, "err", errT)} }
	newFunc(pkg, "Println", []*types.Var{param(pkg, "a", types.NewSlice(anyT))}, res(), true)
	newFunc(pkg, "Print", []*types.Var{param(pkg, "a", types.NewSlice(anyT))}, res(), true)
	newFunc(pkg, "Printf", []*types.Var{param(pkg, "format", strT), param(pkg, "a", types.NewSlice(anyT))}, res(), true)
	pkg.MarkComplete()
	return pkg
}

func fakeMath() *types.Package {
	pkg := types.NewPackage("math", "math")
	f := types.Typ[types.Float64]
	for _, name := range []string{"Sqrt", "Abs", "Floor", "Ceil"} {
		newFunc(pkg, name, []*types.Var{param(pkg, "x", f)}, []*types.Var{param(pkg, "", f)}, false)
	}
	ui := types.Typ[types.UntypedInt]
	uf := types.Typ[types.UntypedFloat]
	consts := []struct {
		name string
		t    types.Type
		v    constant.Value
	}{
		{"MaxInt64", ui, constant.MakeInt64(math.MaxInt64)},
		{"MinInt64", ui, constant.MakeInt64(math.MinInt64)},
		{"MaxInt", ui, constant.MakeInt64(math.MaxInt)},
		{"MinInt", ui, constant.MakeInt64(math.MinInt)},
		{"Pi", uf, constant.MakeFromLiteral("3.14159265358979323846264338327950288419716939937510582097494459", token.FLOAT, 0)},
	}
	for _, c := range consts {
		pkg.Scope().Insert(types.NewConst(token.NoPos, pkg, c.name, c.t, c.v))
	}
	pkg.MarkComplete()
	return pkg
}

func fakeOS() *types.Package {
	pkg := types.NewPackage("os", "os")
	newFunc(pkg, "Exit", []*types.Var{param(pkg, "code", types.Typ[types.Int])}, nil, false)
	pkg.MarkComplete()
	return pkg
}
