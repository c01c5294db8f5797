package gen

import (
	"fmt"
	"go/constant"
	"strings"
)

// fctx is the state of one function body's generation.
type fctx struct {
	g        *gen
	f        *fn // nil for package-level initialisers
	scopes   []*scope
	targets  []*target // enclosing loops and switches, innermost last
	mult     int64     // product of the trip counts of the enclosing loops
	cost     int64     // estimated statements executed so far, per call
	budget   int64
	depth    int // block nesting
	recSites int // recursive calls generated
	aborted  bool
	initExpr bool // a package-level initialiser: no statements, no risk
}

// target is what break and continue may refer to.
type target struct {
	loop      bool
	label     string // candidate label (emitted only if used)
	labelUsed bool
}

func (c *fctx) pure() bool { return c.f != nil && c.f.pure }

func (c *fctx) push() { c.scopes = append(c.scopes, &scope{}) }

func (c *fctx) declare(v *variable) {
	s := c.scopes[len(c.scopes)-1]
	s.vars = append(s.vars, v)
}

func (c *fctx) addFact(f fact) {
	s := c.scopes[len(c.scopes)-1]
	s.facts = append(s.facts, f)
	f.s.pins++
}

// pop closes the innermost scope: variables declared and never read get a
// use (Go rejects unused variables), before the block's final jump if it
// has one.
func (c *fctx) pop(body []string) []string {
	s := c.scopes[len(c.scopes)-1]
	c.scopes = c.scopes[:len(c.scopes)-1]
	for _, f := range s.facts {
		f.s.pins--
	}
	for _, v := range s.hides {
		v.hidden--
	}
	var uses []string
	read := readsIn(body)
	for _, v := range s.vars {
		r := read[v.name]
		if v.shadows {
			// Before its declaration the name is the outer variable's.
			r = readsIn(after(body, v.name))[v.name]
		}
		if !v.param && v.cnst == nil && !r {
			uses = append(uses, c.useStmt(v))
		}
	}
	if len(uses) == 0 {
		return body
	}
	if c.terminated(body) {
		last := body[len(body)-1]
		return append(append(body[:len(body)-1:len(body)-1], uses...), last)
	}
	return append(body, uses...)
}

// after are the statements of body after the one that declares name.
func after(body []string, name string) []string {
	for i, s := range body {
		if strings.HasPrefix(s, name+" := ") || strings.HasPrefix(s, "var "+name+" ") {
			return body[i+1:]
		}
	}
	return nil
}

// useStmt reads v, folding it into the checksum where possible.
func (c *fctx) useStmt(v *variable) string {
	if c.pure() || c.g.chance(0.15) {
		return "_ = " + v.name
	}
	switch v.t {
	case Int:
		return "chk += " + v.name
	case Float:
		return "chk = chk*3 + f2i(" + v.name + ")"
	case Bool:
		return "if " + v.name + " {\nchk++\n}"
	}
	return "chk += len(" + v.name + ")"
}

// terminated reports whether body ends with a jump out of the block.
func (c *fctx) terminated(body []string) bool {
	if len(body) == 0 {
		return false
	}
	last := body[len(body)-1]
	for _, p := range []string{"return", "break", "continue", "panic("} {
		if strings.HasPrefix(last, p) {
			return true
		}
	}
	return false
}

// spend charges n statements, executed mult times, to the budget; it
// reports false (and charges nothing) when they do not fit.
func (c *fctx) spend(n int64) bool {
	if c.cost+n*c.mult > c.budget {
		return false
	}
	c.cost += n * c.mult
	return true
}

// affords reports whether a call of f fits in the budget here.
func (c *fctx) affords(f *fn) bool { return c.cost+(f.cost+1)*c.mult <= c.budget }

// stmts generates up to n statements.
func (c *fctx) stmts(n int) []string {
	var out []string
	for range n {
		if !c.spend(1) {
			break
		}
		for range 8 {
			if s := c.stmt(); s != "" {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

// block generates a nested block's statements in a new scope; with jump,
// it may end with break, continue or return.
func (c *fctx) block(n int, jump bool, decls []*variable, facts ...fact) []string {
	return c.blockWith(n, jump, decls, nil, facts...)
}

// blockWith is block whose first statements are first's, generated in the
// block's scope.
func (c *fctx) blockWith(n int, jump bool, decls []*variable, first func() []string, facts ...fact) []string {
	c.depth++
	defer func() { c.depth-- }()
	c.push()
	for _, v := range decls {
		c.declare(v)
	}
	for _, f := range facts {
		c.addFact(f)
	}
	var body []string
	if first != nil {
		body = first()
	}
	body = append(body, c.stmts(n)...)
	if jump && c.g.chance(0.15) {
		if s := c.jump(); s != "" {
			body = append(body, s)
		}
	}
	return c.pop(body)
}

func (c *fctx) blockSize() int {
	return c.g.between(1, max(1, c.g.cfg.Stmts-c.depth))
}

func braces(body []string) string { return "{\n" + strings.Join(body, "\n") + "\n}" }

// stmt generates one statement, or "" when the chosen kind does not fit.
func (c *fctx) stmt() string {
	g := c.g
	nested := c.depth < g.cfg.Depth
	w := []int{
		12, // 0 declaration
		12, // 1 assignment
		8,  // 2 element store
		8,  // 3 checksum
		5,  // 4 append
		2,  // 5 reslice
		2,  // 6 copy
		3,  // 7 multiple assignment
		0,  // 8 if
		0,  // 9 loop
		0,  // 10 switch
		9,  // 11 call
		4,  // 12 print
		3,  // 13 conditional break/continue
		2,  // 14 conditional return
		1,  // 15 os.Exit or panic
		0,  // 16 block
		1,  // 17 local constant
		0,  // 18 length guard
		0,  // 19 loop nest over a slice of slices
	}
	if nested {
		w[8], w[9], w[10], w[16], w[18], w[19] = 10, 9, 4, 1, 3, 2
	}
	switch g.weighted(w...) {
	case 0:
		return c.declStmt()
	case 1:
		return c.assignStmt()
	case 2:
		return c.storeStmt()
	case 3:
		return c.checksumStmt()
	case 4:
		return c.appendStmt()
	case 5:
		if v := c.assignable(c.g.sliceType()); v != nil && !c.pure() {
			if g.chance(0.3) {
				if a := c.appendExpr(v.t); a != "" {
					return v.name + " = " + a
				}
			}
			return v.name + " = " + c.slicing(use(v), 1).s
		}
	case 6:
		return c.copyStmt()
	case 7:
		return c.multiAssign()
	case 8:
		return c.ifStmt()
	case 9:
		return c.loopStmt()
	case 10:
		return c.switchStmt()
	case 11:
		return c.callStmt(false)
	case 12:
		return c.printStmt()
	case 13:
		if s := c.jump(); s != "" && !strings.HasPrefix(s, "return") {
			return "if " + c.boolExpr(2).s + " {\n" + s + "\n}"
		}
	case 14:
		if c.f != nil && c.f.index < 0 && !g.chance(0.1) {
			return ""
		}
		return "if " + c.boolExpr(2).s + " {\n" + c.returnStmt() + "\n}"
	case 15:
		return c.abortStmt()
	case 16:
		return braces(c.block(c.blockSize(), false, nil))
	case 17:
		v := &variable{name: g.name("k"), t: Int, noAssign: true}
		e := g.constIntExpr()
		v.cnst = e.c
		c.declare(v)
		return "const " + v.name + " = " + e.s
	case 18:
		return c.guardStmt()
	case 19:
		return c.nest2D()
	}
	return ""
}

func (g *gen) scalarType() T { return T(g.weighted(6, 3, 2)) }

func (g *gen) sliceType() T { return T(g.weighted(4, 2, 1, 2, 1, 1)) + IntS }

// declStmt declares a local: v := e, var v T = e, or var v T.
func (c *fctx) declStmt() string {
	g := c.g
	t := g.scalarType()
	if !c.pure() && g.chance(0.35) {
		t = g.sliceType()
	}
	v := &variable{name: g.name("v"), t: t}
	var hide *variable
	if !c.pure() && g.chance(0.06) {
		// Shadow a global, a constant or (in a nested block) a parameter.
		var cands []*variable
		for _, o := range append(append([]*variable{}, c.g.globals[1:]...), c.g.consts...) {
			if o.hidden == 0 {
				cands = append(cands, o)
			}
		}
		if c.depth > 0 && len(c.scopes) > 0 {
			for _, o := range c.scopes[0].vars {
				// (Not a named result: a bare return may not see it
				// shadowed.)
				// (Nor a recursion's depth: recursive calls name it.)
				if o.param && o.hidden == 0 && !o.noAssign && !slices(namesOf(c.f.named), o.name) {
					cands = append(cands, o)
				}
			}
		}
		if len(cands) > 0 {
			hide = pick(g, cands)
			v.name, v.shadows = hide.name, true
		}
	}
	var s string
	switch g.weighted(8, 2, 1) {
	case 0:
		e := c.exprOf(t, g.cfg.ExprDepth)
		if t.IsSlice() && g.chance(0.2) {
			if a := c.appendExpr(t); a != "" {
				e = prim(a, nil)
			}
		}
		switch {
		case e.c != nil && t == Float && e.c.Kind() == constant.Int:
			// v := 2 would be an int.
			s = fmt.Sprintf("%s := float64(%s)", v.name, e.s)
		case e.s == "nil":
			s = fmt.Sprintf("var %s %s = nil", v.name, t)
		default:
			s = fmt.Sprintf("%s := %s", v.name, e.s)
		}
	case 1:
		s = fmt.Sprintf("var %s %s = %s", v.name, t, c.exprOf(t, g.cfg.ExprDepth).s)
	default:
		s = fmt.Sprintf("var %s %s", v.name, t)
	}
	c.declare(v)
	if hide != nil {
		hide.hidden++
		top := c.scopes[len(c.scopes)-1]
		top.hides = append(top.hides, hide)
	}
	return s
}

// assignable picks a variable of type t the function may assign, or nil.
func (c *fctx) assignable(t T) *variable {
	var vs []*variable
	ok := func(v *variable) bool {
		return v.t == t && !v.noAssign && v.pins == 0 && v.cnst == nil && v.hidden == 0
	}
	for _, s := range c.scopes {
		for _, v := range s.vars {
			if ok(v) {
				vs = append(vs, v)
			}
		}
	}
	if !c.pure() {
		for _, v := range c.g.globals {
			if ok(v) {
				vs = append(vs, v)
			}
		}
	}
	if len(vs) == 0 {
		return nil
	}
	return pick(c.g, vs)
}

var intAssignOps = []string{"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "&^=", "<<=", ">>="}

// assignStmt assigns a scalar variable.
func (c *fctx) assignStmt() string {
	g := c.g
	t := g.scalarType()
	v := c.assignable(t)
	if v == nil {
		return ""
	}
	d := g.cfg.ExprDepth
	switch t {
	case Int:
		switch g.weighted(5, 6, 2, 1) {
		case 3:
			// int(f) where Go defines it: inside a range check.
			f := c.nonConst(Float, 1)
			if f.s == "" || c.pure() {
				return ""
			}
			return fmt.Sprintf("if x := %s; x > -1e15 && x < 1e15 {\n%s = int(x)\n}", f.s, v.name)
		case 0:
			return v.name + " = " + c.value(Int, d).s
		case 1:
			return v.name + " " + c.opAssign(pick(g, intAssignOps), d)
		default:
			return v.name + pick(g, []string{"++", "--"})
		}
	case Float:
		if g.chance(0.5) {
			return v.name + " = " + c.floatExpr(d).s
		}
		op := pick(g, []string{"+=", "-=", "*=", "/="})
		r := c.floatExpr(d)
		if op == "/=" && r.c != nil && constant.Sign(r.c) == 0 {
			op = "-="
		}
		return v.name + " " + op + " " + r.s
	}
	if g.chance(0.3) {
		return v.name + " = !" + v.name
	}
	return v.name + " = " + c.boolExpr(d).s
}

// opAssign is the rest of an int op-assignment: the operator and its
// right operand, chosen as for the binary operator.
func (c *fctx) opAssign(op string, d int) string {
	var r expr
	switch op {
	case "/=", "%=":
		r = c.divisor(d - 1)
	case "<<=", ">>=":
		r = c.shiftCount(d - 1)
	default:
		r = c.value(Int, d)
	}
	if bad := fold(prim("x", nil), op[:len(op)-1], r); bad.s == "" {
		return "+= " + r.s
	}
	return op + " " + r.s
}

// storeStmt stores into a slice element.
func (c *fctx) storeStmt() string {
	if c.pure() {
		return ""
	}
	g := c.g
	t := g.scalarType()
	d := g.cfg.ExprDepth
	var lhs string
	if g.chance(0.25) {
		if vs := c.readable(t.SliceOf().SliceOf()); len(vs) > 0 {
			ss := pick(g, vs)
			i, ok := c.index(ss, d)
			if !ok {
				return ""
			}
			if g.chance(0.3) && ss.rowsPinned == 0 {
				// Replace a whole row.
				return use(ss).s + "[" + i + "] = " + c.sliceExpr(t.SliceOf(), 1).s
			}
			j, ok := c.riskyIndex(d)
			if !ok {
				return ""
			}
			lhs = use(ss).s + "[" + i + "][" + j + "]"
		}
	}
	if lhs == "" {
		vs := c.readable(t.SliceOf())
		if len(vs) == 0 {
			return ""
		}
		s := pick(g, vs)
		i, ok := c.index(s, d)
		if !ok {
			return ""
		}
		lhs = use(s).s + "[" + i + "]"
	}
	switch t {
	case Int:
		switch g.weighted(5, 3, 1) {
		case 0:
			return lhs + " = " + c.value(Int, d).s
		case 1:
			return lhs + " " + c.opAssign(pick(g, intAssignOps), d)
		default:
			return lhs + pick(g, []string{"++", "--"})
		}
	case Float:
		return lhs + " " + pick(g, []string{"=", "+=", "*="}) + " " + c.value(Float, d).s
	}
	return lhs + " = " + c.value(Bool, d).s
}

// checksumStmt folds a value into chk.
func (c *fctx) checksumStmt() string {
	if c.pure() {
		return ""
	}
	g := c.g
	d := g.cfg.ExprDepth
	switch g.weighted(5, 2, 2, 2, 2, 2) {
	case 0:
		return "chk = chk*31 + " + c.value(Int, d).s
	case 1:
		return "chk ^= " + c.intExpr(d).s
	case 2:
		return "if " + c.boolExpr(d).s + " {\nchk++\n}"
	case 3:
		return "chk += f2i(" + c.floatExpr(d).s + ")"
	case 4:
		if s, ok := c.anySlice(); ok {
			return "chk += len(" + s.s + ") + 3*cap(" + s.s + ")"
		}
	}
	return "chk += " + c.intExpr(d).s
}

// appendStmt appends to a slice variable, keeping slices short: every
// append is guarded or truncates first.
func (c *fctx) appendStmt() string {
	if c.pure() {
		return ""
	}
	g := c.g
	t := g.sliceType()
	v := c.assignable(t)
	if v == nil {
		return ""
	}
	d := g.cfg.ExprDepth - 1
	elems := func() string {
		n := g.between(1, 3)
		var es []string
		for range n {
			es = append(es, c.exprOf(t.Elem(), d).s)
		}
		return strings.Join(es, ", ")
	}
	switch g.r.IntN(4) {
	case 0:
		return fmt.Sprintf("if len(%s) < %d {\n%s = append(%s, %s)\n}", v.name, g.between(4, 32), v.name, v.name, elems())
	case 1:
		return fmt.Sprintf("%s = append(%s[:min(len(%s), %d)], %s)", v.name, v.name, v.name, g.between(0, 12), elems())
	case 2:
		ts := c.readable(t)
		if len(ts) == 0 {
			return ""
		}
		u := use(pick(g, ts)).s
		return fmt.Sprintf("if len(%s)+len(%s) <= %d {\n%s = append(%s, %s...)\n}", v.name, u, g.between(4, 40), v.name, v.name, u)
	}
	// Through a reslice that shares the backing array.
	return fmt.Sprintf("%s = append(%s[:len(%s)/2], %s)", v.name, v.name, v.name, elems())
}

func (c *fctx) copyStmt() string {
	if c.pure() {
		return ""
	}
	g := c.g
	t := g.sliceType()
	vs := c.readable(t)
	if len(vs) == 0 {
		return ""
	}
	dv := pick(g, vs)
	if dv.rowsPinned > 0 {
		return ""
	}
	dst, src := use(dv), use(pick(g, vs))
	ds, ss := dst.s, src.s
	if g.chance(0.4) {
		ds = c.slicing(dst, 1).s
	}
	if g.chance(0.3) {
		ss = c.slicing(src, 1).s
	}
	if g.chance(0.5) {
		n := &variable{name: g.name("n"), t: Int}
		c.declare(n)
		return n.name + " := copy(" + ds + ", " + ss + ")"
	}
	return "copy(" + ds + ", " + ss + ")"
}

// multiAssign is a parallel assignment: a swap, or two new values.
func (c *fctx) multiAssign() string {
	g := c.g
	t := g.scalarType()
	a, b := c.assignable(t), c.assignable(t)
	if a == nil || b == nil || a == b {
		return ""
	}
	if g.chance(0.5) {
		a.used, b.used = true, true
		return a.name + ", " + b.name + " = " + b.name + ", " + a.name
	}
	d := g.cfg.ExprDepth - 1
	return a.name + ", " + b.name + " = " + c.exprOf(t, d).s + ", " + c.exprOf(t, d).s
}

func (c *fctx) ifStmt() string {
	g := c.g
	var b strings.Builder
	b.WriteString("if ")
	var initVar *variable
	if g.chance(0.2) {
		initVar = &variable{name: g.name("v"), t: Int}
		fmt.Fprintf(&b, "%s := %s; ", initVar.name, c.intExpr(2).s)
		c.push()
		c.declare(initVar)
		b.WriteString(bin(use(initVar), pick(g, []string{"<", ">", "==", "!="}), c.intExpr(1)).s)
	} else {
		b.WriteString(c.boolExpr(g.cfg.ExprDepth).s)
	}
	b.WriteString(" " + braces(c.block(c.blockSize(), true, nil)))
	switch g.weighted(3, 2, 1) {
	case 1:
		b.WriteString(" else " + braces(c.block(c.blockSize(), true, nil)))
	case 2:
		b.WriteString(" else if " + c.boolExpr(2).s + " " + braces(c.block(c.blockSize(), true, nil)))
		if g.chance(0.5) {
			b.WriteString(" else " + braces(c.block(c.blockSize(), true, nil)))
		}
	}
	if initVar != nil {
		c.pop(nil)
	}
	return b.String()
}

// guardStmt checks a local slice's length and indexes it in range inside.
func (c *fctx) guardStmt() string {
	if c.pure() {
		return ""
	}
	g := c.g
	var vs []*variable
	for _, s := range c.scopes {
		for _, v := range s.vars {
			if v.t.IsSlice() && v.hidden == 0 {
				vs = append(vs, v)
			}
		}
	}
	if len(vs) == 0 {
		return ""
	}
	s := pick(g, vs)
	k := g.between(1, 5)
	cond := fmt.Sprintf("len(%s) >= %d", use(s).s, k)
	if g.chance(0.5) {
		cond = fmt.Sprintf("len(%s) > %d", s.name, k-1)
	}
	return "if " + cond + " " + braces(c.block(c.blockSize(), true, nil, fact{s: s, minLen: k}))
}

// maxTrips is the largest trip count a loop here can afford, leaving
// room for a few statements per iteration.
func (c *fctx) maxTrips() int64 {
	return (c.budget - c.cost) / (c.mult * 4)
}

func (c *fctx) trips() (int64, bool) {
	g := c.g
	m := c.maxTrips()
	if m < 1 {
		return 0, false
	}
	var n int64
	switch g.weighted(6, 3, 1, 1) {
	case 0:
		n = int64(g.between(0, 8))
	case 1:
		n = int64(g.between(0, 40))
	case 2:
		n = int64(g.between(50, 300))
	default:
		n = int64(g.between(500, 3000))
	}
	return min(n, m), true
}

// loopBody generates the body of a loop that runs up to n times.
func (c *fctx) loopBody(n int64, label string, head []string, decls []*variable, facts ...fact) (string, string) {
	return c.loopBodyWith(n, label, head, decls, nil, facts...)
}

func (c *fctx) loopBodyWith(n int64, label string, head []string, decls []*variable, first func() []string, facts ...fact) (string, string) {
	t := &target{loop: true, label: label}
	c.targets = append(c.targets, t)
	saved := c.mult
	c.mult *= max(n, 1)
	body := c.blockWith(c.blockSize(), true, decls, first, facts...)
	c.mult = saved
	c.targets = c.targets[:len(c.targets)-1]
	lab := ""
	if t.labelUsed {
		lab = label + ":\n"
	}
	return lab, braces(append(head, body...))
}

func (c *fctx) loopStmt() string {
	g := c.g
	n, ok := c.trips()
	if !ok {
		return ""
	}
	label := ""
	if g.chance(0.3) {
		label = g.name("L")
	}
	// Charge the loop's own overhead.
	if !c.spend(n) {
		return ""
	}
	i := &variable{name: g.name("i"), t: Int, noAssign: true}
	switch g.weighted(6, 4, 5, 2, 2, 2) {
	case 0: // three-clause
		c.push()
		defer c.pop(nil)
		c.declare(i)
		i.used = true
		var head string
		switch g.r.IntN(4) {
		case 0:
			head = fmt.Sprintf("for %s := 0; %s < %d; %s++", i.name, i.name, n, i.name)
		case 1:
			head = fmt.Sprintf("for %s := %d; %s > 0; %s--", i.name, n, i.name, i.name)
		case 2:
			step := g.between(2, 4)
			head = fmt.Sprintf("for %s := 0; %s < %d; %s += %d", i.name, i.name, n*int64(step), i.name, step)
		default:
			// Up to a local slice's length: i indexes it in range.
			if s := c.localSlice(); s != nil && n >= 64 {
				head = fmt.Sprintf("for %s := 0; %s < len(%s); %s++", i.name, i.name, use(s).s, i.name)
				lab, body := c.loopBody(64, label, nil, nil, fact{s: s, idx: i})
				return lab + head + " " + body
			}
			head = fmt.Sprintf("for %s := 0; %s <= %d; %s++", i.name, i.name, max(n-1, 0), i.name)
		}
		lab, body := c.loopBody(n, label, nil, nil)
		return lab + head + " " + body
	case 1: // range over an int
		if g.chance(0.3) {
			lab, body := c.loopBody(n, label, nil, nil)
			return fmt.Sprintf("%sfor range %d %s", lab, n, body)
		}
		bound := fmt.Sprint(n)
		if x := c.nonConst(Int, 1); x.s != "" && g.chance(0.4) {
			bound = "min(" + x.s + ", " + bound + ")"
		}
		lab, body := c.loopBody(n, label, nil, []*variable{i})
		return fmt.Sprintf("%sfor %s := range %s %s", lab, i.name, bound, body)
	case 2: // range over a slice
		if c.pure() || n < 64 {
			return ""
		}
		t := g.sliceType()
		vs := c.readable(t)
		if len(vs) == 0 {
			return ""
		}
		s := pick(g, vs)
		v := &variable{name: g.name("e"), t: t.Elem()}
		var decls []*variable
		var head string
		switch g.r.IntN(4) {
		case 0:
			decls = []*variable{i, v}
			head = fmt.Sprintf("for %s, %s := range %s", i.name, v.name, use(s).s)
		case 1:
			decls = []*variable{i}
			head = fmt.Sprintf("for %s := range %s", i.name, use(s).s)
		case 2:
			decls = []*variable{v}
			head = fmt.Sprintf("for _, %s := range %s", v.name, use(s).s)
		default:
			head = fmt.Sprintf("for range %s", use(s).s)
		}
		var facts []fact
		if !s.global && len(decls) > 0 && decls[0] == i {
			facts = append(facts, fact{s: s, idx: i})
		}
		lab, body := c.loopBody(64, label, nil, decls, facts...)
		return lab + head + " " + body
	case 3: // a condition
		c.declare(i)
		i.used = true
		lab, body := c.loopBody(n, label, []string{i.name + "++"}, nil)
		return fmt.Sprintf("%s := 0\n%sfor %s < %d %s", i.name, lab, i.name, n, body)
	case 4: // no condition, a break
		c.declare(i)
		i.used = true
		head := []string{i.name + "++", fmt.Sprintf("if %s > %d {\nbreak\n}", i.name, n)}
		lab, body := c.loopBody(n, label, head, nil)
		return fmt.Sprintf("%s := 0\n%sfor %s", i.name, lab, body)
	default: // a condition that may end the loop early
		c.declare(i)
		i.used = true
		// The condition runs on every iteration.
		saved := c.mult
		c.mult *= max(n, 1)
		cond := c.boolExpr(1).paren(binPrec["&&"], true)
		c.mult = saved
		lab, body := c.loopBody(n, label, []string{i.name + "++"}, nil)
		return fmt.Sprintf("%s := 0\n%sfor %s < %d && %s %s", i.name, lab, i.name, n, cond, body)
	}
}

// nest2D walks a local slice of slices with two range loops and reads and
// writes its elements as ss[i][j] (and row[j]). Inside, the rows may not
// be replaced, so the indices stay in range.
func (c *fctx) nest2D() string {
	g := c.g
	if c.pure() || c.maxTrips() < 256 {
		return ""
	}
	var vs []*variable
	for _, s := range c.scopes {
		for _, v := range s.vars {
			if v.t >= IntSS && v.hidden == 0 {
				vs = append(vs, v)
			}
		}
	}
	if len(vs) == 0 {
		return ""
	}
	ss := pick(g, vs)
	i := &variable{name: g.name("i"), t: Int, noAssign: true}
	j := &variable{name: g.name("j"), t: Int, noAssign: true}
	row := &variable{name: g.name("row"), t: ss.t.Elem()}
	useRow := g.chance(0.5)
	if !c.spend(16) {
		return ""
	}
	ss.rowsPinned++
	defer func() { ss.rowsPinned-- }()
	var outerHead string
	var decls []*variable
	if useRow {
		outerHead = fmt.Sprintf("for %s, %s := range %s", i.name, row.name, use(ss).s)
		decls = []*variable{i, row}
	} else {
		outerHead = fmt.Sprintf("for %s := range %s", i.name, use(ss).s)
		decls = []*variable{i}
	}
	_, outer := c.loopBodyWith(16, "", nil, decls, func() []string {
		inner := fmt.Sprintf("for %s := range %s[%s]", j.name, ss.name, i.name)
		var facts []fact
		if useRow {
			inner = fmt.Sprintf("for %s := range %s", j.name, row.name)
			facts = append(facts, fact{s: row, idx: j})
		}
		c.spend(16)
		_, body := c.loopBodyWith(16, "", nil, []*variable{j}, func() []string {
			return []string{c.elem2D(ss.name+"["+i.name+"]["+j.name+"]", ss.t.Scalar())}
		}, facts...)
		return []string{inner + " " + body}
	}, fact{s: ss, idx: i})
	return outerHead + " " + outer
}

// elem2D is a statement that reads or writes element el of type t.
func (c *fctx) elem2D(el string, t T) string {
	g := c.g
	d := g.cfg.ExprDepth - 1
	switch t {
	case Int:
		switch g.r.IntN(3) {
		case 0:
			return el + " " + c.opAssign(pick(g, intAssignOps), d)
		case 1:
			return "chk = chk*7 + " + el
		}
		return el + " = " + c.intExpr(d).s
	case Float:
		if g.chance(0.5) {
			return "chk += f2i(" + el + ")"
		}
		return el + " " + pick(g, []string{"=", "+=", "*="}) + " " + c.floatExpr(d).s
	}
	if g.chance(0.5) {
		return "if " + el + " {\nchk++\n}"
	}
	return el + " = !" + el
}

// localSlice is a local slice variable, or nil.
func (c *fctx) localSlice() *variable {
	var vs []*variable
	for _, s := range c.scopes {
		for _, v := range s.vars {
			if v.t.IsSlice() && v.hidden == 0 {
				vs = append(vs, v)
			}
		}
	}
	if len(vs) == 0 {
		return nil
	}
	return pick(c.g, vs)
}

func (c *fctx) switchStmt() string {
	g := c.g
	var b strings.Builder
	b.WriteString("switch ")
	c.push()
	defer c.pop(nil)
	var tagT T = 99
	switch g.weighted(5, 3, 2, 1) {
	case 0: // an int tag
		x := c.nonConst(Int, 2)
		if x.s == "" {
			return ""
		}
		b.WriteString(x.s)
		tagT = Int
	case 1: // tagless
	case 2: // init and tag
		v := &variable{name: g.name("v"), t: Int}
		init := c.intExpr(2).s
		c.declare(v)
		fmt.Fprintf(&b, "%s := %s; %s", v.name, init, bin(use(v), "&", prim("3", nil)).s)
		tagT = Int
	default: // a float tag
		x := c.nonConst(Float, 2)
		if x.s == "" {
			return ""
		}
		b.WriteString(x.s)
		tagT = Float
	}
	b.WriteString(" {\n")
	t := &target{}
	c.targets = append(c.targets, t)
	defer func() { c.targets = c.targets[:len(c.targets)-1] }()
	seen := map[string]bool{}
	ncases := g.between(1, 4)
	for range ncases {
		var labels []string
		for range g.between(1, 2) {
			var l, key string
			switch tagT {
			case Int:
				if g.chance(0.15) {
					e := c.intExpr(1)
					l, key = e.s, e.s
					if e.c != nil {
						key = e.c.ExactString()
					}
				} else {
					l = fmt.Sprint(g.between(-1, 4))
					key = l
				}
			case Float:
				l = pick(g, []string{"0.0", "1.0", "0.5", "-1.0", "2.0"})
				key = l
			default:
				l = c.boolExpr(2).s
				key = l
			}
			if seen[key] {
				continue
			}
			seen[key] = true
			labels = append(labels, l)
		}
		if len(labels) == 0 {
			continue
		}
		fmt.Fprintf(&b, "case %s:\n%s\n", strings.Join(labels, ", "), strings.Join(c.block(c.blockSize(), true, nil), "\n"))
	}
	if g.chance(0.6) {
		fmt.Fprintf(&b, "default:\n%s\n", strings.Join(c.block(c.blockSize(), true, nil), "\n"))
	}
	b.WriteString("}")
	return b.String()
}

// jump is break, continue or return, or "" outside loops (return only).
func (c *fctx) jump() string {
	g := c.g
	if len(c.targets) == 0 || g.chance(0.1) {
		// Returning early ends main's story: rarely there.
		if c.f != nil && (c.f.name == "main" || c.f.name == "init") && !g.chance(0.1) {
			return ""
		}
		return c.returnStmt()
	}
	i := g.r.IntN(len(c.targets))
	t := c.targets[i]
	var kw string
	if t.loop && g.chance(0.5) {
		kw = "continue"
	} else {
		kw = "break"
	}
	implicit := (kw == "break" && t == c.targets[len(c.targets)-1]) || (kw == "continue" && t == c.innermostLoop())
	if implicit && (t.label == "" || g.chance(0.5)) {
		return kw
	}
	if t.label == "" {
		return ""
	}
	t.labelUsed = true
	return kw + " " + t.label
}

func (c *fctx) innermostLoop() *target {
	for j := len(c.targets) - 1; j >= 0; j-- {
		if c.targets[j].loop {
			return c.targets[j]
		}
	}
	return nil
}

// returnStmt returns from the function with new values (or, with named
// results, maybe bare).
func (c *fctx) returnStmt() string {
	f := c.f
	if f == nil || len(f.results) == 0 {
		return "return"
	}
	if f.named != nil && c.g.chance(0.5) {
		return "return"
	}
	if c.g.chance(0.2) {
		if s := c.callStmt(true); s != "" {
			return s
		}
	}
	var es []string
	for _, t := range f.results {
		e := c.exprOf(t, c.g.cfg.ExprDepth-1)
		es = append(es, e.s)
	}
	return "return " + strings.Join(es, ", ")
}

// callStmt calls a function as a statement: its results go into new or
// existing variables, or are dropped; with ret, it is return f(...) (or
// "" when no function returns what this one does). Calls of functions
// that may have side effects appear only here, alone in their statement,
// so that Go's unspecified order of evaluation never matters.
func (c *fctx) callStmt(ret bool) string {
	g := c.g
	var cands []*fn
	for _, f := range c.callees() {
		if (!c.pure() || f.pure) && c.affords(f) {
			cands = append(cands, f)
		}
	}
	self := c.f != nil && c.f.rec > c.recSites && c.mult == 1
	if len(cands) == 0 && !self {
		return ""
	}
	var f *fn
	var call string
	if self && (len(cands) == 0 || g.chance(0.5)) {
		f = c.f
		c.recSites++
		call = f.name + "(" + c.recArgs(f, 2) + ")"
	} else {
		f = pick(g, cands)
		c.spend(f.cost)
		call = f.name + "(" + c.args(f, 2) + ")"
		if f.rec == 0 && len(f.params) > 0 && g.chance(0.2) {
			// f(h(...)): h's results are f's arguments.
			var pts []T
			for _, p := range f.params {
				pts = append(pts, p.t)
			}
			for _, h := range cands {
				if h != f && sameTypes(h.results, pts) && c.affords(h) {
					c.spend(h.cost)
					call = f.name + "(" + h.name + "(" + c.args(h, 2) + "))"
					break
				}
			}
		}
	}
	if ret {
		if !sameTypes(f.results, c.f.results) {
			return ""
		}
		return "return " + call
	}
	if len(f.results) == 0 || g.chance(0.15) {
		return call
	}
	var lhs []string
	if g.chance(0.6) {
		// New variables (at least one).
		for i, t := range f.results {
			if i > 0 && g.chance(0.2) {
				lhs = append(lhs, "_")
				continue
			}
			v := &variable{name: g.name("v"), t: t}
			c.declare(v)
			lhs = append(lhs, v.name)
		}
		return strings.Join(lhs, ", ") + " := " + call
	}
	for _, t := range f.results {
		if v := c.assignable(t); v != nil && !slices(lhs, v.name) {
			lhs = append(lhs, v.name)
		} else {
			lhs = append(lhs, "_")
		}
	}
	return strings.Join(lhs, ", ") + " = " + call
}

func namesOf(vs []*variable) []string {
	var s []string
	for _, v := range vs {
		s = append(s, v.name)
	}
	return s
}

func slices(s []string, x string) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

func sameTypes(a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Printf verbs by type.
var verbs = map[T][]string{
	Int:     {"%d", "%v", "%x", "%X", "%o", "%b", "%5d", "%-5d|", "%+d", "%08d", "%#x"},
	Float:   {"%v", "%g", "%f", "%.2f", "%8.3f", "%e", "%.3e", "%G", "%+.1f", "%6.0f", "%.10g"},
	Bool:    {"%v", "%t", "%6t"},
	IntS:    {"%v", "%d", "%x"},
	FloatS:  {"%v", "%.2f", "%g"},
	BoolS:   {"%v", "%t"},
	IntSS:   {"%v", "%d"},
	FloatSS: {"%v", "%.1f"},
	BoolSS:  {"%v"},
}

func (c *fctx) printStmt() string {
	if c.pure() || c.mult > 20 {
		return ""
	}
	g := c.g
	if g.chance(0.1) {
		// Println of a call's results.
		for _, f := range c.callees() {
			if len(f.results) >= 2 && c.affords(f) {
				c.spend(f.cost)
				return "fmt.Println(" + f.name + "(" + c.args(f, 2) + "))"
			}
		}
	}
	n := g.between(1, 3)
	var args, fmts []string
	for range n {
		t := T(g.weighted(6, 4, 2, 2, 1, 1, 1, 1, 1))
		var e expr
		if t.IsSlice() {
			vs := c.readable(t)
			if len(vs) == 0 {
				continue
			}
			e = use(pick(g, vs))
		} else {
			e = c.exprOf(t, 2)
			if e.c != nil && t == Float && e.c.Kind() == constant.Int {
				e = prim("float64("+e.s+")", nil)
			}
		}
		args = append(args, e.s)
		fmts = append(fmts, pick(g, verbs[t]))
	}
	if len(args) == 0 {
		return ""
	}
	tag := fmt.Sprintf("%q", g.name("p"))
	switch g.weighted(5, 4, 1) {
	case 0:
		return "fmt.Println(" + tag + ", " + strings.Join(args, ", ") + ")"
	case 1:
		return fmt.Sprintf("fmt.Printf(\"%%s %s\\n\", %s, %s)", strings.Join(fmts, " "), tag, strings.Join(args, ", "))
	}
	return "fmt.Print(" + tag + ", " + strings.Join(args, ", ") + ", \"\\n\")"
}

// abortStmt is a conditional os.Exit or panic, at most one per function.
func (c *fctx) abortStmt() string {
	g := c.g
	if c.pure() || c.aborted || !g.chance(g.cfg.Abort*4) {
		return ""
	}
	c.aborted = true
	cond := c.boolExpr(2).s
	switch g.r.IntN(4) {
	case 0:
		return fmt.Sprintf("if %s {\nfmt.Println(\"exit\", chk)\nos.Exit(%d)\n}", cond, pick(g, []int{0, 1, 3, 4, 5}))
	case 1:
		return fmt.Sprintf("if %s {\npanic(%q)\n}", cond, "boom "+g.name("x"))
	case 2:
		return fmt.Sprintf("if %s {\npanic(%s)\n}", cond, c.intExpr(2).s)
	}
	f := c.floatExpr(2)
	if f.c != nil && f.c.Kind() == constant.Int {
		f = prim("float64("+f.s+")", nil)
	}
	return fmt.Sprintf("if %s {\npanic(%s)\n}", cond, f.s)
}

// effectStmt changes a global, or prints: chk or another global variable,
// an element of a global slice (behind a length check), a global slice's
// length (a guarded append, a reslice). With ImpureCalls it is the first
// statement (after a recursion's base case) of most functions with side
// effects, so that their callers' statements read what they change.
func (c *fctx) effectStmt() string {
	g := c.g
	if !c.spend(1) {
		return ""
	}
	var scalars, sl, assignS []*variable
	for _, v := range g.globals {
		switch {
		case v.hidden > 0:
		case !v.t.IsSlice():
			if !v.noAssign && v.pins == 0 {
				scalars = append(scalars, v)
			}
		default:
			sl = append(sl, v)
			if !v.noAssign && v.pins == 0 {
				assignS = append(assignS, v)
			}
		}
	}
	switch g.r.IntN(7) {
	case 2, 3:
		if len(sl) == 0 {
			break
		}
		s := pick(g, sl)
		k := g.between(0, 2)
		el := fmt.Sprintf("%s[%d]", s.name, k)
		cond := fmt.Sprintf("len(%s) > %d", s.name, k)
		if s.t.Elem().IsSlice() {
			cond += fmt.Sprintf(" && len(%s) > 0", el)
			el += "[0]"
		}
		var st string
		switch s.t.Scalar() {
		case Int:
			st = fmt.Sprintf("%s %s %d", el, pick(g, []string{"+=", "-=", "^=", "*="}), g.between(2, 9))
		case Float:
			st = fmt.Sprintf("%s %s %s", el, pick(g, []string{"+=", "*="}), pick(g, []string{"0.5", "-1.5", "3.0"}))
		default:
			st = el + " = !" + el
		}
		return "if " + cond + " {\n" + st + "\n}"
	case 4:
		if len(assignS) == 0 {
			break
		}
		s := pick(g, assignS)
		if g.chance(0.5) {
			return fmt.Sprintf("if len(%s) < %d {\n%s = append(%s, %s)\n}", s.name, g.between(4, 12), s.name, s.name, c.exprOf(s.t.Elem(), 0).s)
		}
		if g.chance(0.5) {
			return fmt.Sprintf("if len(%s) > 0 {\n%s = %s[1:]\n}", s.name, s.name, s.name)
		}
		return fmt.Sprintf("%s = %s[:len(%s)/2]", s.name, s.name, s.name)
	case 5:
		return fmt.Sprintf("fmt.Println(%q, chk)", c.f.name)
	}
	v := pick(g, scalars) // chk at least
	switch v.t {
	case Float:
		return fmt.Sprintf("%s %s %s", v.name, pick(g, []string{"+=", "*="}), pick(g, []string{"0.5", "-1.5", "3.0"}))
	case Bool:
		return v.name + " = !" + v.name
	}
	return fmt.Sprintf("%s %s %d", v.name, pick(g, []string{"+=", "-=", "^=", "*=", "+="}), g.between(2, 9))
}

// value is an expression of type t for the right side of an assignment:
// with ImpureCalls, often a call with side effects next to a read of a
// global (g[i] += f(), g[i] = g[j] + f(), chk = chk*31 + f()).
func (c *fctx) value(t T, d int) expr {
	if c.impure() && c.g.chance(0.35) {
		if e, ok := c.orderMix(t, d); ok {
			return e
		}
	}
	return c.exprOf(t, d)
}
