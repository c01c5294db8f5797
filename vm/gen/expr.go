package gen

import (
	"fmt"
	"go/constant"
	"go/token"
	"math"
	"strings"
)

// expr is a generated expression: its text, the precedence of its top
// operator (for parentheses), and its value when it is a constant
// expression (Go rejects constant expressions that overflow or divide by
// zero, so the generator tracks them).
type expr struct {
	s    string
	prec int
	c    constant.Value
}

const (
	precUnary   = 6
	precPrimary = 7
)

var binPrec = map[string]int{
	"*": 5, "/": 5, "%": 5, "<<": 5, ">>": 5, "&": 5, "&^": 5,
	"+": 4, "-": 4, "|": 4, "^": 4,
	"==": 3, "!=": 3, "<": 3, "<=": 3, ">": 3, ">=": 3,
	"&&": 2, "||": 1,
}

func prim(s string, c constant.Value) expr { return expr{s: s, prec: precPrimary, c: c} }

func intConst(v int64) constant.Value { return constant.MakeInt64(v) }

func floatConst(lit string) constant.Value {
	if lit == "math.Pi" {
		return constant.MakeFloat64(math.Pi)
	}
	s := strings.TrimPrefix(lit, "-")
	v := constant.MakeFromLiteral(s, token.FLOAT, 0)
	if s != lit {
		v = constant.UnaryOp(token.SUB, v, 0)
	}
	return v
}

// paren returns e's text, parenthesised when its operator binds less
// tightly than prec (or as tightly, with right set: Go's binary operators
// associate to the left).
func (e expr) paren(prec int, right bool) string {
	if e.prec < prec || (right && e.prec == prec) {
		return "(" + e.s + ")"
	}
	return e.s
}

// bin builds l op r without folding.
func bin(l expr, op string, r expr) expr {
	p := binPrec[op]
	return expr{s: l.paren(p, false) + " " + op + " " + r.paren(p, true), prec: p}
}

var tokOf = map[string]token.Token{
	"+": token.ADD, "-": token.SUB, "*": token.MUL, "/": token.QUO_ASSIGN, "%": token.REM,
	"&": token.AND, "|": token.OR, "^": token.XOR, "&^": token.AND_NOT,
}

// fold builds l op r for ints, computing the value when both are
// constant; it returns an expression with an empty text when Go would
// reject it: a constant expression that overflows, a division by a
// constant zero, a negative constant shift count.
func fold(l expr, op string, r expr) expr {
	e := bin(l, op, r)
	if r.c != nil {
		switch op {
		case "/", "%":
			if constant.Sign(r.c) == 0 {
				return expr{}
			}
		case "<<", ">>":
			if constant.Sign(r.c) < 0 {
				return expr{}
			}
		}
	}
	if l.c == nil || r.c == nil {
		return e
	}
	var v constant.Value
	switch op {
	case "<<", ">>":
		n, ok := constant.Int64Val(r.c)
		if !ok || n > 62 {
			return expr{}
		}
		tok := token.SHL
		if op == ">>" {
			tok = token.SHR
		}
		v = constant.Shift(l.c, tok, uint(n))
	default:
		v = constant.BinaryOp(l.c, tokOf[op], r.c)
	}
	if _, ok := constant.Int64Val(v); !ok {
		return expr{}
	}
	e.c = v
	return e
}

// unary builds op x.
func unary(op string, x expr) expr {
	s := x.paren(precUnary, false)
	if op == "-" && strings.HasPrefix(s, "-") {
		s = "(" + s + ")"
	}
	e := expr{s: op + s, prec: precUnary}
	if x.c != nil && x.c.Kind() != constant.Bool {
		tok := token.SUB
		if op == "^" {
			tok = token.XOR
		}
		v := constant.UnaryOp(tok, x.c, 0)
		if x.c.Kind() == constant.Int {
			if _, ok := constant.Int64Val(v); !ok {
				return expr{}
			}
		}
		e.c = v
	}
	return e
}

// Literals, with the interesting values overrepresented.
var (
	intLits   = []int64{0, 1, 1, 2, 2, 3, 3, 4, 5, 7, 8, 10, 13, 16, 31, 32, 63, 64, 100, 255, 1000, 65535, -1, -1, -2, -3, -7, -8, -64, -100}
	bigLits   = []string{"math.MaxInt64", "math.MinInt64", "1 << 62", "1 << 32", "-1 << 63", "0x7fffffff", "-9223372036854775807", "4294967296", "0x5555555555555555"}
	floatLits = []string{"0.0", "0.5", "1.0", "1.5", "2.0", "-1.0", "-0.5", "0.1", "0.2", "3.25", "-2.75", "10.0", "100.0", "1e-3", "1e10", "1e15", "-1e15", "1e300", "123.456", "math.Pi", "0.3333333333333333"}
)

func (g *gen) smallLit() expr {
	v := int64(g.between(0, 9))
	return prim(fmt.Sprint(v), intConst(v))
}

func (g *gen) intLit() expr {
	if g.chance(0.08) {
		s := pick(g, bigLits)
		if strings.Contains(s, "math.") {
		}
		var v constant.Value
		switch s {
		case "math.MaxInt64":
			v = intConst(math.MaxInt64)
		case "math.MinInt64", "-1 << 63":
			v = intConst(math.MinInt64)
		case "1 << 62":
			v = intConst(1 << 62)
		case "1 << 32", "4294967296":
			v = intConst(1 << 32)
		case "0x7fffffff":
			v = intConst(0x7fffffff)
		case "-9223372036854775807":
			v = intConst(-9223372036854775807)
		case "0x5555555555555555":
			v = intConst(0x5555555555555555)
		}
		p := precPrimary
		if strings.Contains(s, "<<") {
			p = 5
		} else if strings.HasPrefix(s, "-") {
			p = precUnary
		}
		return expr{s: s, prec: p, c: v}
	}
	v := pick(g, intLits)
	e := prim(fmt.Sprint(v), intConst(v))
	if v < 0 {
		e.prec = precUnary
	}
	return e
}

func (g *gen) floatLit() expr {
	s := pick(g, floatLits)
	if s == "math.Pi" {
	}
	e := prim(s, floatConst(s))
	if strings.HasPrefix(s, "-") {
		e.prec = precUnary
	}
	return e
}

// exprOf is an expression of type t.
func (c *fctx) exprOf(t T, d int) expr {
	switch t {
	case Int:
		return c.intExpr(d)
	case Float:
		return c.floatExpr(d)
	case Bool:
		return c.boolExpr(d)
	}
	return c.sliceExpr(t, d)
}

// readable lists the variables of type t an expression may read.
func (c *fctx) readable(t T) []*variable {
	var vs []*variable
	for _, s := range c.scopes {
		for _, v := range s.vars {
			if v.t == t && v.hidden == 0 {
				vs = append(vs, v)
			}
		}
	}
	for _, v := range c.g.consts {
		if (v.t == t || (t == Float && v.t == Int && !v.typed)) && v.hidden == 0 {
			vs = append(vs, v)
		}
	}
	if !c.pure() {
		for _, v := range c.g.globals {
			if v.t == t && v.hidden == 0 {
				vs = append(vs, v)
			}
		}
	}
	return vs
}

// use is a read of v.
func use(v *variable) expr {
	v.used = true
	return prim(v.name, v.cnst)
}

// leaf is a variable or a literal of scalar type t.
func (c *fctx) leaf(t T) expr {
	if vs := c.readable(t); len(vs) > 0 && c.g.chance(0.75) {
		return use(pick(c.g, vs))
	}
	switch t {
	case Int:
		return c.g.intLit()
	case Float:
		if c.g.chance(0.05) {
			// NaN, +Inf, -Inf and -0, which no constant can be.
			e := prim(pick(c.g, []string{"math.Sqrt(-1)", "1e300 * math.Sqrt(1e300)", "-1 / math.Sqrt(0)", "-math.Sqrt(0)"}), nil)
			if e.s[0] == '-' {
				e.prec = 4
			} else if e.s[0] == '1' {
				e.prec = 5
			}
			return e
		}
		return c.g.floatLit()
	}
	if c.g.chance(0.5) {
		return prim("true", constant.MakeBool(true))
	}
	return prim("false", constant.MakeBool(false))
}

// nonConst is an expression of scalar type t that is not constant, when
// one can be made.
func (c *fctx) nonConst(t T, d int) expr {
	for range 4 {
		if e := c.exprOf(t, d); e.c == nil {
			return e
		}
	}
	var vs []*variable
	for _, v := range c.readable(t) {
		if v.cnst == nil {
			vs = append(vs, v)
		}
	}
	if len(vs) > 0 {
		return use(pick(c.g, vs))
	}
	if t == Float {
		if iv := c.nonConst(Int, 0); iv.s != "" {
			return prim("float64("+iv.s+")", nil)
		}
	}
	return expr{}
}

func (c *fctx) intExpr(d int) expr {
	g := c.g
	if d <= 0 || g.chance(0.25) {
		return c.leaf(Int)
	}
	mix, call := c.impureWeights(4, 2)
	for {
		switch g.weighted(10, 6, 4, 3, 2, 3, 3, 2, 2, 3, mix, call) {
		case 0: // + - *
			if e := fold(c.intExpr(d-1), pick(g, []string{"+", "-", "*", "*"}), c.intExpr(d-1)); e.s != "" {
				return e
			}
		case 1: // bitwise
			if e := fold(c.intExpr(d-1), pick(g, []string{"&", "|", "^", "&^"}), c.intExpr(d-1)); e.s != "" {
				return e
			}
		case 2: // / %
			if e := fold(c.intExpr(d-1), pick(g, []string{"/", "%"}), c.divisor(d-1)); e.s != "" {
				return e
			}
		case 3: // shifts
			l := c.intExpr(d - 1)
			if l.c != nil {
				// An untyped constant shifted by a variable count takes its
				// type from the context: make it an int whatever the context.
				l = prim("int("+l.s+")", l.c)
			}
			if e := fold(l, pick(g, []string{"<<", ">>"}), c.shiftCount(d-1)); e.s != "" {
				return e
			}
		case 4: // unary
			if e := unary(pick(g, []string{"-", "^"}), c.intExpr(d-1)); e.s != "" {
				return e
			}
		case 5: // len, cap
			if s, ok := c.anySlice(); ok {
				return prim(pick(g, []string{"len", "len", "cap"})+"("+s.s+")", nil)
			}
		case 6: // an element
			if e, ok := c.element(Int, d); ok {
				return e
			}
		case 7: // min, max
			return c.minMax(Int, d)
		case 8: // from a float
			if c.pure() {
				continue
			}
			f := c.floatExpr(d - 1)
			if f.c != nil {
				continue
			}
			return prim("f2i("+f.s+")", nil)
		case 9:
			if e, ok := c.pureCall(Int, d); ok {
				return e
			}
		case 10:
			if e, ok := c.orderMix(Int, d); ok {
				return e
			}
		case 11:
			if e, ok := c.impureCall(Int, d); ok {
				return e
			}
		}
	}
}

// divisor is the right operand of / or %: usually one that cannot be
// zero, sometimes (Risk) anything.
func (c *fctx) divisor(d int) expr {
	g := c.g
	if c.risky() {
		return c.intExpr(d)
	}
	switch g.r.IntN(6) {
	case 0:
		v := pick(g, []int64{1, 2, 3, 7, 10, 16, -1, -1, -2, -3, 1 << 32})
		e := prim(fmt.Sprint(v), intConst(v))
		if v < 0 {
			e.prec = precUnary
		}
		return e
	case 1:
		if e := fold(c.intExpr(d), "|", prim("1", intConst(1))); e.s != "" {
			return e
		}
	case 2:
		x := c.intExpr(d)
		return c.minMaxOf(Int, "max", []expr{x, prim("1", intConst(1))})
	case 3:
		x := c.intExpr(d)
		return c.minMaxOf(Int, "min", []expr{x, prim("-1", intConst(-1))})
	case 4:
		if e := fold(fold(c.intExpr(d), "&", prim("15", intConst(15))), "+", prim("1", intConst(1))); e.s != "" {
			return e
		}
	}
	return prim("3", intConst(3))
}

// shiftCount is a shift's right operand: usually in [0, 127] (counts of
// 64 and more shift everything out), sometimes (Risk) anything, which may
// be negative and panic.
func (c *fctx) shiftCount(d int) expr {
	g := c.g
	if c.risky() {
		return c.intExpr(d)
	}
	switch g.r.IntN(4) {
	case 0:
		v := pick(g, []int64{0, 1, 2, 3, 7, 8, 31, 32, 63, 64, 65, 100})
		return prim(fmt.Sprint(v), intConst(v))
	case 1:
		if e := fold(c.intExpr(d), "&", prim("63", intConst(63))); e.s != "" && e.c == nil {
			return e
		}
	case 2:
		if e := fold(c.intExpr(d), "&", prim("127", intConst(127))); e.s != "" && e.c == nil {
			return e
		}
	}
	return prim("5", intConst(5))
}

func (c *fctx) floatExpr(d int) expr {
	g := c.g
	if d <= 0 || g.chance(0.25) {
		return c.leaf(Float)
	}
	mix, call := c.impureWeights(3, 1)
	for {
		switch g.weighted(10, 3, 2, 4, 3, 2, 2, 2, mix, call) {
		case 0, 1: // + - * /
			op := pick(g, []string{"+", "-", "*", "*", "/"})
			if g.weighted(3, 1) == 1 {
				op = "/"
			}
			l, r := c.floatExpr(d-1), c.floatExpr(d-1)
			if l.c != nil && r.c != nil {
				// Go folds constant float expressions exactly; keep them
				// out of arithmetic (and away from constant division by
				// zero and overflow).
				r = c.nonConst(Float, d-1)
				if r.s == "" {
					return l
				}
			}
			if op == "/" && r.c != nil && constant.Sign(r.c) == 0 {
				op = "*"
			}
			return bin(l, op, r)
		case 2:
			x := c.floatExpr(d - 1)
			if e := unary("-", x); e.s != "" {
				return e
			}
		case 3:
			x := c.intExpr(d - 1)
			var v constant.Value
			if x.c != nil {
				v = constant.ToFloat(x.c)
			}
			return prim("float64("+x.s+")", v)
		case 4:
			f := pick(g, []string{"Sqrt", "Abs", "Floor", "Ceil"})
			return prim("math."+f+"("+c.floatExpr(d-1).s+")", nil)
		case 5:
			return c.minMax(Float, d)
		case 6:
			if e, ok := c.element(Float, d); ok {
				return e
			}
		case 7:
			if e, ok := c.pureCall(Float, d); ok {
				return e
			}
		case 8:
			if e, ok := c.orderMix(Float, d); ok {
				return e
			}
		case 9:
			if e, ok := c.impureCall(Float, d); ok {
				return e
			}
		}
	}
}

func (c *fctx) boolExpr(d int) expr {
	g := c.g
	if d <= 0 || g.chance(0.15) {
		if g.chance(0.5) {
			return c.compare(Int, 0)
		}
		return c.leaf(Bool)
	}
	mix, call := c.impureWeights(2, 1)
	for {
		switch g.weighted(8, 4, 4, 2, 2, 2, 1, 1, mix, call) {
		case 7:
			if s, ok := c.anySlice(); ok {
				return bin(s, pick(g, []string{"==", "!="}), prim("nil", nil))
			}
		case 0:
			return c.compare(Int, d-1)
		case 1:
			return c.compare(Float, d-1)
		case 2:
			return bin(c.boolExpr(d-1), pick(g, []string{"&&", "||"}), c.boolExpr(d-1))
		case 3:
			x := c.boolExpr(d - 1)
			return expr{s: "!" + x.paren(precUnary, false), prec: precUnary}
		case 4:
			if e, ok := c.element(Bool, d); ok {
				return e
			}
		case 5:
			if e, ok := c.pureCall(Bool, d); ok {
				return e
			}
		case 6:
			return bin(c.boolExpr(d-1), pick(g, []string{"==", "!="}), c.boolExpr(d-1))
		case 8:
			if e, ok := c.orderMix(Bool, d); ok {
				return e
			}
		case 9:
			if e, ok := c.impureCall(Bool, d); ok {
				return e
			}
		}
	}
}

func (c *fctx) compare(t T, d int) expr {
	op := pick(c.g, []string{"==", "!=", "<", "<=", ">", ">="})
	return bin(c.exprOf(t, d), op, c.exprOf(t, d))
}

// minMax is min or max of two or three values of type t.
func (c *fctx) minMax(t T, d int) expr {
	args := make([]expr, c.g.between(1, 3))
	for i := range args {
		args[i] = c.exprOf(t, d-1)
	}
	return c.minMaxOf(t, pick(c.g, []string{"min", "max"}), args)
}

func (c *fctx) minMaxOf(t T, f string, args []expr) expr {
	strs := make([]string, len(args))
	v := args[0].c
	for i, a := range args {
		strs[i] = a.s
		switch {
		case a.c == nil || v == nil:
			v = nil
		case constant.Compare(a.c, token.LSS, v) == (f == "min"):
			v = a.c
		}
	}
	return prim(f+"("+strings.Join(strs, ", ")+")", v)
}

// pureCall calls a pure function that returns one value of type t.
func (c *fctx) pureCall(t T, d int) (expr, bool) {
	return c.valueCall(t, d, true, func(bool) bool { return c.g.chance(0.5) })
}

// valueCall calls a function that returns one value of type t, pure or
// not as asked; in a recursive function of that kind, it may call itself
// instead (selfFirst decides, told whether other callees exist).
func (c *fctx) valueCall(t T, d int, pure bool, selfFirst func(others bool) bool) (expr, bool) {
	var cands []*fn
	for _, f := range c.callees() {
		if f.pure == pure && len(f.results) == 1 && f.results[0] == t && c.affords(f) {
			cands = append(cands, f)
		}
	}
	if self := c.f; self != nil && self.pure == pure && self.rec > c.recSites && c.mult == 1 && len(self.results) == 1 && self.results[0] == t {
		if selfFirst(len(cands) > 0) {
			c.recSites++
			return prim(self.name+"("+c.recArgs(self, d)+")", nil), true
		}
	}
	if len(cands) == 0 {
		return expr{}, false
	}
	f := pick(c.g, cands)
	c.spend(f.cost)
	return prim(f.name+"("+c.args(f, d)+")", nil), true
}

// args are the arguments of a call of f.
func (c *fctx) args(f *fn, d int) string {
	var as []string
	for i, p := range f.params {
		if i == 0 && f.rec > 0 {
			as = append(as, c.depthArg(f.maxDepth))
			continue
		}
		as = append(as, c.exprOf(p.t, min(d, 2)).s)
	}
	return strings.Join(as, ", ")
}

// recArgs are the arguments of a recursive call: the depth goes down.
func (c *fctx) recArgs(f *fn, d int) string {
	as := []string{f.params[0].name + " - 1"}
	f.params[0].used = true
	for _, p := range f.params[1:] {
		as = append(as, c.exprOf(p.t, min(d, 2)).s)
	}
	return strings.Join(as, ", ")
}

// depthArg is the depth argument of an outside call of a recursive
// function: at most max.
func (c *fctx) depthArg(max int) string {
	if c.g.chance(0.5) {
		return fmt.Sprint(c.g.between(0, max))
	}
	m := 1
	for m*2-1 <= max {
		m *= 2
	}
	x := c.nonConst(Int, 1)
	if x.s == "" {
		return fmt.Sprint(max)
	}
	return bin(x, "&", prim(fmt.Sprint(m-1), nil)).s
}

// callees are the functions this one may call.
func (c *fctx) callees() []*fn {
	if c.f == nil || c.f.index < 0 {
		return c.g.funcs
	}
	return c.g.funcs[c.f.index+1:]
}

// anySlice is a readable slice (for len and cap).
func (c *fctx) anySlice() (expr, bool) {
	if c.pure() {
		return expr{}, false
	}
	var vs []*variable
	for t := IntS; t < numTypes; t++ {
		vs = append(vs, c.readable(t)...)
	}
	if len(vs) == 0 {
		return expr{}, false
	}
	return use(pick(c.g, vs)), true
}

// element reads an element of type t from a slice: s[i], or ss[i][j].
func (c *fctx) element(t T, d int) (expr, bool) {
	if c.pure() {
		return expr{}, false
	}
	g := c.g
	if g.cfg.ImpureCalls && g.chance(0.15) {
		if e, ok := c.callElement(t, d); ok {
			return e, true
		}
	}
	if g.chance(0.3) {
		// Two levels: ss[i][j].
		vs := c.readable(t.SliceOf().SliceOf())
		if len(vs) > 0 {
			ss := pick(g, vs)
			i, ok := c.index(ss, d)
			if ok {
				if j, ok := c.riskyIndex(d); ok {
					return prim(use(ss).s+"["+i+"]["+j+"]", nil), true
				}
			}
		}
	}
	vs := c.readable(t.SliceOf())
	if len(vs) == 0 {
		if g.chance(0.1) && !c.pure() {
			// An index into a literal: in range by construction.
			n := g.between(1, 4)
			elems := make([]string, n)
			for k := range elems {
				elems[k] = c.exprOf(t, 0).s
			}
			x := c.nonConst(Int, 0)
			if x.s == "" {
				return expr{}, false
			}
			idx := bin(x, "&", prim("1", nil)).s
			if n > 2 {
				idx = bin(x, "&", prim("3", nil)).s
				for len(elems) < 4 {
					elems = append(elems, c.exprOf(t, 0).s)
				}
			} else if n < 2 {
				elems = append(elems, c.exprOf(t, 0).s)
			}
			return prim(t.SliceOf().String()+"{"+strings.Join(elems, ", ")+"}["+idx+"]", nil), true
		}
		return expr{}, false
	}
	s := pick(g, vs)
	i, ok := c.index(s, d)
	if !ok {
		return expr{}, false
	}
	return prim(use(s).s+"["+i+"]", nil), true
}

// index is an index for slice s: in range when the facts allow, or (with
// Risk) possibly out of range.
func (c *fctx) index(s *variable, d int) (string, bool) {
	g := c.g
	var safe []string
	if s.fixedLen > 0 {
		if x := c.indexX(); x.s != "" {
			m := 1
			for m*2 <= s.fixedLen {
				m *= 2
			}
			safe = append(safe, bin(x, "&", prim(fmt.Sprint(m-1), nil)).s)
		}
		safe = append(safe, fmt.Sprint(g.r.IntN(s.fixedLen)))
	}
	for _, sc := range c.scopes {
		for _, f := range sc.facts {
			if f.s != s || f.s.hidden > 0 || f.idx != nil && f.idx.hidden > 0 {
				continue
			}
			if f.idx != nil {
				f.idx.used = true
				safe = append(safe, f.idx.name)
			}
			if f.minLen > 0 {
				safe = append(safe, fmt.Sprint(g.r.IntN(f.minLen)))
				if x := c.indexX(); x.s != "" {
					m := 1
					for m*2 <= f.minLen {
						m *= 2
					}
					if m > 1 {
						safe = append(safe, bin(x, "&", prim(fmt.Sprint(m-1), nil)).s)
					}
				}
			}
		}
	}
	if len(safe) > 0 && !c.risky() {
		return pick(g, safe), true
	}
	return c.riskyIndex(d)
}

// riskyIndex is an index that is small and non-negative, most of the
// time, but nothing guarantees it is in range. It is generated with
// probability Risk (more often near the top of a function, where the
// program has run less).
func (c *fctx) riskyIndex(d int) (string, bool) {
	g := c.g
	if c.pure() || c.initExpr || !g.chance(c.g.cfg.Risk*2) {
		return "", false
	}
	switch g.r.IntN(4) {
	case 0, 1:
		return fmt.Sprint(g.between(0, 3)), true
	case 2:
		if x := c.indexX(); x.s != "" {
			return bin(x, "&", prim("3", nil)).s, true
		}
	}
	e := c.intExpr(min(d, 1))
	if e.c != nil && constant.Sign(e.c) < 0 {
		// A constant negative index does not compile.
		return "1", true
	}
	return e.s, true
}

// risky decides whether an operation that can fail is left unguarded.
func (c *fctx) risky() bool {
	return !c.pure() && !c.initExpr && c.g.chance(c.g.cfg.Risk)
}

// sliceExpr is an expression of slice type t.
func (c *fctx) sliceExpr(t T, d int) expr {
	g := c.g
	for {
		switch g.weighted(6, 4, 3, 3, 2, 1) {
		case 5:
			return prim("nil", nil)
		case 0:
			if vs := c.readable(t); len(vs) > 0 {
				return use(pick(g, vs))
			}
		case 1: // a literal
			n := g.between(0, 4)
			elems := make([]string, n)
			for i := range elems {
				if t.Elem().IsSlice() && g.chance(0.7) {
					// Elided inner type: {1, 2}.
					k := g.between(0, 3)
					inner := make([]string, k)
					for j := range inner {
						inner[j] = c.exprOf(t.Scalar(), max(d-1, 0)).s
					}
					elems[i] = "{" + strings.Join(inner, ", ") + "}"
					continue
				}
				elems[i] = c.exprOf(t.Elem(), max(d-1, 0)).s
			}
			return prim(t.String()+"{"+strings.Join(elems, ", ")+"}", nil)
		case 2: // make
			return c.makeExpr(t, d)
		case 3: // slicing
			if vs := c.readable(t); len(vs) > 0 {
				return c.slicing(use(pick(g, vs)), d)
			}
		case 4:
			// A slice whose elements are an expression's (a dead end
			// when t's elements are slices too).
			if vs := c.readable(t); len(vs) > 0 {
				return prim(use(pick(g, vs)).s+"[:0:0]", nil)
			}
		}
	}
}

// appendExpr is append(s[:min(len(s), k)], elems...) for a slice variable
// s of type t, or "" if there is none. append writes into the backing
// array it shares with other slices when it has room, so it is a call
// with an effect: it may only be the whole right-hand side of an
// assignment to a variable, where nothing else in the statement reads
// memory (Go leaves the order of a call and other operands unspecified,
// and gc evaluates calls first).
func (c *fctx) appendExpr(t T) string {
	g := c.g
	vs := c.readable(t)
	if len(vs) == 0 || c.pure() || c.initExpr {
		return ""
	}
	s := use(pick(g, vs)).s
	base := "append(" + s + "[:min(len(" + s + "), " + fmt.Sprint(g.between(0, 8)) + ")]"
	for range g.between(1, 3) {
		base += ", " + c.exprOf(t.Elem(), 1).s
	}
	return base + ")"
}

// makeExpr is make(t, n) or make(t, n, c), small; with Risk the length
// may be negative or above the capacity, and make panics.
func (c *fctx) makeExpr(t T, d int) expr {
	g := c.g
	if c.risky() {
		x := c.nonConst(Int, 1)
		if x.s != "" {
			if g.chance(0.5) {
				return prim("make("+t.String()+", "+bin(x, "%", prim("20", nil)).s+")", nil)
			}
			return prim(fmt.Sprintf("make(%s, %d, %s)", t, g.between(0, 4), bin(x, "&", prim("7", nil)).s), nil)
		}
	}
	switch g.r.IntN(4) {
	case 0:
		return prim(fmt.Sprintf("make(%s, %d)", t, g.between(0, 10)), nil)
	case 1:
		n := g.between(0, 6)
		return prim(fmt.Sprintf("make(%s, %d, %d)", t, n, n+g.between(0, 6)), nil)
	case 2:
		if x := c.nonConst(Int, 1); x.s != "" {
			return prim("make("+t.String()+", "+bin(x, "&", prim("7", nil)).s+")", nil)
		}
	}
	if x := c.nonConst(Int, 1); x.s != "" {
		n := bin(x, "&", prim("3", nil)).s
		k := g.between(0, 5)
		if c.impure() {
			// x may call a function with side effects, and give another
			// value the second time.
			return prim(fmt.Sprintf("make(%s, %s, %d)", t, n, 3+k), nil)
		}
		return prim("make("+t.String()+", "+n+", "+n+"+"+fmt.Sprint(k)+")", nil)
	}
	return prim("make("+t.String()+", 2)", nil)
}

// slicing is s[lo:hi] or s[lo:hi:max] of slice expression s: in range,
// or (with Risk) maybe not.
func (c *fctx) slicing(s expr, d int) expr {
	g := c.g
	if c.risky() {
		// Constant bounds must be ordered to compile; they may still be
		// out of range.
		lo := g.between(0, 3)
		hi := lo + g.between(0, 3)
		switch g.r.IntN(3) {
		case 0:
			return prim(fmt.Sprintf("%s[%d:%d]", s.s, lo, hi), nil)
		case 1:
			return prim(fmt.Sprintf("%s[:%d:%d]", s.s, lo, hi), nil)
		}
		if x := c.nonConst(Int, 1); x.s != "" {
			return prim(fmt.Sprintf("%s[%s:]", s.s, x.s), nil)
		}
		return prim(fmt.Sprintf("%s[%d:]", s.s, lo), nil)
	}
	switch g.r.IntN(9) {
	case 0:
		return prim(s.s+"[:]", nil)
	case 1:
		return prim(s.s+"[:0]", nil)
	case 2:
		return prim(s.s+"[len("+s.s+"):]", nil)
	case 3:
		return prim(s.s+"[:cap("+s.s+")]", nil)
	case 4:
		return prim(s.s+"[:len("+s.s+"):len("+s.s+")]", nil)
	case 5:
		if x := c.nonConst(Int, 1); x.s != "" {
			return prim(s.s+"[min("+bin(x, "&", prim("7", nil)).s+", len("+s.s+")):]", nil)
		}
	case 6:
		if x := c.nonConst(Int, 1); x.s != "" {
			return prim(s.s+"[:min("+bin(x, "&", prim("7", nil)).s+", len("+s.s+"))]", nil)
		}
	case 7:
		if x := c.nonConst(Int, 1); x.s != "" {
			lo := "min(" + bin(x, "&", prim("3", nil)).s + ", len(" + s.s + "))"
			if g.chance(0.5) {
				return prim(s.s+"["+lo+":len("+s.s+"):cap("+s.s+")]", nil)
			}
			return prim(s.s+"[:"+lo+":cap("+s.s+")]", nil)
		}
	}
	return prim(s.s+"[0:0:0]", nil)
}

// Calls with side effects inside expressions (Config.ImpureCalls). Go
// leaves the order of a call against the other operands of its statement
// unspecified; gc evaluates every call first, in source order, then reads
// variables and elements. These expressions put a call next to reads of
// what it may change, so that the differential tests check jitvm's order
// against gc's.

// impureWeights are the weights of the expression kinds orderMix and
// impureCall: zero without ImpureCalls (where the generator draws as it
// did before the option), and in pure functions and initialisers.
func (c *fctx) impureWeights(mix, call int) (int, int) {
	if !c.impure() {
		return 0, 0
	}
	return mix, call
}

// impure reports whether calls with side effects may appear in this
// function's expressions.
func (c *fctx) impure() bool {
	return c.g.cfg.ImpureCalls && c.f != nil && !c.pure() && !c.initExpr
}

// impureCall calls a function with side effects that returns one value of
// type t (or, in a recursive function, itself).
func (c *fctx) impureCall(t T, d int) (expr, bool) {
	if !c.impure() {
		return expr{}, false
	}
	return c.valueCall(t, d, false, func(others bool) bool { return !others || c.g.chance(0.3) })
}

// orderMix is a read of a global (a variable, an element of a global
// slice, a global slice's length) and a call with side effects, in either
// order, in one expression: the call may change what is read.
func (c *fctx) orderMix(t T, d int) (expr, bool) {
	g := c.g
	call, ok := c.impureCall(t, d-1)
	if !ok {
		return expr{}, false
	}
	r, ok := c.globalRead(t, d-1)
	if !ok {
		return call, true
	}
	l, rr := r, call
	if g.chance(0.4) {
		l, rr = call, r
	}
	switch t {
	case Int:
		if g.chance(0.2) {
			return c.minMaxOf(Int, pick(g, []string{"min", "max"}), []expr{l, rr}), true
		}
		return bin(l, pick(g, []string{"+", "-", "*", "^", "|", "+"}), rr), true
	case Float:
		if g.chance(0.2) {
			return c.minMaxOf(Float, pick(g, []string{"min", "max"}), []expr{l, rr}), true
		}
		return bin(l, pick(g, []string{"+", "-", "*"}), rr), true
	case Bool:
		return bin(l, pick(g, []string{"==", "!=", "&&", "||"}), rr), true
	}
	return call, true
}

// globalRead reads a global of type t: a variable, an element of a global
// slice (in range when the facts say so, or with Risk maybe not), or, for
// an int, a global slice's length or capacity.
func (c *fctx) globalRead(t T, d int) (expr, bool) {
	g := c.g
	var vs, ss, any []*variable
	for _, v := range g.globals {
		if v.hidden > 0 {
			continue
		}
		switch {
		case v.t == t:
			vs = append(vs, v)
		case v.t == t.SliceOf():
			ss = append(ss, v)
		}
		if v.t.IsSlice() {
			any = append(any, v)
		}
	}
	switch g.r.IntN(3) {
	case 0:
		if len(ss) == 0 {
			break
		}
		s := pick(g, ss)
		if i, ok := c.index(s, d); ok {
			return prim(use(s).s+"["+i+"]", nil), true
		}
		if g.chance(min(1, g.cfg.Risk*5)) {
			// Out of range, maybe, depending on what the call did first.
			return prim(use(s).s+"["+fmt.Sprint(g.between(0, 2))+"]", nil), true
		}
	case 1:
		if t == Int && len(any) > 0 {
			return prim(pick(g, []string{"len", "len", "cap"})+"("+use(pick(g, any)).s+")", nil), true
		}
	}
	if len(vs) == 0 {
		return expr{}, false
	}
	return use(pick(g, vs)), true
}

// callElement is an element of the slice a call with side effects
// returns: f()[i]. What f returns has no known length: the index is in
// range as in append(f(), x)[0], or (with Risk) maybe not.
func (c *fctx) callElement(t T, d int) (expr, bool) {
	g := c.g
	call, ok := c.impureCall(t.SliceOf(), d-1)
	if !ok {
		return expr{}, false
	}
	if g.chance(min(1, g.cfg.Risk*5)) {
		return prim(call.s+"["+fmt.Sprint(g.between(0, 2))+"]", nil), true
	}
	return prim("append("+call.s+", "+c.exprOf(t, 0).s+")[0]", nil), true
}

// indexX is the int an index is masked from: a non-constant int, or
// (ImpureCalls, sometimes) a call with side effects, as in s[f()&3].
func (c *fctx) indexX() expr {
	if c.impure() && c.g.chance(0.3) {
		if e, ok := c.impureCall(Int, 1); ok {
			return e
		}
	}
	return c.nonConst(Int, 1)
}
