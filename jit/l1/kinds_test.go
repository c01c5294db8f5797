package l1

import (
	"math/rand/v2"
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
// o2(o1(x, y), s[i]) in place: each, with each mix of registers and
// constants, must store what the plain template stores for the same
// operation with s[i]'s value as a constant operand. (The index error is
// testdata/update.go's.)
func TestUpdateTemplates(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	next := &block{}
	const dst = 6 // the plain templates' destination register
	const ix = 7  // the index register
	elemDest := dest{el: mkElem(elLocal, 0, 0), ix: roff(ix)}
	checked := 0
	// run runs fn on a frame whose slice register 0 is w, and returns the
	// element it updated.
	run := func(fn chainFn, r []uint64, w []uint64) uint64 {
		s := []vm.Slice{{W: w}}
		b, _, _ := fn(nil, unsafe.Pointer(&r[0]), unsafe.Pointer(&s[0]))
		require.Same(t, next, b)
		return w[r[ix]]
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
				for regs := range 2 {
					r := make([]uint64, 8)
					r[ix] = 2
					xl := constLeaf(x)
					if regs == 1 {
						r[0], xl = x, regLeaf(0)
					}
					fn := mk(elemDest, xl, leaf{off: roff(ix), mask: ^uint64(0), el: elemDest.el}, target{b: next}, nil)
					require.Equal(t, want, run(fn, r, []uint64{0, 0, e}), "%s side %d of %#x, %#x", opInfos[o].name, side, e, x)
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
					for regs := range 4 {
						r := make([]uint64, 8)
						r[ix] = 1
						xl, yl := constLeaf(x), constLeaf(y)
						if regs&1 != 0 {
							r[0], xl = x, regLeaf(0)
						}
						if regs&2 != 0 {
							r[1], yl = y, regLeaf(1)
						}
						z := leaf{off: roff(ix), mask: ^uint64(0), el: mkElem(elLocal, 0, 42)}
						fn := mk(elemDest, xl, yl, z, target{b: next}, nil)
						require.Equal(t, want, run(fn, r, []uint64{0, e}), "upd2 %d %d side %d with registers %b", i1, i2, side, regs)
					}
				}
			}
		}
	}
	require.Greater(t, checked, 100, "templates checked")
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
