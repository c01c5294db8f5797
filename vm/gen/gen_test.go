package gen

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"strconv"
	"testing"

	"github.com/jitvm/jitvm/vm"
)

// Every generated program compiles with jitvm (which type-checks with
// go/types: unused variables and imports, constant overflow and constant
// division by zero are errors there as in the Go toolchain), is gofmt'd,
// and the same seed gives the same program.
func TestProgramsCompile(t *testing.T) {
	n := 100
	if testing.Short() {
		n = 20
	}
	for seed := range int64(n) {
		src := Program(seed, Config{})
		if _, err := vm.Compile("gen.go", src); err != nil {
			t.Fatalf("seed %d: %v\n%s", seed, err, numbered(src))
		}
		if f, _ := format.Source(src); !bytes.Equal(f, src) {
			t.Fatalf("seed %d: not gofmt'd", seed)
		}
		if !bytes.Equal(Program(seed, Config{}), src) {
			t.Fatalf("seed %d: not deterministic", seed)
		}
	}
}

func numbered(src []byte) string {
	var b bytes.Buffer
	for i, l := range bytes.Split(src, []byte("\n")) {
		b.WriteString(itoa(i + 1))
		b.WriteString("\t")
		b.Write(l)
		b.WriteString("\n")
	}
	return b.String()
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// Without risk and aborts, programs run to the end: nothing panics and
// nothing exits.
func TestNoRisk(t *testing.T) {
	n := int64(30)
	if s := os.Getenv("GEN_NORISK_SEEDS"); s != "" {
		n, _ = strconv.ParseInt(s, 10, 64)
	}
	for seed := range n {
		src := Program(seed, Config{Risk: -1, Abort: -1})
		prog, err := vm.Compile("gen.go", src)
		if err != nil {
			t.Fatal(err)
		}
		if err := vm.New(prog, vm.Options{}).Run(); err != nil {
			t.Errorf("seed %d: %v", seed, err)
		}
	}
}

// With ImpureCalls, programs compile, are gofmt'd and deterministic, say
// so in their first line, and call functions with side effects inside
// expressions; without risk and aborts they still run to the end.
func TestImpureCalls(t *testing.T) {
	n := int64(60)
	if testing.Short() {
		n = 15
	}
	withCall := 0
	for seed := range n {
		cfg := Config{ImpureCalls: true}
		if seed%2 == 1 {
			cfg.Risk, cfg.Abort = -1, -1
		}
		src := Program(seed, cfg)
		if !bytes.Contains(src[:bytes.IndexByte(src, '\n')], []byte("impure calls")) {
			t.Fatalf("seed %d: the first line does not say impure calls: %s", seed, src[:bytes.IndexByte(src, '\n')])
		}
		prog, err := vm.Compile("gen.go", src)
		if err != nil {
			t.Fatalf("seed %d: %v\n%s", seed, err, numbered(src))
		}
		if f, _ := format.Source(src); !bytes.Equal(f, src) {
			t.Fatalf("seed %d: not gofmt'd", seed)
		}
		if !bytes.Equal(Program(seed, cfg), src) {
			t.Fatalf("seed %d: not deterministic", seed)
		}
		if impureInExpr(src) {
			withCall++
		}
		if cfg.Risk < 0 {
			if err := vm.New(prog, vm.Options{}).Run(); err != nil {
				t.Errorf("seed %d (no risk): %v", seed, err)
			}
		}
	}
	if withCall < int(n)*3/4 {
		t.Errorf("only %d programs of %d call a function with side effects inside an expression", withCall, n)
	}
}

// impureInExpr reports whether a function that assigns a global is called
// inside a larger expression: as an operand of a binary operator.
func impureInExpr(src []byte) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "gen.go", src, 0)
	if err != nil {
		return false
	}
	globals := map[string]bool{}
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.VAR {
			for _, s := range gd.Specs {
				for _, n := range s.(*ast.ValueSpec).Names {
					globals[n.Name] = true
				}
			}
		}
	}
	impure := map[string]bool{}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			switch s := n.(type) {
			case *ast.AssignStmt:
				for _, l := range s.Lhs {
					if id, ok := l.(*ast.Ident); ok && globals[id.Name] {
						impure[fd.Name.Name] = true
					}
				}
			case *ast.IncDecStmt:
				if id, ok := s.X.(*ast.Ident); ok && globals[id.Name] {
					impure[fd.Name.Name] = true
				}
			}
			return true
		})
	}
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		if b, ok := n.(*ast.BinaryExpr); ok {
			for _, x := range []ast.Expr{b.X, b.Y} {
				if c, ok := x.(*ast.CallExpr); ok {
					if id, ok := c.Fun.(*ast.Ident); ok && impure[id.Name] {
						found = true
					}
				}
			}
		}
		return !found
	})
	return found
}
