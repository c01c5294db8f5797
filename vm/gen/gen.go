package gen

import (
	"fmt"
	"go/format"
	"math/rand/v2"
	"strings"
)

// Version identifies the generator's output: the same seed and Config
// give the same program only within one version. It goes up with every
// change that alters the programs generated. (Config.ImpureCalls came in
// version 6 and changed no program of the Configs before it: its
// programs say "impure calls" in their first line.)
const Version = 6

// Config sets the size and the mix of generated programs. The zero value
// of a field means its default; a negative probability means zero.
type Config struct {
	// Funcs is the number of functions besides main (default 7).
	Funcs int
	// Stmts bounds the statements of one block (default 6).
	Stmts int
	// Depth bounds the nesting of blocks (default 4).
	Depth int
	// ExprDepth bounds the nesting of expressions (default 3).
	ExprDepth int
	// Budget bounds, roughly, the statements one run executes (default
	// 20000): loop trip counts, recursion depths and calls in loops are
	// chosen so that the estimate stays under it.
	Budget int64
	// Risk is the probability that an operation that can fail at run time
	// (an index, a slice expression, a division, a shift, make) is
	// generated without the guard that keeps it in range (default 0.03).
	// Programs then panic sometimes, on purpose.
	Risk float64
	// Abort is the probability that a function gets a conditional
	// os.Exit or panic statement (default 0.04).
	Abort float64
	// Long is the probability that a program gets five times the budget
	// (default 0.1): longer runs give the profiler's samples time to make
	// the controller tier up.
	Long float64
	// ImpureCalls lets calls of functions with side effects (that write
	// globals and the elements of global slices, append to and reslice
	// global slices, print, exit or panic) appear inside expressions:
	// as operands, indices (s[f()], f()[i]), arguments, slice literal
	// elements, the right side of op-assignments, conditions, switch tags
	// and cases, return values and min/max arguments, next to reads of
	// the globals they change. Go leaves the order of such a call against
	// the other operands unspecified; the programs then test that jitvm
	// evaluates in the gc toolchain's order. Most functions with side
	// effects then begin with one on a global. Off, programs are those of
	// earlier generators of this Version.
	ImpureCalls bool
}

func (c Config) withDefaults() Config {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.Funcs, 7)
	def(&c.Stmts, 6)
	def(&c.Depth, 4)
	def(&c.ExprDepth, 3)
	if c.Budget <= 0 {
		c.Budget = 20000
	}
	prob := func(p *float64, d float64) {
		switch {
		case *p == 0:
			*p = d
		case *p < 0:
			*p = 0
		}
	}
	prob(&c.Risk, 0.03)
	prob(&c.Abort, 0.04)
	prob(&c.Long, 0.1)
	return c
}

// Program generates the program of seed: a gofmt'd Go source file in
// jitvm's language that compiles with the Go toolchain, terminates, and
// prints a checksum of its computation at the end (unless it panics or
// exits first). The same seed and Config give the same program.
func Program(seed int64, cfg Config) []byte {
	g := &gen{r: rand.New(rand.NewPCG(uint64(seed), 0x6a69_7476_6d21)), cfg: cfg.withDefaults()}
	if g.chance(g.cfg.Long) {
		g.cfg.Budget *= 5
	}
	src := g.program(seed)
	out, err := format.Source([]byte(src))
	if err != nil {
		// The generator emitted something that does not parse: its bug.
		panic(fmt.Sprintf("gen: seed %d: %v\n%s", seed, err, src))
	}
	return out
}

// gen is the state of one program's generation.
type gen struct {
	r   *rand.Rand
	cfg Config

	names   int
	funcs   []*fn // funcs[i] calls only funcs[j], j > i (and itself when recursive)
	globals []*variable
	consts  []*variable
	chk     *variable // the checksum every function folds values into

}

// fn is a generated function.
type fn struct {
	name    string
	index   int
	params  []*variable
	results []T
	named   []*variable // named results, or nil
	// pure functions take and return scalars, read no globals, write
	// nothing, print nothing and cannot panic: calls of them may appear
	// inside expressions, where Go leaves the order of evaluation of calls
	// against other operands unspecified.
	pure bool
	// rec > 0 makes the function recursive, with up to rec recursive call
	// sites; its first parameter is the depth, at most maxDepth.
	rec      int
	maxDepth int
	cost     int64 // estimated statements one call executes
	text     string
}

func (g *gen) name(prefix string) string {
	g.names++
	return fmt.Sprintf("%s%d", prefix, g.names)
}

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// between returns a number in [lo, hi].
func (g *gen) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

func pick[E any](g *gen, s []E) E { return s[g.r.IntN(len(s))] }

// weighted picks an index by weight.
func (g *gen) weighted(w ...int) int {
	total := 0
	for _, x := range w {
		total += x
	}
	n := g.r.IntN(total)
	for i, x := range w {
		if n < x {
			return i
		}
		n -= x
	}
	return len(w) - 1
}

func (g *gen) program(seed int64) string {
	g.chk = &variable{name: "chk", t: Int, global: true, used: true}
	g.globals = append(g.globals, g.chk)
	consts := g.genConsts()
	g.declareFuncs()
	globals := g.genGlobals()

	// Bodies from the leaves up, so each callee's cost is known.
	for i := len(g.funcs) - 1; i >= 0; i-- {
		g.genFunc(g.funcs[i])
	}
	var initFn string
	if g.chance(0.3) {
		initFn = g.genMain("init", g.cfg.Budget/10)
	}
	mainFn := g.genMain("main", g.cfg.Budget)

	// Functions in a shuffled order: Go does not care, and neither may jitvm.
	texts := []string{mainFn}
	if initFn != "" {
		texts = append(texts, initFn)
	}
	for _, f := range g.funcs {
		texts = append(texts, f.text)
	}
	var body strings.Builder
	body.WriteString(consts)
	body.WriteString(globals)
	all := consts + globals + strings.Join(texts, "")
	if uses(all, "f2i(") {
		texts = append(texts, f2iHelper)
	}
	g.r.Shuffle(len(texts), func(i, j int) { texts[i], texts[j] = texts[j], texts[i] })
	for _, t := range texts {
		body.WriteString(t)
		body.WriteString("\n")
	}

	// The imports are what the text uses (the generator drops expressions
	// it built, so it does not keep count).
	var b strings.Builder
	opt := ""
	if g.cfg.ImpureCalls {
		opt = ", impure calls"
	}
	fmt.Fprintf(&b, "// Code generated by jitvm's vm/gen (version %d, seed %d%s). DO NOT EDIT.\n\npackage main\n\n", Version, seed, opt)
	b.WriteString("import (\n\t\"fmt\"\n")
	if uses(all, "math.") {
		b.WriteString("\t\"math\"\n")
	}
	if uses(all, "os.") {
		b.WriteString("\t\"os\"\n")
	}
	b.WriteString(")\n\n")
	b.WriteString(body.String())
	return b.String()
}

// uses reports whether text has prefix at the start of an identifier.
func uses(text, prefix string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], prefix)
		if j < 0 {
			return false
		}
		j += i
		if j == 0 || !isIdentByte(text[j-1]) {
			return true
		}
		i = j + 1
	}
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.'
}

// f2iHelper converts a float64 to int only where Go defines the result (a
// conversion of an out-of-range value or NaN is implementation-specific).
const f2iHelper = `func f2i(f float64) int {
	if f > -1e15 && f < 1e15 {
		return int(f)
	}
	return -1
}
`

// genConsts declares package-level constants: typed and untyped, some in an
// iota block, some defined from others.
func (g *gen) genConsts() string {
	var b strings.Builder
	n := g.between(0, 4)
	for range n {
		c := &variable{name: g.name("c"), noAssign: true, used: true}
		switch g.r.IntN(5) {
		case 0, 1:
			c.t = Int
			e := g.constIntExpr()
			c.cnst = e.c
			c.typed = g.chance(0.4)
			if c.typed {
				fmt.Fprintf(&b, "const %s int = %s\n\n", c.name, e.s)
			} else {
				fmt.Fprintf(&b, "const %s = %s\n\n", c.name, e.s)
			}
		case 2:
			c.t = Float
			lit := pick(g, floatLits)
			c.cnst = floatConst(lit)
			c.typed = true
			fmt.Fprintf(&b, "const %s float64 = %s\n\n", c.name, lit)
		default:
			// An iota block.
			k := g.between(2, 4)
			mul, add := g.between(1, 5), g.between(-3, 3)
			b.WriteString("const (\n")
			for i := range k {
				ci := &variable{name: g.name("c"), t: Int, noAssign: true, used: true, cnst: intConst(int64(i*mul + add))}
				if i == 0 {
					fmt.Fprintf(&b, "%s = iota*%d + %d\n", ci.name, mul, add)
				} else {
					fmt.Fprintf(&b, "%s\n", ci.name)
				}
				g.consts = append(g.consts, ci)
			}
			b.WriteString(")\n\n")
			continue
		}
		g.consts = append(g.consts, c)
	}
	return b.String()
}

// constIntExpr is an int constant expression, possibly naming earlier
// constants.
func (g *gen) constIntExpr() expr {
	l := g.intLit()
	if len(g.consts) == 0 || g.chance(0.5) {
		return l
	}
	c := pick(g, g.consts)
	if c.t != Int || c.typed || c.hidden > 0 {
		// (An expression of a typed constant is typed.)
		return l
	}
	e := fold(prim(c.name, c.cnst), pick(g, []string{"+", "-", "*", "<<", "|"}), g.smallLit())
	if e.c == nil {
		return l
	}
	return e
}

// declareFuncs chooses every function's signature: what calls what is
// decided by the order (a function calls only later ones), so costs can
// be computed from the leaves up.
func (g *gen) declareFuncs() {
	n := g.between(max(1, g.cfg.Funcs/2), g.cfg.Funcs)
	for i := range n {
		f := &fn{name: g.name("f"), index: i}
		f.pure = g.chance(0.35)
		if g.chance(0.3) {
			f.rec = g.between(1, 2)
			f.maxDepth = g.between(2, 7)
			if f.rec == 2 {
				f.maxDepth = min(f.maxDepth, 5)
			} else if g.chance(0.3) {
				// Deep: the VM grows its register file and frame stack
				// under compiled code.
				f.maxDepth = g.between(50, 600)
			}
			f.params = append(f.params, &variable{name: g.name("d"), t: Int, param: true})
		}
		np := g.between(0, 4)
		if g.chance(0.1) {
			np = g.between(5, 9)
		}
		for range np {
			f.params = append(f.params, &variable{name: g.name("p"), t: g.paramType(f.pure), param: true})
		}
		nr := g.weighted(1, 6, 3, 1)
		if f.pure {
			nr = max(nr, 1)
		}
		// With ImpureCalls, more functions with side effects return one
		// value, so that calls of them fit in expressions.
		single := g.cfg.ImpureCalls && !f.pure && g.chance(0.5)
		if single {
			nr = 1
		}
		for range nr {
			if single {
				f.results = append(f.results, T(g.weighted(6, 2, 2, 1)))
				continue
			}
			f.results = append(f.results, g.paramType(f.pure))
		}
		if nr > 0 && g.chance(0.3) {
			for _, t := range f.results {
				f.named = append(f.named, &variable{name: g.name("r"), t: t, param: true})
			}
		}
		g.funcs = append(g.funcs, f)
	}
}

func (g *gen) paramType(pure bool) T {
	if pure {
		return T(g.weighted(6, 3, 2))
	}
	return T(g.weighted(8, 4, 3, 4, 2, 1, 2, 1, 0))
}

// genGlobals declares package-level variables, initialised in an order
// that differs from their textual order (Go orders initialisation by
// dependencies).
func (g *gen) genGlobals() string {
	var decls []string
	decls = append(decls, "var chk int\n")
	n := g.between(1, 5)
	for range n {
		t := T(g.weighted(6, 3, 2, 4, 2, 1, 2, 1, 1))
		v := &variable{name: g.name("g"), t: t, global: true, used: true}
		c := &fctx{g: g, mult: 1, budget: 1 << 40, initExpr: true}
		switch {
		case g.chance(0.2):
			decls = append(decls, fmt.Sprintf("var %s %s\n", v.name, t))
		case t.IsSlice() && g.chance(0.6):
			// A slice literal of known length; some are never reassigned,
			// and may be indexed in range without a guard.
			k := g.between(1, 6)
			elems := make([]string, k)
			for i := range elems {
				elems[i] = c.exprOf(t.Elem(), 1).s
			}
			decls = append(decls, fmt.Sprintf("var %s = %s{%s}\n", v.name, t, strings.Join(elems, ", ")))
			if g.chance(0.5) {
				v.fixedLen, v.noAssign = k, true
			}
		default:
			e := c.exprOf(t, 2)
			decls = append(decls, fmt.Sprintf("var %s %s = %s\n", v.name, t, e.s))
		}
		g.globals = append(g.globals, v)
	}
	g.r.Shuffle(len(decls), func(i, j int) { decls[i], decls[j] = decls[j], decls[i] })
	return strings.Join(decls, "\n") + "\n"
}

// genFunc generates f's body.
func (g *gen) genFunc(f *fn) {
	budget := g.cfg.Budget / int64(g.between(8, 60))
	if f.rec > 0 {
		budget /= recCalls(f.rec, f.maxDepth)
	}
	budget = max(budget, 8)
	c := &fctx{g: g, f: f, mult: 1, budget: budget}
	c.push()
	for _, p := range f.params {
		p.used = true // parameters need no use
		c.declare(p)
	}
	for _, r := range f.named {
		r.used = true
		c.declare(r)
	}
	var body []string
	if f.rec > 0 {
		d := f.params[0]
		d.noAssign = true
		c.recSites = f.rec // no recursion in the base case
		body = append(body, fmt.Sprintf("if %s <= 0 {\n%s\n}", d.name, c.returnStmt()))
		c.recSites = 0
	}
	if g.cfg.ImpureCalls && !f.pure && g.chance(0.85) {
		// Something for the caller's statement to see changed (after
		// the base case, which the minimizer finds first).
		if s := c.effectStmt(); s != "" {
			body = append(body, s)
		}
	}
	b := c.stmts(g.between(2, g.cfg.Stmts+2))
	body = append(body, b...)
	if !c.terminated(body) {
		body = append(body, c.returnStmt())
	}
	body = c.pop(body)
	f.cost = c.cost + 1
	if f.rec > 0 {
		f.cost *= recCalls(f.rec, f.maxDepth)
	}

	var params []string
	for _, p := range f.params {
		params = append(params, p.name+" "+p.t.String())
	}
	var res string
	switch {
	case f.named != nil:
		var rs []string
		for _, r := range f.named {
			rs = append(rs, r.name+" "+r.t.String())
		}
		res = " (" + strings.Join(rs, ", ") + ")"
	case len(f.results) == 1:
		res = " " + f.results[0].String()
	case len(f.results) > 1:
		var rs []string
		for _, t := range f.results {
			rs = append(rs, t.String())
		}
		res = " (" + strings.Join(rs, ", ") + ")"
	}
	f.text = fmt.Sprintf("func %s(%s)%s {\n%s\n}\n", f.name, strings.Join(params, ", "), res, strings.Join(body, "\n"))
}

// recCalls bounds the calls one outside call of a recursive function
// makes: k recursive sites, depth d.
func recCalls(k, d int) int64 {
	n, p := int64(0), int64(1)
	for range d + 1 {
		n += p
		p *= int64(k)
	}
	return n
}

// genMain generates main (or init): its statements, then the checksum.
func (g *gen) genMain(name string, budget int64) string {
	f := &fn{name: name, index: -1}
	c := &fctx{g: g, f: f, mult: 1, budget: budget}
	c.push()
	body := c.stmts(g.between(g.cfg.Stmts, 3*g.cfg.Stmts))
	if name == "main" {
		if c.terminated(body) {
			body = body[:len(body)-1]
		}
		body = c.pop(body)
		for _, v := range g.globals[1:] {
			if g.chance(0.3) {
				body = append(body, fmt.Sprintf("fmt.Println(%q, %s)", v.name, v.name))
			}
		}
		switch g.r.IntN(3) {
		case 0:
			body = append(body, `fmt.Println("checksum", chk)`)
		case 1:
			body = append(body, `fmt.Printf("checksum %d %x\n", chk, chk)`)
		default:
			body = append(body, `fmt.Print("checksum ", chk, "\n")`)
		}
	} else {
		body = c.pop(body)
	}
	return fmt.Sprintf("func %s() {\n%s\n}\n", name, strings.Join(body, "\n"))
}
