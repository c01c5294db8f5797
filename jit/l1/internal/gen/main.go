// Command gen writes jit/l1/zops.go: the operation enum of L1's expression
// trees and the closure templates for the pure operations, one Go function
// per operation and shape, so that each closure does its work with its
// operands in machine registers and without a switch.
//
// Run it with go generate in jit/l1 (ops.go carries the directive).
package main

import (
	"bytes"
	"fmt"
	"go/format"
	"log"
	mathbits "math/bits"
	"os"
	"strings"
)

// dom is the Go type an operation works on.
type dom byte

const (
	dI dom = 'I' // uint64 (ints, and bools as 0/1)
	dF dom = 'F' // float64
	dB dom = 'B' // bool (comparison results)
	dN dom = 0   // no templates: the operation is lowered by hand
)

type op struct {
	name  string // suffix of the constant: opAdd
	sym   string // infix symbol or function name for the text form
	in    dom
	out   dom
	unary bool
	chain bool   // used in the two-operation templates
	cmp   bool   // a comparison: used in branch conditions
	expr  string // Go expression over a (and b) of type in
	doc   string
}

// ops is the list of operations. Leaves and the operations lowered by hand
// (they can raise an error, or read memory) come without templates.
var ops = []op{
	{name: "Reg", doc: "leaf: a register"},
	{name: "Const", doc: "leaf: a constant"},

	{name: "Add", sym: "+", in: dI, out: dI, chain: true, expr: "a + b"},
	{name: "Sub", sym: "-", in: dI, out: dI, chain: true, expr: "a - b"},
	{name: "Mul", sym: "*", in: dI, out: dI, chain: true, expr: "a * b"},
	{name: "And", sym: "&", in: dI, out: dI, chain: true, expr: "a & b"},
	{name: "Or", sym: "|", in: dI, out: dI, chain: true, expr: "a | b"},
	{name: "Xor", sym: "^", in: dI, out: dI, chain: true, expr: "a ^ b"},
	{name: "AndNot", sym: "&^", in: dI, out: dI, chain: true, expr: "a &^ b"},
	{name: "ShlK", sym: "<<", in: dI, out: dI, chain: true, expr: "a << (b & 63)", doc: "by a constant count in 0..63"},
	{name: "ShrK", sym: ">>", in: dI, out: dI, chain: true, expr: "uint64(int64(a) >> (b & 63))", doc: "arithmetic, by a constant count in 0..63"},
	{name: "DivK", sym: "/", in: dI, out: dI, chain: true, expr: "uint64(int64(a) / int64(b))", doc: "by a nonzero constant"},
	{name: "ModK", sym: "%", in: dI, out: dI, chain: true, expr: "uint64(int64(a) % int64(b))", doc: "by a nonzero constant"},
	{name: "Min", sym: "min", in: dI, out: dI, expr: "uint64(min(int64(a), int64(b)))"},
	{name: "Max", sym: "max", in: dI, out: dI, expr: "uint64(max(int64(a), int64(b)))"},

	{name: "FAdd", sym: "+.", in: dF, out: dF, chain: true, expr: "a + b"},
	{name: "FSub", sym: "-.", in: dF, out: dF, chain: true, expr: "a - b"},
	{name: "FMul", sym: "*.", in: dF, out: dF, chain: true, expr: "float64(a * b)", doc: "the conversion forbids fusing into an FMA"},
	{name: "FDiv", sym: "/.", in: dF, out: dF, chain: true, expr: "a / b"},
	{name: "FMin", sym: "fmin", in: dF, out: dF, expr: "min(a, b)"},
	{name: "FMax", sym: "fmax", in: dF, out: dF, expr: "max(a, b)"},

	{name: "Eq", sym: "==", in: dI, out: dB, cmp: true, expr: "a == b"},
	{name: "Ne", sym: "!=", in: dI, out: dB, cmp: true, expr: "a != b"},
	{name: "Lt", sym: "<", in: dI, out: dB, cmp: true, expr: "int64(a) < int64(b)"},
	{name: "Le", sym: "<=", in: dI, out: dB, cmp: true, expr: "int64(a) <= int64(b)"},
	{name: "Gt", sym: ">", in: dI, out: dB, cmp: true, expr: "int64(a) > int64(b)"},
	{name: "Ge", sym: ">=", in: dI, out: dB, cmp: true, expr: "int64(a) >= int64(b)"},
	{name: "FEq", sym: "==.", in: dF, out: dB, cmp: true, expr: "a == b"},
	{name: "FNe", sym: "!=.", in: dF, out: dB, cmp: true, expr: "a != b"},
	{name: "FLt", sym: "<.", in: dF, out: dB, cmp: true, expr: "a < b"},
	{name: "FLe", sym: "<=.", in: dF, out: dB, cmp: true, expr: "a <= b"},
	{name: "FGt", sym: ">.", in: dF, out: dB, cmp: true, expr: "a > b"},
	{name: "FGe", sym: ">=.", in: dF, out: dB, cmp: true, expr: "a >= b"},

	{name: "Neg", sym: "-", in: dI, out: dI, unary: true, expr: "-a"},
	{name: "BNot", sym: "^", in: dI, out: dI, unary: true, expr: "^a"},
	{name: "Not", sym: "!", in: dI, out: dI, unary: true, expr: "a ^ 1"},
	{name: "FNeg", sym: "-.", in: dF, out: dF, unary: true, expr: "-a"},
	{name: "IToF", sym: "float64", in: dI, out: dF, unary: true, expr: "float64(int64(a))"},
	{name: "FToI", sym: "int", in: dF, out: dI, unary: true, expr: "uint64(int64(a))"},
	{name: "Sqrt", sym: "sqrt", in: dF, out: dF, unary: true, expr: "math.Sqrt(a)"},
	{name: "FAbs", sym: "abs", in: dF, out: dF, unary: true, expr: "math.Abs(a)"},
	{name: "Floor", sym: "floor", in: dF, out: dF, unary: true, expr: "math.Floor(a)"},
	{name: "Ceil", sym: "ceil", in: dF, out: dF, unary: true, expr: "math.Ceil(a)"},

	{name: "Div", sym: "/", doc: "by a register: raises on zero"},
	{name: "Mod", sym: "%", doc: "by a register: raises on zero"},
	{name: "Shl", sym: "<<", doc: "by a register: raises on a negative count"},
	{name: "Shr", sym: ">>", doc: "by a register: raises on a negative count"},
	{name: "Get", sym: "get", doc: "S(B)[x]: raises when out of range"},
	{name: "GLoad", sym: "gload", doc: "GS(B)[x]: raises when out of range"},
	{name: "Get2", sym: "get2", doc: "S(B)[x][y]: raises when out of range"},
	{name: "GetG", sym: "getg", doc: "G(B)"},
	{name: "Len", sym: "len", doc: "len(S(B))"},
	{name: "Cap", sym: "cap", doc: "cap(S(B))"},
	{name: "IsNil", sym: "isnil", doc: "S(B) == nil"},
}

func main() {
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("// Code generated by jit/l1/internal/gen; DO NOT EDIT.\n\n")
	p("package l1\n\nimport (\n\t\"math\"\n\t\"unsafe\"\n\n\t\"github.com/jitvm/jitvm/vm\"\n)\n\n")
	p("var _ unsafe.Pointer\n\n")
	p("var _ = math.Sqrt\n\n")

	// The enum.
	p("// The operations of L1's expression trees.\nconst (\n\topNone iop = iota\n")
	for _, o := range ops {
		if o.doc != "" {
			p("\top%s // %s\n", o.name, o.doc)
		} else {
			p("\top%s\n", o.name)
		}
	}
	p("\tnumOps\n)\n\n")

	// The op table.
	p("// opInfos describes each operation.\nvar opInfos = [numOps]opInfo{\n")
	for _, o := range ops {
		p("\top%s: {name: %q, sym: %q, in: %s, out: %s, unary: %v, chain: %v, cmp: %v},\n",
			o.name, strings.ToLower(o.name), o.sym, domName(o.in), domName(o.out), o.unary, o.chain, o.cmp)
	}
	p("}\n\n")

	var chain, outer []op // inner and outer operations of the two-operation templates
	for _, o := range ops {
		if o.chain {
			chain = append(chain, o)
		}
	}
	outer = append(outer, chain...)
	for _, o := range ops {
		if o.cmp {
			outer = append(outer, o)
		}
	}
	p("// chainIndex numbers the inner operations of the two-operation templates,\n")
	p("// outerIndex their outer operations (the same, then the comparisons).\n")
	p("var chainIndex = [numOps]int8{")
	for _, o := range ops {
		p("op%s: %d, ", o.name, index(chain, o))
	}
	p("}\n\nvar outerIndex = [numOps]int8{")
	for _, o := range ops {
		p("op%s: %d, ", o.name, index(outer, o))
	}
	p("}\n\nconst (\n\tnumChain = %d\n\tnumOuter = %d\n)\n\n", len(chain), len(outer))

	// Every template comes in two variants: the general one, whose operands
	// may be elements (see leaf.val), and the plain one ("p" prefix, "P"
	// suffix on the tables), for operands that are registers and constants
	// only: it skips each operand's element test.
	for _, variant := range []string{"", "P"} {
		plain = variant == "P"
		pre, suf := strings.ToLower(variant), variant
		// One-operation templates.
		oneOp = true
		for _, o := range ops {
			if o.in == dN {
				continue
			}
			if o.unary {
				p("//go:noinline\nfunc %sstmt%s(dst dest, x leaf, next target, tl *tail) chainFn {\n", pre, o.name)
				p("%s", stmtBodies(get("a", "x", o.in)+put(store(o.expr, o.out))))
				continue
			}
			p("//go:noinline\nfunc %sstmt%s(dst dest, x, y leaf, next target, tl *tail) chainFn {\n", pre, o.name)
			p("%s", stmtBodies(get("a", "x", o.in)+get("b", "y", o.in)+put(store(o.expr, o.out))))
			if o.cmp {
				p("//go:noinline\nfunc %scond%s(x, y leaf, t, f target) chainFn {\n", pre, o.name)
				p("%s", condBody(get("a", "x", o.in)+get("b", "y", o.in), o.expr))
			}
		}
		oneOp = false
		p("var binStmt%s = [numOps]func(dst dest, x, y leaf, next target, tl *tail) chainFn{\n", suf)
		each(ops, func(o op) bool { return o.in != dN && !o.unary }, func(o op) { p("\top%s: %sstmt%s,\n", o.name, pre, o.name) })
		p("}\n\nvar unStmt%s = [numOps]func(dst dest, x leaf, next target, tl *tail) chainFn{\n", suf)
		each(ops, func(o op) bool { return o.unary }, func(o op) { p("\top%s: %sstmt%s,\n", o.name, pre, o.name) })
		p("}\n\nvar cond1%s = [numOps]func(x, y leaf, t, f target) chainFn{\n", suf)
		each(ops, func(o op) bool { return o.cmp }, func(o op) { p("\top%s: %scond%s,\n", o.name, pre, o.name) })
		p("}\n\n")

		// Two-operation templates: o2(o1(x, y), z) (side L) and o2(z, o1(x, y))
		// (side R), stored, or as a branch when o2 is a comparison. The operands
		// are read in that order, the order the bytecode computed them in.
		s2, c2, sc := table{}, table{}, table{}
		for _, o1 := range chain {
			for _, o2 := range outer {
				if o1.out != o2.in || !plain && !(arrayOp[o1.name] && (arrayOp[o2.name] || o2.cmp)) {
					continue
				}
				for _, side := range "LR" {
					name := fmt.Sprintf("%s%s%c", o1.name, o2.name, side)
					var reads, e string
					if side == 'L' {
						reads = get("a", "x", o1.in) + get("b", "y", o1.in) + fmt.Sprintf("\t\tv := %s\n", o1.expr) + get("c", "z", o2.in)
						e = subst(o2.expr, "v", "c")
					} else {
						reads = get("c", "z", o2.in) + get("a", "x", o1.in) + get("b", "y", o1.in) + fmt.Sprintf("\t\tv := %s\n", o1.expr)
						e = subst(o2.expr, "c", "v")
					}
					p("//go:noinline\nfunc %sstmt%s(dst dest, x, y, z leaf, next target, tl *tail) chainFn {\n", pre, name)
					p("%s", stmtBodies(reads+put(store(e, o2.out))))
					key := [3]int{index(chain, o1), index(outer, o2), sideIndex(side)}
					s2[key] = pre + "stmt" + name
					if o2.cmp {
						p("//go:noinline\nfunc %scond%s(x, y, z leaf, t, f target) chainFn {\n", pre, name)
						p("%s", condBody(reads, e))
						c2[key] = pre + "cond" + name
					}
				}
				// The statement-and-branch: v := o1(x, y); R(dst) = v; if o2(v, z).
				if !o2.cmp || o1.out != dI {
					continue
				}
				name := fmt.Sprintf("Set%s%s", o1.name, o2.name)
				p("//go:noinline\nfunc %scond%s(dst uintptr, x, y, z leaf, t, f target) chainFn {\n", pre, name)
				p("\treturn func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {\n")
				p("%s%s\t\tv := %s\n", get("a", "x", o1.in), get("b", "y", o1.in), o1.expr)
				p("\t\t*(*uint64)(unsafe.Add(r, dst)) = v\n")
				p("%s", get("c", "z", o2.in))
				p("\t\tif %s {\n\t\t\treturn t.run(m, r, s)\n\t\t}\n\t\treturn f.run(m, r, s)\n\t}\n}\n\n", subst(o2.expr, "v", "c"))
				sc[[3]int{index(chain, o1), index(outer, o2), -1}] = pre + "cond" + name
			}
		}
		p("var stmt2%s = [numChain][numOuter][2]func(dst dest, x, y, z leaf, next target, tl *tail) chainFn%s\n\n", suf, s2.literal())
		p("var cond2%s = [numChain][numOuter][2]func(x, y, z leaf, t, f target) chainFn%s\n\n", suf, c2.literal())
		p("var condSet%s = [numChain][numOuter]func(dst uintptr, x, y, z leaf, t, f target) chainFn%s\n", suf, sc.literal())

		// Three-operation templates of float arithmetic, plain variant
		// only: o3(o2(o1(x, y), z), w) with each inner operation on either
		// side of the one around it (mandelbrot's 2*zr*zi + ci). The
		// operands are registers and constants, which cannot fail, so the
		// order they are read in does not matter.
		if plain {
			var table []string // stmt3P's entries
			for i1, o1 := range float3 {
				for i2, o2 := range float3 {
					for i3, o3 := range float3 {
						for s2, side2 := range "LR" {
							for s3, side3 := range "LR" {
								name := fmt.Sprintf("%s%s%s%c%c", o1.name, o2.name, o3.name, side2, side3)
								table = append(table, fmt.Sprintf("\tt[%d][%d][%d][%d][%d] = pstmt3%s\n", i1, i2, i3, s2, s3, name))
								reads := get("a", "x", dF) + get("b", "y", dF) + fmt.Sprintf("\t\tv := %s\n", o1.expr) + get("c", "z", dF)
								if side2 == 'L' {
									reads += fmt.Sprintf("\t\tu := %s\n", subst(o2.expr, "v", "c"))
								} else {
									reads += fmt.Sprintf("\t\tu := %s\n", subst(o2.expr, "c", "v"))
								}
								reads += get("d", "w", dF)
								e := subst(o3.expr, "u", "d")
								if side3 == 'R' {
									e = subst(o3.expr, "d", "u")
								}
								p("//go:noinline\nfunc pstmt3%s(dst dest, x, y, z, w leaf, next target, tl *tail) chainFn {\n", name)
								p("%s", stmtBodies(reads+put(store(e, dF))))
							}
						}
					}
				}
			}
			updates(p, chain, outer)
			counted(p, chain, outer)
			pairs(p)

			p("// stmt3P are the three-operation templates, by float3 index of o1,\n")
			p("// o2 and o3, then the side of o1 in o2 and of o2 in o3 (0 left).\n")
			p("var stmt3P = func() (t [4][4][4][2][2]func(dst dest, x, y, z, w leaf, next target, tl *tail) chainFn) {\n%s", strings.Join(table, ""))
			p("\treturn t\n}()\n\n")
		}

	}

	// Go to a target inline: target.run is over Go's inlining budget.
	formatted, err := format.Source(b.Bytes())
	if err != nil {
		os.WriteFile("zops.go.broken", b.Bytes(), 0o644)
		log.Fatal(err)
	}
	out := captureOne(string(formatted))
	for _, t := range []string{"p.next", "p.t", "p.f", "next", "t", "f", "k"} {
		out = strings.ReplaceAll(out, "return "+t+".run(m, r, s)",
			fmt.Sprintf("if %s.fn != nil {\nreturn %s.fn(m, r, s)\n}\nreturn %s.b, r, s", t, t, t))
	}
	src, err := format.Source([]byte(out))
	if err != nil {
		os.WriteFile("zops.go.broken", b.Bytes(), 0o644)
		log.Fatal(err)
	}
	if err := os.WriteFile("zops.go", src, 0o644); err != nil {
		log.Fatal(err)
	}
}

// captureOne rewrites the general variant of every template so that its
// closure captures one pointer to its arguments rather than the arguments:
// Go loads a closure's captured variables when it starts, and in the
// templates with element operands most of them were spilled to the stack
// at once (frames of 232 bytes); through the pointer each is loaded where
// it is used. The plain variants keep their captures: there the pointer's
// extra load was on every operand's path, and cost 30% on loops. So do the
// counted self loops, which load what they need before their loop.
func captureOne(src string) string {
	var out strings.Builder
	lines := strings.Split(src, "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		out.WriteString(l)
		out.WriteString("\n")
		if !strings.HasPrefix(l, "func ") || !strings.HasSuffix(l, ") chainFn {") || strings.HasPrefix(l, "func p") || strings.HasPrefix(l, "func cself") {
			continue
		}
		params := l[strings.Index(l, "(")+1 : strings.LastIndex(l, ") chainFn {")]
		var names, fields []string
		groups := strings.Split(params, ", ")
		for j, group := range groups {
			f := strings.Fields(group)
			if len(f) == 1 { // "x, y leaf": x has y's type
				for k := j + 1; k < len(groups); k++ {
					if g := strings.Fields(groups[k]); len(g) == 2 {
						f = append(f, g[1])
						break
					}
				}
			}
			names = append(names, f[0])
			fields = append(fields, f[0]+" "+f[1])
		}
		out.WriteString(fmt.Sprintf("\tp := &struct{ %s }{%s}\n", strings.Join(fields, "; "), strings.Join(names, ", ")))
		// The closure: up to the function's closing brace.
		for i++; i < len(lines) && lines[i] != "}"; i++ {
			out.WriteString(qualify(lines[i], names))
			out.WriteString("\n")
		}
		out.WriteString("}\n")
	}
	return out.String()
}

// qualify prefixes each identifier of names in line with "p.", except
// where it is a field (after a dot).
func qualify(line string, names []string) string {
	var out strings.Builder
	for i := 0; i < len(line); {
		c := line[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') || i > 0 && ident(line, i-1) {
			out.WriteByte(c)
			i++
			continue
		}
		j := i
		for j < len(line) && ident(line, j) && line[j] != '.' {
			j++
		}
		word := line[i:j]
		for _, n := range names {
			if word == n {
				word = "p." + n
				break
			}
		}
		out.WriteString(word)
		i = j
	}
	return out.String()
}

// table is a sparse two- or three-level array literal: key [i, j, k] (k -1
// for two levels) to a function name.
type table map[[3]int]string

func (t table) literal() string {
	var b strings.Builder
	b.WriteString("{\n")
	for i := 0; i < 64; i++ {
		first := true
		for j := 0; j < 64; j++ {
			if f, ok := t[[3]int{i, j, -1}]; ok {
				if first {
					fmt.Fprintf(&b, "\t%d: {", i)
					first = false
				}
				fmt.Fprintf(&b, "%d: %s, ", j, f)
			}
			l, okl := t[[3]int{i, j, 0}]
			r, okr := t[[3]int{i, j, 1}]
			if okl || okr {
				if first {
					fmt.Fprintf(&b, "\t%d: {", i)
					first = false
				}
				fmt.Fprintf(&b, "%d: {%s, %s}, ", j, l, r)
			}
		}
		if !first {
			b.WriteString("},\n")
		}
	}
	b.WriteString("}")
	return b.String()
}

func sideIndex(side rune) int {
	if side == 'L' {
		return 0
	}
	return 1
}

func domName(d dom) string {
	switch d {
	case dI:
		return "domInt"
	case dF:
		return "domFloat"
	case dB:
		return "domBool"
	}
	return "domNone"
}

func index(list []op, o op) int {
	for i, x := range list {
		if x.name == o.name {
			return i
		}
	}
	return -1
}

func each(list []op, keep func(op) bool, f func(op)) {
	for _, o := range list {
		if keep(o) {
			f(o)
		}
	}
}

// arrayOp are the operations whose two-operation templates have a general
// variant (for element operands): the arithmetic array code does. The
// others (shifts, division by constants, and-not) keep the general variant
// of their one-operation templates, so that a tree of them with an element
// costs one closure more, and the generated file stays a third smaller.
var arrayOp = map[string]bool{
	"Add": true, "Sub": true, "Mul": true, "And": true, "Or": true, "Xor": true,
	"FAdd": true, "FSub": true, "FMul": true, "FDiv": true,
}

// float3 are the operations of the three-operation templates, in the
// order of stmt3P's indices (float3Index in lower.go).
var float3 = func() (list []op) {
	for _, name := range []string{"FAdd", "FSub", "FMul", "FDiv"} {
		for _, o := range ops {
			if o.name == name {
				list = append(list, o)
			}
		}
	}
	return list
}()

// plain is set while the plain variant of the templates is written,
// oneOp while the one-operation templates are.
var plain, oneOp bool

// get reads operand v into a new variable name of domain d, as leaf.val's
// comment in leaf.go shows.
func get(name, v string, d dom) string {
	w := "w" + name
	if plain {
		out := plainRead(w, v)
		if d == dF {
			return out + fmt.Sprintf("\t\t%s := math.Float64frombits(%s)\n", name, w)
		}
		return out + fmt.Sprintf("\t\t%s := %s\n", name, w)
	}
	out := generalRead(w, v)
	if d == dF {
		return out + fmt.Sprintf("\t\t%s := math.Float64frombits(%s)\n", name, w)
	}
	return out + fmt.Sprintf("\t\t%s := %s\n", name, w)
}

// tailCode ends a statement template: it goes on to next, or, with a loop
// tail tl (leaf.go), first runs the loop's increment and test.
const tailCode = `k := next
if tl != nil {
	v := *(*uint64)(unsafe.Add(r, tl.d)) + tl.inc.val(r)
	*(*uint64)(unsafe.Add(r, tl.d)) = v
	if !tl.test(v, tl.limit(r)) {
		k = tl.f
	}
}
return k.run(m, r, s)
`

// selfTailCode ends the self-looping closure of a statement template
// (tl.self), as selfLoad's and selfStore's iterations end (tail.next,
// tail.exit): while the loop's test holds it runs the statement again, up
// to selfBatch times before it returns the loop's header to the run loop
// (which checks for an interrupt there).
const selfTailCode = `if !tl.test(tl.next(r), tl.limit(r)) {
	return tl.exit(m, r, s)
}
if iter == 0 {
	return next.run(m, r, s)
}
`

// stmtBodies is a statement template's body after its signature: body,
// the statement, in two closures, one that iterates itself for a loop that
// is the statement and its tail (tl.self), and one for every other use. A
// single closure with the loop cost fannkuch 25% at L1 (its frame set-up
// on every run); two cost only compile time.
func stmtBodies(body string) string {
	self, hoist := hoistSlices(body)
	ret := "\treturn func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {\n" + body + tailCode + "\t}\n"
	kinds := ""
	if plain {
		kinds = byKinds(ret, true, false)
	} else if oneOp {
		kinds = byElems(ret)
	}
	return "\tif tl != nil && tl.self {\n\t\treturn func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {\n" + hoist + "\t\t\tfor iter := selfBatch - 1; ; iter-- {\n" +
		self + selfTailCode + "\t\t\t}\n\t\t}\n\t}\n" + kinds + ret + "}\n\n"
}

// condBody is a branch template's body after its signature: reads, then
// the branch on e.
func condBody(reads, e string) string {
	ret := "\treturn func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {\n" + reads +
		fmt.Sprintf("\t\tif %s {\n\t\t\treturn t.run(m, r, s)\n\t\t}\n\t\treturn f.run(m, r, s)\n\t}\n", e)
	kinds := ""
	if plain {
		kinds = byKinds(ret, false, false)
	} else if oneOp {
		kinds = byElems(ret)
	}
	return kinds + ret + "}\n\n"
}

// hoistSlices rewrites the body of a self-looping closure so that each
// element operand's slice (and the destination's) is looked up when the
// closure is entered, once per batch of up to selfBatch iterations, not in
// every iteration: the statement writes a register or an
// element, never a slice register or a global slice, so the slices a self
// loop indexes are the same in all its iterations. It returns the body and
// the lookups to put before the loop.
func hoistSlices(body string) (string, string) {
	var hoist strings.Builder
	for _, v := range []string{"x", "y", "z", "dst"} {
		use := "w := " + v + ".slice(m, s)"
		if !strings.Contains(body, use) {
			continue
		}
		sv := "sl" + v
		fmt.Fprintf(&hoist, "var %[1]s []uint64\nif %[2]s.el != elNone && %[2]s.el.kind() != elLen {\n%[1]s = %[2]s.slice(m, s)\n}\n", sv, v)
		body = strings.ReplaceAll(body, use, "w := "+sv)
	}
	return body, hoist.String()
}

// put stores a statement's value e in its destination dst: a register, or
// an element at a register index (leaf.go's dest).
func put(e string) string {
	return "res := " + e + "\n" + dstStore
}

// dstStore is put's store of res in dst.
const dstStore = `if dst.el == elNone {
	*(*uint64)(unsafe.Add(r, dst.off)) = res
} else {
	w := dst.slice(m, s)
	i := *(*uint64)(unsafe.Add(r, dst.ix))
	if i >= uint64(len(w)) {
		return dst.fail(m, i, w)
	}
	w[i] = res
}
`

// generalRead is get's read of operand v of the general variant into w.
func generalRead(w, v string) string {
	return fmt.Sprintf(`%[1]s := %[2]s.k
if %[2]s.mask != 0 {
	%[1]s = *(*uint64)(unsafe.Add(r, %[2]s.off))
}
if %[2]s.el != elNone {
	if %[2]s.el.kind() == elLen {
		%[1]s = %[2]s.len(s)
	} else {
		w := %[2]s.slice(m, s)
		if %[1]s >= uint64(len(w)) {
			return %[2]s.fail(m, %[1]s, w)
		}
		%[1]s = w[%[1]s]
	}
}
`, w, v)
}

// byElems is the part of a general one-operation template's constructor
// that picks, when each operand is known to be either a register or a
// constant (P) or an element at a register index (E, of a local or a
// global slice), a closure of its own for that mix, with at least one E
// (all P is the plain variant's): an E operand is read without the tests
// of the general read, a P operand with the plain variant's one. ret is
// the general closure ("return func... }"). A length, or an element at a
// constant index, keeps the general closure.
func byElems(ret string) string {
	leaves, words := readsIn(ret, generalRead)
	var sel []string
	for i, v := range leaves {
		sel = append(sel, fmt.Sprintf("elemKind(%s)<<%d", v, i))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "switch %s {\n", strings.Join(sel, " | "))
	for bits := 1; bits < 1<<len(leaves); bits++ {
		body := ret
		for i, v := range leaves {
			read := plainRead(words[i], v)
			if bits&(1<<i) != 0 {
				read = elemRead(words[i], v, v+".off")
			}
			body = strings.Replace(body, generalRead(words[i], v), read, 1)
		}
		fmt.Fprintf(&b, "case %d:\n%s", bits, body)
	}
	b.WriteString("}\n")
	return b.String()
}

// regRead, constRead and elemRead are the reads of operand v into w in a
// closure written for its kind (byKinds, byElems, byUpdateKinds): a
// register at offset vOff, the constant vK, and the element of v's slice
// at the index in the register at offset off.
func regRead(w, v string) string {
	return fmt.Sprintf("%s := *(*uint64)(unsafe.Add(r, %sOff))\n", w, v)
}
func constRead(w, v string) string { return fmt.Sprintf("%s := %sK\n", w, v) }
func elemRead(w, v, off string) string {
	return fmt.Sprintf("%[1]s := *(*uint64)(unsafe.Add(r, %[3]s))\n%[2]sw := %[2]s.slice(m, s)\nif %[1]s >= uint64(len(%[2]sw)) {\nreturn %[2]s.fail(m, %[1]s, %[2]sw)\n}\n%[1]s = %[2]sw[%[1]s]\n", w, v, off)
}

// plainRead is get's read of operand v, a register or a constant, into w.
func plainRead(w, v string) string {
	return fmt.Sprintf("%[1]s := %[2]s.k\nif %[2]s.mask != 0 {\n%[1]s = *(*uint64)(unsafe.Add(r, %[2]s.off))\n}\n", w, v)
}

// byKinds is the part of a plain template's constructor that picks, when
// each of its operands is known to be a register or a constant (and a
// statement's destination is a register), a closure of its own for that
// mix: one that reads each operand without testing which it is. ret is
// the closure ("return func... }"), as the general case has it; stmt says
// whether it stores to dst, constants whether the mix of constants only
// gets a closure too (for the updates, whose element is not an operand
// here). Templates of four operands (the
// three-operation family) have a closure for registers only and for each
// mix with one constant, not all 15 mixes. Unless constants is set, the
// mix of constants only is left to the general closure: the compiler
// folds most of those.
func byKinds(ret string, stmt, constants bool) string {
	leaves, words := readsIn(ret, plainRead)
	if stmt && !strings.Contains(ret, dstStore) {
		return ""
	}
	var sel []string
	for i, v := range leaves {
		sel = append(sel, fmt.Sprintf("isReg(%s)<<%d", v, i))
	}
	var b strings.Builder
	if stmt {
		b.WriteString("if dst.el == elNone {\n")
	}
	fmt.Fprintf(&b, "switch %s {\n", strings.Join(sel, " | "))
	first := 1
	if constants {
		first = 0
	}
	for bits := first; bits < 1<<len(leaves); bits++ {
		if len(leaves) > 3 && mathbits.OnesCount(uint(bits)) < len(leaves)-1 {
			continue
		}
		body := ret
		var names, vals []string
		for i, v := range leaves {
			if bits&(1<<i) != 0 {
				body = strings.Replace(body, plainRead(words[i], v), regRead(words[i], v), 1)
				names, vals = append(names, v+"Off"), append(vals, v+".off")
			} else {
				body = strings.Replace(body, plainRead(words[i], v), constRead(words[i], v), 1)
				names, vals = append(names, v+"K"), append(vals, v+".k")
			}
		}
		if stmt {
			body = strings.Replace(body, dstStore, "*(*uint64)(unsafe.Add(r, dstOff)) = res\n", 1)
			names, vals = append(names, "dstOff"), append(vals, "dst.off")
		}
		fmt.Fprintf(&b, "case %d:\n%s := %s\n%s", bits, strings.Join(names, ", "), strings.Join(vals, ", "), body)
	}
	b.WriteString("}\n")
	if stmt {
		b.WriteString("}\n")
	}
	return b.String()
}

// store converts an expression of domain d to the register word.
func store(e string, d dom) string {
	switch d {
	case dF:
		return "math.Float64bits(" + e + ")"
	case dB:
		return "b2w(" + e + ")"
	}
	return e
}

// subst replaces the operands a and b of an operation's expression by x and y.
func subst(expr, x, y string) string {
	var out strings.Builder
	for i := 0; i < len(expr); i++ {
		c := expr[i]
		if (c == 'a' || c == 'b') && !ident(expr, i-1) && !ident(expr, i+1) {
			if c == 'a' {
				out.WriteString(x)
			} else {
				out.WriteString(y)
			}
			continue
		}
		out.WriteByte(c)
	}
	return out.String()
}

func ident(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return false
	}
	c := s[i]
	return c == '_' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// updates writes the update templates: s[i] = o(s[i], x) (upd1, side L;
// R is o(x, s[i])) and s[i] = o2(o1(x, y), s[i]) (upd2, side L, the inner
// operation's side as in stmt2; R is o2(s[i], o1(x, y))), of
// the operations array code does (arrayOp), where x and y are registers,
// constants or elements at a register index. The element s[i] is read
// and written at one lookup of the slice and one bounds check: the
// statement cannot change the slice or the index register between the
// two. An index out of range is the read's error, at its pc (z's); the
// element is read where the bytecode reads it, before or after the
// operands, so that the first error is the bytecode's. Each
// template has a closure for each mix of registers, constants and
// elements at a register index (byUpdateKinds).
func updates(p func(string, ...any), chain, outer []op) {
	elem := "w := dst.slice(m, s)\ni := *(*uint64)(unsafe.Add(r, dst.ix))\nif i >= uint64(len(w)) {\nreturn z.fail(m, i, w)\n}\n"
	read := func(d dom) string {
		if d == dF {
			return "c := math.Float64frombits(w[i])\n"
		}
		return "c := w[i]\n"
	}
	// body reads the element first when the bytecode does (elemFirst: it
	// is the left operand), the operands first otherwise, so that an
	// index error is the one the bytecode raises first.
	body := func(reads, e string, d dom, elemFirst bool) string {
		code := reads + elem
		if elemFirst {
			code = elem + reads
		}
		ret := "\treturn func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {\n" + code + read(d) +
			"w[i] = " + store(e, d) + "\n" + tailCode + "\t}\n"
		return byUpdateKinds(ret) + "return nil\n}\n\n"
	}
	u2 := table{}
	for _, o := range chain {
		if !arrayOp[o.name] {
			continue
		}
		for _, side := range "LR" {
			name := fmt.Sprintf("%s%c", o.name, side)
			e := subst(o.expr, "c", "a")
			if side == 'R' {
				e = subst(o.expr, "a", "c")
			}
			p("//go:noinline\nfunc pupd%s(dst dest, x, z leaf, next target, tl *tail) chainFn {\n", name)
			p("%s", body(get("a", "x", o.in), e, o.out, side == 'L'))
		}
	}
	arithPairs(chain, outer, arrayOp, func(o1, o2 op, side rune, name, e string) {
		p("//go:noinline\nfunc pupd%s(dst dest, x, y, z leaf, next target, tl *tail) chainFn {\n", name)
		p("%s", body(get("a", "x", o1.in)+get("b", "y", o1.in)+fmt.Sprintf("\t\tv := %s\n", o1.expr), e, o2.out, side == 'R'))
		u2[[3]int{index(chain, o1), index(outer, o2), sideIndex(side)}] = "pupd" + name
	})
	p("// upd1 are the one-operation update templates, by operation and side of\n")
	p("// the element (0: s[i] = o(s[i], x)).\n")
	p("var upd1 = [numOps][2]func(dst dest, x, z leaf, next target, tl *tail) chainFn{\n")
	for _, o := range chain {
		if arrayOp[o.name] {
			p("\top%s: {pupd%sL, pupd%sR},\n", o.name, o.name, o.name)
		}
	}
	p("}\n\n")
	p("// upd2 are the two-operation update templates, by inner and outer\n")
	p("// operation and side of the inner one (0: s[i] = o2(o1(x, y), s[i])).\n")
	p("var upd2 = [numChain][numOuter][2]func(dst dest, x, y, z leaf, next target, tl *tail) chainFn%s\n\n", u2.literal())
}

// countedOp are the operations of the counted self loops (counted): the
// arithmetic of numeric loops.
var countedOp = map[string]bool{"Add": true, "Sub": true, "Mul": true, "FAdd": true, "FSub": true, "FMul": true, "FDiv": true}

// operand is one operand of a counted self loop: its leaf (x, y, z), the
// name its value gets (a, b, c) and its domain.
type operand struct {
	leaf, name string
	d          dom
}

// counted writes the counted self loops: the self-looping closure of a
// one- or two-operation statement (countedOp) whose loop counter is kept
// in a Go register, for a loop whose operands are each either an element
// indexed by the counter (E: the slice looked up once per batch) or a
// value the statement does not change (V: a constant, or a register that
// is neither the counter nor the destination, read once per batch) or the
// destination register itself (an accumulator, s += a[i]*b[i]: a V
// operand refreshed from the stored value each iteration), and whose
// destination is a register or an element indexed by the counter
// (countedKinds in leaf.go classifies them). A template has a closure
// for each mix of E and V operands and of the two destinations, and
// returns nil for any other loop, which keeps the general self closure.
// The counter is stored back to its register wherever the closure leaves,
// so the frame is exact for an index error, the run loop and on-stack
// replacement.
func counted(p func(string, ...any), chain, outer []op) {
	c2 := table{}
	for _, o := range chain {
		if !countedOp[o.name] {
			continue
		}
		p("//go:noinline\nfunc cself%s(dst dest, x, y leaf, next target, tl *tail) chainFn {\n", o.name)
		p("%s", countedBody([]operand{{"x", "a", o.in}, {"y", "b", o.in}}, "", store(o.expr, o.out)))
	}
	arithPairs(chain, outer, countedOp, func(o1, o2 op, side rune, name, e string) {
		ins := []operand{{"x", "a", o1.in}, {"y", "b", o1.in}, {"z", "c", o2.in}}
		if side == 'R' {
			ins = []operand{{"z", "c", o2.in}, {"x", "a", o1.in}, {"y", "b", o1.in}}
		}
		p("//go:noinline\nfunc cself%s(dst dest, x, y, z leaf, next target, tl *tail) chainFn {\n", name)
		p("%s", countedBody(ins, fmt.Sprintf("v := %s\n", o1.expr), store(e, o2.out)))
		c2[[3]int{index(chain, o1), index(outer, o2), sideIndex(side)}] = "cself" + name
	})
	p("// cself1 are the counted self loops of one operation (by operation).\n")
	p("var cself1 = [numOps]func(dst dest, x, y leaf, next target, tl *tail) chainFn{\n")
	for _, o := range chain {
		if countedOp[o.name] {
			p("\top%s: cself%s,\n", o.name, o.name)
		}
	}
	p("}\n\n")
	p("// cself2 are the counted self loops of two operations, indexed as stmt2.\n")
	p("var cself2 = [numChain][numOuter][2]func(dst dest, x, y, z leaf, next target, tl *tail) chainFn%s\n\n", c2.literal())
}

// countedBody is a counted self loop template's body after its signature:
// ins are its operands in the order the statement reads them, mid the
// inner operation's line, res the value stored.
func countedBody(ins []operand, mid, res string) string {
	var b strings.Builder
	n := len(ins)
	// countedKinds's bits are in leaf order x, y, z; then the destination.
	order := []string{"x", "y", "z"}[:n]
	fmt.Fprintf(&b, "kinds, ok := countedKinds(dst, tl, %s)\nif !ok {\nreturn nil\n}\nd := tl.d\nswitch kinds {\n", strings.Join(order, ", "))
	for bits := 0; bits < 1<<(n+1); bits++ {
		elemDst := bits&(1<<n) != 0
		isE := func(leaf string) bool {
			for i, l := range order {
				if l == leaf {
					return bits&(1<<i) != 0
				}
			}
			panic(leaf)
		}
		fmt.Fprintf(&b, "case %d:\nreturn func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {\n", bits)
		var refresh []string
		for _, in := range ins {
			if isE(in.leaf) {
				fmt.Fprintf(&b, "%[1]ss := %[1]s.slice(m, s)\n", in.leaf)
			} else {
				fmt.Fprintf(&b, "%[1]sv := %[1]s.val(r)\n", in.leaf)
				if !elemDst {
					fmt.Fprintf(&b, "%[1]sa := accMask(%[1]s, dst)\n", in.leaf)
					refresh = append(refresh, fmt.Sprintf("%[1]sv = %[1]sv&^%[1]sa | res&%[1]sa\n", in.leaf))
				}
			}
		}
		if elemDst {
			b.WriteString("ds := dst.slice(m, s)\n")
		}
		b.WriteString("inc, bound := tl.inc.val(r), tl.limit(r)\ni := *(*uint64)(unsafe.Add(r, d))\n")
		b.WriteString("for iter := selfBatch - 1; ; iter-- {\n")
		for _, in := range ins {
			w := "w" + in.name
			if isE(in.leaf) {
				fmt.Fprintf(&b, "if i >= uint64(len(%[1]ss)) {\n*(*uint64)(unsafe.Add(r, d)) = i\nreturn %[1]s.fail(m, i, %[1]ss)\n}\n%[2]s := %[1]ss[i]\n", in.leaf, w)
			} else {
				fmt.Fprintf(&b, "%s := %sv\n", w, in.leaf)
			}
			if in.d == dF {
				fmt.Fprintf(&b, "%s := math.Float64frombits(%s)\n", in.name, w)
			} else {
				fmt.Fprintf(&b, "%s := %s\n", in.name, w)
			}
			if in.leaf == "y" { // x and y read: the inner operation
				b.WriteString(mid)
			}
		}
		fmt.Fprintf(&b, "res := %s\n", res)
		if elemDst {
			b.WriteString("if i >= uint64(len(ds)) {\n*(*uint64)(unsafe.Add(r, d)) = i\nreturn dst.fail(m, i, ds)\n}\nds[i] = res\n")
		} else {
			b.WriteString("*(*uint64)(unsafe.Add(r, dst.off)) = res\n")
			for _, l := range refresh {
				b.WriteString(l)
			}
		}
		b.WriteString("i += inc\nif !tl.test(i, bound) {\n*(*uint64)(unsafe.Add(r, d)) = i\nreturn tl.exit(m, r, s)\n}\n")
		b.WriteString("if iter == 0 {\n*(*uint64)(unsafe.Add(r, d)) = i\nreturn next.run(m, r, s)\n}\n}\n}\n")
	}
	b.WriteString("}\nreturn nil\n}\n\n")
	return b.String()
}

// byUpdateKinds is the constructor of an update template (ret its closure,
// its operands read as the plain variant reads them): a closure for each
// mix of operands that are constants, registers, or elements at a
// register index (updateKind's 0, 1, 2; the selector is its value in base
// 3). It returns nil for any other operand, a length or an element at a
// constant index, which the compiler then gives a general template.
func byUpdateKinds(ret string) string {
	leaves, words := readsIn(ret, plainRead)
	var sel []string
	mixes := 1
	for _, v := range leaves {
		sel = append(sel, fmt.Sprintf("%d*updateKind(%s)", mixes, v))
		mixes *= 3
	}
	var b strings.Builder
	fmt.Fprintf(&b, "switch %s {\n", strings.Join(sel, " + "))
	for mix := range mixes {
		body := ret
		var names, vals []string
		k := mix
		for i, v := range leaves {
			var read string
			switch k % 3 {
			case 0:
				read = constRead(words[i], v)
				names, vals = append(names, v+"K"), append(vals, v+".k")
			case 1:
				read = regRead(words[i], v)
				names, vals = append(names, v+"Off"), append(vals, v+".off")
			case 2:
				read = elemRead(words[i], v, v+"Off")
				names, vals = append(names, v+"Off"), append(vals, v+".off")
			}
			body = strings.Replace(body, plainRead(words[i], v), read, 1)
			k /= 3
		}
		fmt.Fprintf(&b, "case %d:\n%s := %s\n%s", mix, strings.Join(names, ", "), strings.Join(vals, ", "), body)
	}
	b.WriteString("}\n")
	return b.String()
}

// arithPairs calls f for each pair of an inner operation o1 and an outer
// arithmetic operation o2 (not a comparison) of the same domain, both in
// keep, and each side of o1 in o2 (L: o2(v, c)): name is the templates'
// suffix, e o2's expression over v (o1's value) and c (the other operand).
func arithPairs(chain, outer []op, keep map[string]bool, f func(o1, o2 op, side rune, name, e string)) {
	for _, o1 := range chain {
		for _, o2 := range outer {
			if o1.out != o2.in || o2.cmp || !keep[o1.name] || !keep[o2.name] {
				continue
			}
			for _, side := range "LR" {
				e := subst(o2.expr, "v", "c")
				if side == 'R' {
					e = subst(o2.expr, "c", "v")
				}
				f(o1, o2, side, fmt.Sprintf("%s%s%c", o1.name, o2.name, side), e)
			}
		}
	}
}

// readsIn lists the operands (x, y, z, w) that closure ret reads with read
// (plainRead or generalRead), in that order, and the words (wa, wb, ...)
// it reads them into.
func readsIn(ret string, read func(w, v string) string) (leaves, words []string) {
	for _, v := range []string{"x", "y", "z", "w"} {
		for _, n := range "abcd" {
			if w := fmt.Sprintf("w%c", n); strings.Contains(ret, read(w, v)) {
				leaves, words = append(leaves, v), append(words, w)
			}
		}
	}
	return leaves, words
}

// pairs writes the pair templates: two float statements of one operation
// each on registers and constants, R(d1) = o1(x, y); R(d2) = o2(z, w), in
// one closure (mandelbrot's zr*zr and zi*zi). The second reads its
// operands after the first has stored, so any two such statements pair.
// The closures per mix are byKinds' for four operands.
func pairs(p func(string, ...any)) {
	for _, o1 := range float3 {
		for _, o2 := range float3 {
			name := o1.name + o2.name
			ret := "\treturn func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {\n" +
				get("a", "x", dF) + get("b", "y", dF) + "*(*uint64)(unsafe.Add(r, d1)) = " + store(o1.expr, dF) + "\n" +
				get("c", "z", dF) + get("d", "w", dF) + "*(*uint64)(unsafe.Add(r, d2)) = " + store(subst(o2.expr, "c", "d"), dF) + "\n" +
				"return next.run(m, r, s)\n\t}\n"
			p("//go:noinline\nfunc ppair%s(d1 uintptr, x, y leaf, d2 uintptr, z, w leaf, next target) chainFn {\n", name)
			p("%s", byKinds(ret, false, false)+ret+"}\n\n")
		}
	}
	p("// pairP are the pair templates, by float3 index of o1 and o2.\n")
	p("var pairP = [4][4]func(d1 uintptr, x, y leaf, d2 uintptr, z, w leaf, next target) chainFn{\n")
	for _, o1 := range float3 {
		p("\t{")
		for _, o2 := range float3 {
			p("ppair%s%s, ", o1.name, o2.name)
		}
		p("},\n")
	}
	p("}\n\n")
}
