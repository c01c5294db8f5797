package l1

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"

	"github.com/jitvm/jitvm/vm"
)

// Every plain template picks a closure by which of its operands are
// registers and which constants (zops.go's byKinds). Each such closure must
// compute what the general one computes, which the mix of constants only
// still runs: for random operand values, every mix is compared with it, as
// a stored value or as the branch taken.
func TestTemplateKinds(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	values := func(n int) []uint64 {
		vs := make([]uint64, n)
		for i := range vs {
			switch rng.IntN(4) {
			case 0:
				vs[i] = uint64(rng.IntN(130)) + 1 // small: shift counts, loop bounds
			case 1:
				vs[i] = -uint64(rng.IntN(130)) - 1
			case 2:
				vs[i] = rng.Uint64() | 1
			default:
				vs[i] = uint64(rng.IntN(8)) // float bits of denormals, and booleans
				if vs[i] == 0 {
					vs[i] = 1
				}
			}
		}
		return vs
	}
	// leaves are the operands with values vs: operand i a register when bit
	// i of regs is set (register i of r), else the constant.
	leaves := func(vs []uint64, regs int, r []uint64) []leaf {
		ls := make([]leaf, len(vs))
		for i, v := range vs {
			if regs&(1<<i) != 0 {
				r[i] = v
				ls[i] = regLeaf(i)
			} else {
				ls[i] = constLeaf(v)
			}
		}
		return ls
	}
	const dst = 6
	next, yes, no := &block{}, &block{}, &block{}
	// stmt runs a statement template with each mix of its n operands and
	// checks the value each stores against the constants-only closure's.
	stmt := func(name string, n int, mk func(ls []leaf) chainFn) {
		for range 20 {
			vs := values(n)
			var want uint64
			for regs := 0; regs < 1<<n; regs++ {
				r := make([]uint64, 8)
				fn := mk(leaves(vs, regs, r))
				b, _, _ := fn(nil, unsafe.Pointer(&r[0]), nil)
				require.Same(t, next, b, name)
				if regs == 0 {
					want = r[dst]
					continue
				}
				require.Equal(t, want, r[dst], "%s of %#x with registers %b", name, vs, regs)
			}
		}
	}
	cond := func(name string, n int, mk func(ls []leaf) chainFn) {
		for range 20 {
			vs := values(n)
			var want *block
			for regs := 0; regs < 1<<n; regs++ {
				r := make([]uint64, 8)
				b, _, _ := mk(leaves(vs, regs, r))(nil, unsafe.Pointer(&r[0]), nil)
				if regs == 0 {
					want = b
					continue
				}
				require.Same(t, want, b, "%s of %#x with registers %b", name, vs, regs)
			}
		}
	}
	d := regDest(dst)
	checked := 0
	for o, mk := range binStmtP {
		if mk != nil {
			stmt(opInfos[o].name, 2, func(ls []leaf) chainFn { return mk(d, ls[0], ls[1], target{b: next}, nil) })
			checked++
		}
	}
	for o, mk := range unStmtP {
		if mk != nil {
			stmt(opInfos[o].name, 1, func(ls []leaf) chainFn { return mk(d, ls[0], target{b: next}, nil) })
			checked++
		}
	}
	for o, mk := range cond1P {
		if mk != nil {
			cond(opInfos[o].name, 2, func(ls []leaf) chainFn { return mk(ls[0], ls[1], target{b: yes}, target{b: no}) })
			checked++
		}
	}
	for i1, row := range stmt2P {
		for i2, sides := range row {
			for side, mk := range sides {
				if mk == nil || divides(outerOp(i2)) {
					continue
				}
				stmt("stmt2", 3, func(ls []leaf) chainFn { return mk(d, ls[0], ls[1], ls[2], target{b: next}, nil) })
				if c := cond2P[i1][i2][side]; c != nil {
					cond("cond2", 3, func(ls []leaf) chainFn { return c(ls[0], ls[1], ls[2], target{b: yes}, target{b: no}) })
				}
				checked++
			}
		}
	}
	for _, t1 := range stmt3P {
		for _, t2 := range t1 {
			for _, t3 := range t2 {
				for _, sides := range t3 {
					for _, mk := range sides {
						stmt("stmt3", 4, func(ls []leaf) chainFn { return mk(d, ls[0], ls[1], ls[2], ls[3], target{b: next}, nil) })
						checked++
					}
				}
			}
		}
	}
	require.Greater(t, checked, 650, "templates checked")
}

// The update templates (upd1, upd2) compute s[i] = o(s[i], x) and s[i] =
// o2(o1(x, y), s[i]) in place: each, with each mix of registers,
// constants and elements, must store what the plain template stores for
// the same operation with every value a constant. (The index error is
// testdata/update.go's.)
func TestUpdateTemplates(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	next := &block{}
	const dst = 6 // the plain templates' destination register
	const ix = 7  // the updated element's index register
	elemDest := dest{el: mkElem(elLocal, 0, 0), ix: roff(ix)}
	z := leaf{off: roff(ix), mask: ^uint64(0), el: elemDest.el}
	checked := 0
	// operand i with value v of kind k (updateKind's): a constant, register
	// i, or element 1+i of slice register 1 at the index in register 3+i.
	operand := func(i int, v uint64, k int, r, w1 []uint64) leaf {
		switch k {
		case 0:
			return constLeaf(v)
		case 1:
			r[i] = v
			return regLeaf(i)
		}
		r[3+i], w1[1+i] = uint64(1+i), v
		return leaf{off: roff(3 + i), mask: ^uint64(0), el: mkElem(elLocal, soff(1), 0)}
	}
	// run runs fn on a frame whose slice registers are w0 (the updated
	// slice) and w1, and returns the element it updated.
	run := func(fn chainFn, r, w0, w1 []uint64) uint64 {
		s := []vm.Slice{{W: w0}, {W: w1}}
		b, _, _ := fn(nil, unsafe.Pointer(&r[0]), unsafe.Pointer(&s[0]))
		require.Same(t, next, b)
		return w0[r[ix]]
	}
	for o, sides := range upd1 {
		for side, mk := range sides {
			if mk == nil {
				continue
			}
			checked++
			for range 20 {
				x, e := rng.Uint64()|1, rng.Uint64()|1
				args := [2]leaf{constLeaf(e), constLeaf(x)} // element on the left
				if side == 1 {
					args[0], args[1] = args[1], args[0]
				}
				r := make([]uint64, 8)
				_, _, _ = binStmtP[o](regDest(dst), args[0], args[1], target{b: next}, nil)(nil, unsafe.Pointer(&r[0]), nil)
				want := r[dst]
				for k := range 3 {
					r, w1 := make([]uint64, 8), make([]uint64, 4)
					r[ix] = 2
					fn := mk(elemDest, operand(0, x, k, r, w1), z, target{b: next}, nil)
					require.Equal(t, want, run(fn, r, []uint64{0, 0, e}, w1), "%s side %d of %#x, %#x, kind %d", opInfos[o].name, side, e, x, k)
				}
			}
		}
	}
	for i1, row := range upd2 {
		for i2, sides := range row {
			for side, mk := range sides {
				if mk == nil || divides(outerOp(i2)) {
					continue
				}
				checked++
				for range 20 {
					x, y, e := rng.Uint64()|1, rng.Uint64()|1, rng.Uint64()|1
					r := make([]uint64, 8)
					plain := stmt2P[i1][i2][side](regDest(dst), constLeaf(x), constLeaf(y), constLeaf(e), target{b: next}, nil)
					_, _, _ = plain(nil, unsafe.Pointer(&r[0]), nil)
					want := r[dst]
					for mix := range 9 {
						r, w1 := make([]uint64, 8), make([]uint64, 4)
						r[ix] = 1
						xl, yl := operand(0, x, mix%3, r, w1), operand(1, y, mix/3, r, w1)
						fn := mk(elemDest, xl, yl, z, target{b: next}, nil)
						require.Equal(t, want, run(fn, r, []uint64{0, e}, w1), "upd2 %d %d side %d mix %d", i1, i2, side, mix)
					}
				}
			}
		}
	}
	require.Greater(t, checked, 100, "templates checked")
	// A length, or an element at a constant index, has no closure: the
	// compiler gives such a statement a general template.
	length := leaf{el: mkElem(elLen, soff(1), 0)}
	require.Nil(t, upd1[opAdd][0](elemDest, length, z, target{b: next}, nil))
	require.Nil(t, upd2[chainIndex[opMul]][outerIndex[opAdd]][0](elemDest, constLeaf(2), leaf{k: 1, el: mkElem(elLocal, soff(1), 0)}, z, target{b: next}, nil))
}

// divides reports whether o is an integer division, which the compiler
// gives only nonzero constant divisors: the operands above are nonzero,
// but an inner operation's result, a divisor on side R, may be zero.
func divides(o iop) bool { return o == opDivK || o == opModK }

// outerOp is the operation at outerIndex i.
func outerOp(i int) iop {
	for o := range numOps {
		if outerIndex[o] == int8(i) {
			return iop(o)
		}
	}
	return opNone
}

// The counted self loops (cself1, cself2) must leave a frame as the
// general self-looping closure of the same template leaves it: for every
// template and every mix of operands (elements indexed by the counter,
// registers, constants, the destination register as an accumulator) and
// of destinations (a register, an element), both run one batch on copies
// of the same registers and slices, and must agree on every register and
// element and on where they go on. (Index errors are testdata/counted.go's
// and countedd.go's: they need a machine.)
func TestCountedLoops(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	next, exit := &block{}, &block{}
	const (
		cnt   = 1 // the loop counter
		bound = 2 // a register bound
		acc   = 3 // the destination register
		n     = 40
	)
	// Slice registers 0-2 are the operands' slices, 3 the destination's.
	type frame struct {
		r []uint64
		s []vm.Slice
	}
	newFrame := func() frame {
		f := frame{r: make([]uint64, 12), s: make([]vm.Slice, 4)}
		for i := range f.r {
			f.r[i] = rng.Uint64()%1000 + 1
		}
		f.r[cnt], f.r[bound] = 3, n-5
		for i := range f.s {
			w := make([]uint64, n)
			for j := range w {
				w[j] = rng.Uint64()%1000 + 1
			}
			f.s[i] = vm.Slice{W: w}
		}
		return f
	}
	clone := func(f frame) frame {
		g := frame{r: append([]uint64(nil), f.r...), s: make([]vm.Slice, len(f.s))}
		for i, sl := range f.s {
			g.s[i] = vm.Slice{W: append([]uint64(nil), sl.W...)}
		}
		return g
	}
	runOn := func(fn chainFn, f frame) *block {
		b, _, _ := fn(nil, unsafe.Pointer(&f.r[0]), unsafe.Pointer(&f.s[0]))
		return b
	}
	// operand i of kind k: 0 an element of slice i indexed by the counter,
	// 1 register 4+i, 2 a constant, 3 the accumulator (the destination
	// register).
	operand := func(i, k int) leaf {
		switch k {
		case 0:
			return leaf{off: roff(cnt), mask: ^uint64(0), el: mkElem(elLocal, soff(i), 0)}
		case 1:
			return regLeaf(4 + i)
		case 2:
			return constLeaf(uint64(i*7 + 2))
		}
		return regLeaf(acc)
	}
	checked, mixes := 0, 0
	check := func(name string, nops int, counted, general func(d dest, ls []leaf, tl *tail) chainFn) {
		checked++
		for mix := 0; mix < 1<<(2*nops+1); mix++ {
			kinds := make([]int, nops)
			for i := range kinds {
				kinds[i] = mix >> (2 * i) & 3
			}
			d := regDest(acc)
			if mix>>(2*nops)&1 != 0 {
				d = dest{el: mkElem(elLocal, soff(3), 0), ix: roff(cnt)}
				if slices.Contains(kinds, 3) {
					continue // no accumulator without a register destination
				}
			}
			ls := make([]leaf, nops)
			for i, k := range kinds {
				ls[i] = operand(i, k)
			}
			for _, step := range []leaf{constLeaf(1), constLeaf(2), regLeaf(5 + nops)} { // from 3, all reach the bound
				for _, cmp := range []iop{opLt, opLe, opNe} {
					tl := newTail(roff(cnt), step, regLeaf(bound), cmp, target{b: exit})
					tl.self = true
					fn := counted(d, ls, tl)
					require.NotNil(t, fn, "%s: mix %b is counted", name, mix)
					f := newFrame()
					f.r[5+nops] = 2
					g := clone(f)
					require.Same(t, runOn(general(d, ls, tl), g), runOn(fn, f), "%s mix %b", name, mix)
					require.Equal(t, g.r, f.r, "%s mix %b: registers", name, mix)
					require.Equal(t, g.s, f.s, "%s mix %b: slices", name, mix)
					mixes++
				}
			}
		}
	}
	for o, c := range cself1 {
		if c == nil || divides(iop(o)) {
			continue
		}
		g := binStmt[o]
		check(opInfos[o].name, 2,
			func(d dest, ls []leaf, tl *tail) chainFn { return c(d, ls[0], ls[1], target{b: next}, tl) },
			func(d dest, ls []leaf, tl *tail) chainFn { return g(d, ls[0], ls[1], target{b: next}, tl) })
	}
	for i1, row := range cself2 {
		for i2, sides := range row {
			for side, c := range sides {
				if c == nil {
					continue
				}
				g := stmt2[i1][i2][side]
				check("cself2", 3,
					func(d dest, ls []leaf, tl *tail) chainFn { return c(d, ls[0], ls[1], ls[2], target{b: next}, tl) },
					func(d dest, ls []leaf, tl *tail) chainFn { return g(d, ls[0], ls[1], ls[2], target{b: next}, tl) })
			}
		}
	}
	require.Greater(t, checked, 50, "templates checked")
	t.Logf("%d templates, %d loops", checked, mixes)
}

// The general one-operation templates pick a closure by which operands are
// elements at a register index and which registers or constants (byElems,
// and condTrue by hand). Each mix must compute what the general closure
// computes, which an element at a constant index still runs: the same
// elements, read through constant indices, are the reference.
func TestElementMixes(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	next, yes, no := &block{}, &block{}, &block{}
	const dst = 6
	// operand i: with reg, the element of slice register i at the index in
	// register 2+i, else the same element at a constant index; or, when
	// plainOp, register 4+i.
	mk := func(i int, elem, reg bool) leaf {
		switch {
		case !elem:
			return regLeaf(4 + i)
		case reg:
			return leaf{off: roff(2 + i), mask: ^uint64(0), el: mkElem(elLocal, soff(i), 0)}
		}
		return leaf{k: uint64(1 + i), el: mkElem(elLocal, soff(i), 0)}
	}
	run := func(fn chainFn, r []uint64, w [2][]uint64) *block {
		s := []vm.Slice{{W: w[0]}, {W: w[1]}}
		b, _, _ := fn(nil, unsafe.Pointer(&r[0]), unsafe.Pointer(&s[0]))
		return b
	}
	checked := 0
	try := func(name string, n int, build func(ls []leaf) chainFn, stmt bool) {
		checked++
		for range 20 {
			var w [2][]uint64
			for i := range w {
				w[i] = []uint64{rng.Uint64() | 1, rng.Uint64() % 130, rng.Uint64() % 3} // zeros too: a false truth
			}
			for mix := 1; mix < 1<<n; mix++ {
				r := make([]uint64, 8)
				r[2], r[3] = 1, 2 // the register indices: elements 1 and 2
				r[4], r[5] = rng.Uint64()%130+1, rng.Uint64()|1
				ref, got := make([]leaf, n), make([]leaf, n)
				for i := range n {
					e := mix&(1<<i) != 0
					ref[i], got[i] = mk(i, e, false), mk(i, e, true)
				}
				rr := append([]uint64(nil), r...)
				want := run(build(ref), rr, w)
				b := run(build(got), r, w)
				require.Same(t, want, b, "%s mix %b", name, mix)
				if stmt {
					require.Equal(t, rr[dst], r[dst], "%s mix %b", name, mix)
				}
			}
		}
	}
	d := regDest(dst)
	for o, fn := range binStmt {
		if fn != nil && !divides(iop(o)) {
			try(opInfos[o].name, 2, func(ls []leaf) chainFn { return fn(d, ls[0], ls[1], target{b: next}, nil) }, true)
		}
	}
	for o, fn := range cond1 {
		if fn != nil {
			try(opInfos[o].name, 2, func(ls []leaf) chainFn { return fn(ls[0], ls[1], target{b: yes}, target{b: no}) }, false)
		}
	}
	try("true", 1, func(ls []leaf) chainFn { return condTrue(ls[0], target{b: yes}, target{b: no}) }, false)
	require.Greater(t, checked, 20)
}

// A pair template (pairP) must leave the registers as its two plain
// templates run in sequence leave them, for every pair of operations and
// every mix of registers and constants, including a second statement that
// reads what the first stored (the pair reads its operands after the
// first store).
func TestPairTemplates(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	next := &block{}
	checked := 0
	for i1, row := range pairP {
		for i2, mk := range row {
			checked++
			o1, o2 := float3Ops[i1], float3Ops[i2]
			for range 10 {
				for mix := range 16 {
					for _, d1 := range []int{6, 2} { // 2: the second statement reads it
						r := make([]uint64, 8)
						for i := range 4 {
							r[i] = math.Float64bits(rng.NormFloat64() * 100)
						}
						ls := make([]leaf, 4)
						for i := range ls {
							if mix&(1<<i) != 0 {
								ls[i] = regLeaf(i)
							} else {
								ls[i] = constLeaf(math.Float64bits(float64(i) + 0.5))
							}
						}
						want := append([]uint64(nil), r...)
						seq := binStmtP[o1](regDest(d1), ls[0], ls[1], target{fn: binStmtP[o2](regDest(7), ls[2], ls[3], target{b: next}, nil)}, nil)
						_, _, _ = seq(nil, unsafe.Pointer(&want[0]), nil)
						b, _, _ := mk(roff(d1), ls[0], ls[1], roff(7), ls[2], ls[3], target{b: next})(nil, unsafe.Pointer(&r[0]), nil)
						require.Same(t, next, b)
						require.Equal(t, want, r, "%s then %s, registers %b, d1 %d", opInfos[o1].name, opInfos[o2].name, mix, d1)
					}
				}
			}
		}
	}
	require.Equal(t, 16, checked)
}

// float3Ops are the operations at float3Index 0-3.
var float3Ops = func() (ops [4]iop) {
	for o := range numOps {
		if i := float3Index[o]; i >= 0 {
			ops[i] = iop(o)
		}
	}
	return ops
}()
