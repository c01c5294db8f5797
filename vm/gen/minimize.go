package gen

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"regexp"
	"strings"
	"time"

	"github.com/jitvm/jitvm/vm"
)

// MinimizeOptions bound a minimization.
type MinimizeOptions struct {
	// MaxTests bounds the calls of interesting (default 5000).
	MaxTests int
	// Deadline, if set, stops the minimization then, keeping the smallest
	// program found.
	Deadline time.Time
	// Log, if set, is told about every smaller program found.
	Log func(format string, args ...any)
}

// Minimize shrinks a program while interesting holds for it, in the
// manner of delta debugging, by edits of its syntax tree: it removes
// functions, package-level declarations and statements (outer ones first,
// so whole loops go at once), replaces compound statements by one of
// their bodies, drops else branches, and replaces binary expressions by
// one operand. Every candidate is repaired first (Fix) so that removing
// the last use of a variable does not make it invalid; interesting sees
// only candidates that compile with jitvm, and must itself check whatever
// else it needs (the Go toolchain, say).
//
// Statements a generated program needs to terminate are kept: the counter
// increment (and break) at the top of condition and infinite loops, and a
// recursive function's base case; loop headers are not edited.
func Minimize(src []byte, interesting func([]byte) bool, o MinimizeOptions) []byte {
	if o.MaxTests <= 0 {
		o.MaxTests = 5000
	}
	m := &minimizer{interesting: interesting, o: o}
	cur := src
	for progress := true; progress && !m.done(); {
		progress = false
		for _, p := range passes {
			for i := 0; !m.done(); {
				cand, ok := p.edit(cur, i)
				if !ok {
					break
				}
				if next, ok := m.try(cand); ok && len(next) < len(cur) {
					cur = next
					progress = true
					if o.Log != nil {
						o.Log("minimize: %s: %d bytes", p.name, len(cur))
					}
					continue // the same index is now the next site
				}
				i++
			}
		}
	}
	return cur
}

type minimizer struct {
	interesting func([]byte) bool
	o           MinimizeOptions
	tests       int
}

func (m *minimizer) done() bool {
	return m.tests >= m.o.MaxTests || (!m.o.Deadline.IsZero() && time.Now().After(m.o.Deadline))
}

func (m *minimizer) try(cand []byte) ([]byte, bool) {
	fixed := Fix(cand)
	if fixed == nil {
		return nil, false
	}
	m.tests++
	return fixed, m.interesting(fixed)
}

// A pass enumerates the edits of one kind: edit(src, i) returns the
// program with the i-th edit applied, or false when there are fewer than
// i+1.
type pass struct {
	name string
	edit func(src []byte, i int) ([]byte, bool)
}

var passes = []pass{
	{"remove declaration", removeDecl},
	{"remove statement", func(src []byte, i int) ([]byte, bool) { return stmtEdit(src, i, false) }},
	{"flatten statement", func(src []byte, i int) ([]byte, bool) { return stmtEdit(src, i, true) }},
	{"simplify expression", simplifyExpr},
}

func parse(src []byte) (*token.FileSet, *ast.File, bool) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "prog.go", src, parser.ParseComments)
	return fset, f, err == nil
}

func render(fset *token.FileSet, f *ast.File) ([]byte, bool) {
	// Comments would be misplaced by the edits.
	f.Comments = nil
	decls := f.Decls[:0]
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && len(gd.Specs) == 0 {
			continue
		}
		decls = append(decls, d)
	}
	f.Decls = decls
	var b bytes.Buffer
	if err := format.Node(&b, fset, f); err != nil {
		return nil, false
	}
	out, err := format.Source(tidy(b.Bytes()))
	if err != nil {
		return nil, false
	}
	return out, true
}

// tidy removes the blank lines that removed statements leave at the start
// and end of blocks, and collapses runs of them.
func tidy(src []byte) []byte {
	lines := strings.Split(string(src), "\n")
	var out []string
	for i, l := range lines {
		blank := strings.TrimSpace(l) == ""
		if blank && len(out) > 0 {
			prev := strings.TrimSpace(out[len(out)-1])
			next := ""
			if i+1 < len(lines) {
				next = strings.TrimSpace(lines[i+1])
			}
			inside := i+1 < len(lines) && strings.HasPrefix(lines[i+1], "\t")
			if prev == "" || inside || strings.HasSuffix(prev, "{") || strings.HasPrefix(next, "}") {
				continue
			}
		}
		out = append(out, l)
	}
	return []byte(strings.Join(out, "\n"))
}

// removeDecl removes the i-th function (not main) or package-level
// const/var spec.
func removeDecl(src []byte, i int) ([]byte, bool) {
	fset, f, ok := parse(src)
	if !ok {
		return nil, false
	}
	n := 0
	for di, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Name.Name == "main" {
				continue
			}
			if n == i {
				f.Decls = append(f.Decls[:di:di], f.Decls[di+1:]...)
				return render(fset, f)
			}
			n++
		case *ast.GenDecl:
			if d.Tok == token.IMPORT {
				continue
			}
			for si := range d.Specs {
				if n == i {
					d.Specs = append(d.Specs[:si:si], d.Specs[si+1:]...)
					if len(d.Specs) == 0 {
						f.Decls = append(f.Decls[:di:di], f.Decls[di+1:]...)
					}
					return render(fset, f)
				}
				n++
			}
		}
	}
	return nil, false
}

// stmtList is a list of statements the minimizer may edit.
type stmtList struct {
	list *[]ast.Stmt
}

// stmtSites lists, in pre-order, every statement that may be edited, with
// the list it is in.
func stmtSites(f *ast.File) (sites []stmtList, index []int) {
	guards := loopGuards(f)
	var visitList func(l *[]ast.Stmt, fn *ast.FuncDecl)
	var visitStmt func(s ast.Stmt, fn *ast.FuncDecl)
	visitList = func(l *[]ast.Stmt, fn *ast.FuncDecl) {
		for i, s := range *l {
			if guards[s] || protected(*l, i, fn) {
				continue
			}
			sites = append(sites, stmtList{l})
			index = append(index, i)
			visitStmt(s, fn)
		}
	}
	visitStmt = func(s ast.Stmt, fn *ast.FuncDecl) {
		switch s := s.(type) {
		case *ast.BlockStmt:
			visitList(&s.List, fn)
		case *ast.IfStmt:
			visitList(&s.Body.List, fn)
			if s.Else != nil {
				visitStmt(s.Else, fn)
			}
		case *ast.ForStmt:
			visitList(&s.Body.List, fn)
		case *ast.RangeStmt:
			visitList(&s.Body.List, fn)
		case *ast.SwitchStmt:
			for _, c := range s.Body.List {
				visitList(&c.(*ast.CaseClause).Body, fn)
			}
		case *ast.LabeledStmt:
			visitStmt(s.Stmt, fn)
		}
	}
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Body != nil {
			visitList(&fn.Body.List, fn)
		}
	}
	return sites, index
}

// protected reports whether statement i of list l is one the program
// needs to terminate: a loop's counter increment and its break test, or a
// recursive function's base case.
func protected(l []ast.Stmt, i int, fn *ast.FuncDecl) bool {
	if i == 0 && fn != nil && len(fn.Type.Params.List) > 0 && len(fn.Body.List) > 0 && &fn.Body.List[0] == &l[0] {
		if ifs, ok := l[0].(*ast.IfStmt); ok {
			if be, ok := ifs.Cond.(*ast.BinaryExpr); ok && be.Op == token.LEQ {
				if id, ok := be.X.(*ast.Ident); ok && id.Name == fn.Type.Params.List[0].Names[0].Name {
					return true
				}
			}
		}
	}
	return false
}

// loopGuards marks the first statements of condition and infinite loops'
// bodies, which the generator relies on to end the loop.
func loopGuards(f *ast.File) map[ast.Stmt]bool {
	g := map[ast.Stmt]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		fs, ok := n.(*ast.ForStmt)
		if !ok || fs.Init != nil || fs.Post != nil {
			return true
		}
		for k, s := range fs.Body.List {
			if k >= 2 {
				break
			}
			switch s.(type) {
			case *ast.IncDecStmt:
				g[s] = true
			case *ast.IfStmt:
				if fs.Cond == nil {
					g[s] = true
				}
			}
		}
		return true
	})
	return g
}

// stmtEdit removes the i-th statement, or with flatten replaces it by
// the statements of one of its bodies.
func stmtEdit(src []byte, i int, flatten bool) ([]byte, bool) {
	fset, f, ok := parse(src)
	if !ok {
		return nil, false
	}
	sites, index := stmtSites(f)
	n := 0
	for k := range sites {
		l, j := sites[k].list, index[k]
		s := (*l)[j]
		var repl [][]ast.Stmt
		if flatten {
			repl = bodies(s)
		} else {
			repl = [][]ast.Stmt{nil}
		}
		for _, r := range repl {
			if n == i {
				nl := append(append(append([]ast.Stmt{}, (*l)[:j]...), r...), (*l)[j+1:]...)
				*l = nl
				if !flatten {
					// The uses Fix added for what s declared go too.
					removeBlankUses(f, declared(s))
				}
				return render(fset, f)
			}
			n++
		}
	}
	return nil, false
}

// declared are the names a statement declares.
func declared(s ast.Stmt) map[string]bool {
	names := map[string]bool{}
	switch s := s.(type) {
	case *ast.AssignStmt:
		if s.Tok == token.DEFINE {
			for _, e := range s.Lhs {
				if id, ok := e.(*ast.Ident); ok {
					names[id.Name] = true
				}
			}
		}
	case *ast.DeclStmt:
		if gd, ok := s.Decl.(*ast.GenDecl); ok {
			for _, sp := range gd.Specs {
				if vs, ok := sp.(*ast.ValueSpec); ok {
					for _, id := range vs.Names {
						names[id.Name] = true
					}
				}
			}
		}
	}
	return names
}

// removeBlankUses removes the statements "_ = x" for the names given.
func removeBlankUses(f *ast.File, names map[string]bool) {
	if len(names) == 0 {
		return
	}
	isUse := func(s ast.Stmt) bool {
		as, ok := s.(*ast.AssignStmt)
		if !ok || as.Tok != token.ASSIGN || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
			return false
		}
		l, ok1 := as.Lhs[0].(*ast.Ident)
		r, ok2 := as.Rhs[0].(*ast.Ident)
		return ok1 && ok2 && l.Name == "_" && names[r.Name]
	}
	filter := func(l []ast.Stmt) []ast.Stmt {
		out := l[:0]
		for _, s := range l {
			if !isUse(s) {
				out = append(out, s)
			}
		}
		return out
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			n.List = filter(n.List)
		case *ast.CaseClause:
			n.Body = filter(n.Body)
		}
		return true
	})
}

// bodies are the statement lists a compound statement may be replaced by.
func bodies(s ast.Stmt) [][]ast.Stmt {
	switch s := s.(type) {
	case *ast.BlockStmt:
		return [][]ast.Stmt{s.List}
	case *ast.IfStmt:
		out := [][]ast.Stmt{s.Body.List}
		switch e := s.Else.(type) {
		case *ast.BlockStmt:
			out = append(out, e.List)
		case *ast.IfStmt:
			out = append(out, []ast.Stmt{e})
		}
		if s.Else != nil {
			// The if without its else.
			c := *s
			c.Else = nil
			out = append(out, []ast.Stmt{&c})
		}
		return out
	case *ast.ForStmt:
		if s.Init == nil && s.Post == nil {
			return nil // the counter is declared outside; its body needs the loop
		}
		return [][]ast.Stmt{s.Body.List}
	case *ast.RangeStmt:
		return [][]ast.Stmt{s.Body.List}
	case *ast.SwitchStmt:
		var out [][]ast.Stmt
		for _, c := range s.Body.List {
			out = append(out, c.(*ast.CaseClause).Body)
		}
		return out
	case *ast.LabeledStmt:
		return [][]ast.Stmt{{s.Stmt}}
	}
	return nil
}

// simplifyExpr replaces the i-th binary expression (outside loop headers
// and base cases) by one of its operands.
func simplifyExpr(src []byte, i int) ([]byte, bool) {
	fset, f, ok := parse(src)
	if !ok {
		return nil, false
	}
	n := 0
	var done bool
	var fname string // the function being visited
	var visit func(e *ast.Expr)
	visit = func(e *ast.Expr) {
		if done || *e == nil {
			return
		}
		if cl, ok := (*e).(*ast.CompositeLit); ok {
			for k := range cl.Elts {
				if n == i {
					cl.Elts = append(cl.Elts[:k:k], cl.Elts[k+1:]...)
					done = true
					return
				}
				n++
			}
		}
		if p, ok := (*e).(*ast.ParenExpr); ok {
			switch p.X.(type) {
			case *ast.Ident, *ast.BasicLit, *ast.CallExpr, *ast.IndexExpr:
				if n == i {
					*e = p.X
					done = true
					return
				}
				n++
			}
		}
		if call, ok := (*e).(*ast.CallExpr); ok {
			// Arguments may be simplified, except a recursive call's: its
			// depth must go down.
			if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != fname {
				for k := range call.Args {
					visit(&call.Args[k])
				}
			}
			return
		}
		if be, ok := (*e).(*ast.BinaryExpr); ok {
			var ops []ast.Expr
			switch be.Op {
			case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
			case token.SHL, token.SHR:
				ops = []ast.Expr{be.X}
			default:
				ops = []ast.Expr{be.X, be.Y}
			}
			for _, op := range ops {
				if n == i {
					*e = op
					done = true
					return
				}
				n++
			}
		}
		forEachChildExpr(*e, visit)
	}
	var inspect func(ast.Node) bool
	inspect = func(node ast.Node) bool {
		if done {
			return false
		}
		switch s := node.(type) {
		case *ast.ForStmt:
			// The header stays, Init and Post included.
			ast.Inspect(s.Body, inspect)
			return false
		case *ast.IfStmt:
			if isBaseCase(f, s) {
				return false
			}
			visit(&s.Cond)
		case *ast.AssignStmt:
			for k := range s.Rhs {
				visit(&s.Rhs[k])
			}
		case *ast.ExprStmt:
			visit(&s.X)
		case *ast.ReturnStmt:
			for k := range s.Results {
				visit(&s.Results[k])
			}
		case *ast.ValueSpec:
			for k := range s.Values {
				visit(&s.Values[k])
			}
		case *ast.SwitchStmt:
			visit(&s.Tag)
		}
		return true
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			fname = fd.Name.Name
		} else {
			fname = ""
		}
		ast.Inspect(d, inspect)
	}
	if !done {
		return nil, false
	}
	return render(fset, f)
}

// forEachChildExpr visits the operands of e that hold values (not the
// arguments of calls, which may be a recursion's depth).
func forEachChildExpr(e ast.Expr, visit func(*ast.Expr)) {
	switch e := e.(type) {
	case *ast.BinaryExpr:
		visit(&e.X)
		visit(&e.Y)
	case *ast.ParenExpr:
		visit(&e.X)
	case *ast.UnaryExpr:
		visit(&e.X)
	case *ast.IndexExpr:
		visit(&e.Index)
	case *ast.CompositeLit:
		for k := range e.Elts {
			visit(&e.Elts[k])
		}
	}
}

func isBaseCase(f *ast.File, s *ast.IfStmt) bool {
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Body != nil && len(fn.Body.List) > 0 && fn.Body.List[0] == ast.Stmt(s) {
			return protected(fn.Body.List, 0, fn)
		}
	}
	return false
}

var (
	unusedVar    = regexp.MustCompile(`^declared and not used: (\w+)$`)
	unusedImport = regexp.MustCompile(`^"(\w+)" imported and not used$`)
	unusedLabel  = regexp.MustCompile(`^label (\w+) declared and not used$`)
)

// Fix repairs what removing code breaks: a variable no longer read gets
// "_ = x" after its declaration, an import no longer used goes, and so
// does a label no longer used. It returns nil when the program does not
// compile with jitvm for another reason.
func Fix(src []byte) []byte {
	for range 50 {
		_, err := vm.Compile("prog.go", src)
		if err == nil {
			return src
		}
		var ce *vm.CompileError
		if !errors.As(err, &ce) {
			return nil
		}
		lines := strings.Split(string(src), "\n")
		ln := ce.Pos.Line - 1
		if ln < 0 || ln >= len(lines) {
			return nil
		}
		switch {
		case unusedVar.MatchString(ce.Msg):
			name := unusedVar.FindStringSubmatch(ce.Msg)[1]
			if strings.HasSuffix(strings.TrimSpace(lines[ln]), "{") && strings.Contains(lines[ln], "switch") {
				return nil
			}
			lines = append(lines[:ln+1], append([]string{"_ = " + name}, lines[ln+1:]...)...)
		case unusedImport.MatchString(ce.Msg):
			lines = append(lines[:ln], lines[ln+1:]...)
		case unusedLabel.MatchString(ce.Msg):
			name := unusedLabel.FindStringSubmatch(ce.Msg)[1]
			lines[ln] = strings.Replace(lines[ln], name+":", "", 1)
		default:
			return nil
		}
		out, err := format.Source([]byte(strings.Join(lines, "\n")))
		if err != nil {
			return nil
		}
		src = out
	}
	return nil
}

// Describe is a short summary of a program's size, for logs.
func Describe(src []byte) string {
	return fmt.Sprintf("%d lines, %d bytes", bytes.Count(src, []byte("\n")), len(src))
}
