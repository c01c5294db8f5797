package native

import (
	"math"
	"math/rand/v2"
	"testing"

	. "github.com/jitvm/jitvm/jit/internal/amd64"
	"golang.org/x/sys/cpu"
)

func TestSumLoop(t *testing.T) {
	m := newModule()
	emitSumLoop(m, "sum", true)
	emitSumLoop(m, "sum_nocheck", false)
	l := m.load(t)
	c := newContext(t)
	for _, name := range []string{"sum", "sum_nocheck"} {
		for _, n := range []uint64{0, 1, 2, 10, 1000, 1_000_000} {
			c.Scratch[0], c.Scratch[1] = n, 0xdead
			if code := c.Run(l.pc(name)); code != ExitReturn {
				t.Fatalf("%s(%d): exit %d", name, n, code)
			}
			if c.Scratch[1] != sumTo(n) {
				t.Errorf("%s(%d) = %d, want %d", name, n, c.Scratch[1], sumTo(n))
			}
		}
	}
}

// TestFloat runs SSE2 code (in high and low XMM registers) against Go's
// float64 semantics, including NaN, infinities, signed zeros and
// out-of-range conversions.
func TestFloat(t *testing.T) {
	m := newModule()
	a := m.a
	m.entry("f")
	a.MovsdRM(X8, scratch(0))  // x
	a.MovsdRM(X1, scratch(1))  // y
	a.Movaps(X2, X8)           // hypot: sqrt(x*x + y*y)
	a.Mulsd(X2, X8)            //
	a.Movaps(X13, X1)          //
	a.Mulsd(X13, X1)           //
	a.Addsd(X2, X13)           //
	a.Sqrtsd(X15, X2)          //
	a.MovsdMR(scratch(2), X15) //
	a.Movaps(X3, X8)           // (x - y) / y
	a.Subsd(X3, X1)
	a.Divsd(X3, X1)
	a.MovsdMR(scratch(3), X3)
	a.Cvttsd2siq(R9, X8) // int64(x)
	a.Store64(scratch(4), R9)
	a.Load64(R10, scratch(5)) // float64(int64 Scratch[5])
	a.Xorpd(X12, X12)
	a.Cvtsi2sdq(X12, R10)
	a.MovsdMR(scratch(6), X12)
	a.MovRI(RAX, math.MinInt64) // -x: flip the sign bit
	a.MovqXR(X4, RAX)
	a.Movaps(X5, X8)
	a.Xorpd(X5, X4)
	a.MovqRX(R11, X5)
	a.Store64(scratch(7), R11)
	a.MovRI(RAX, math.MaxInt64) // |x|: clear the sign bit
	a.MovqXR(X6, RAX)
	a.Movaps(X7, X8)
	a.Andpd(X7, X6)
	a.MovsdMR(scratch(8), X7)
	a.Ucomisd(X8, X1) // x > y, x >= y, x == y (ordered and equal)
	a.Setcc(CondA, RAX)
	a.Movzx8(RAX, RAX)
	a.Setcc(CondAE, RSI)
	a.Movzx8(RSI, RSI)
	a.Setcc(CondE, RDI)
	a.Setcc(CondNP, R8)
	a.AndRR(RDI, R8)
	a.Movzx8(RDI, RDI)
	a.ShlRI(RSI, 1)
	a.ShlRI(RDI, 2)
	a.OrRR(RAX, RSI)
	a.OrRR(RAX, RDI)
	a.Store64(scratch(9), RAX)
	if cpu.X86.HasSSE41 {
		a.Roundsd(X9, X8, RoundDown)
		a.MovsdMR(scratch(10), X9)
		a.Roundsd(X10, X8, RoundUp)
		a.MovsdMR(scratch(11), X10)
		a.RoundsdM(X11, scratch(0), RoundTrunc)
		a.MovsdMR(scratch(12), X11)
		a.Roundsd(X14, X8, RoundNearestEven)
		a.MovsdMR(scratch(13), X14)
	}
	a.Ret()
	l := m.load(t)
	c := newContext(t)

	vals := []float64{0, math.Copysign(0, -1), 1, -1, 2.5, -2.5, 3.5, 0.1, -7.9, 1e300, -1e300,
		math.Inf(1), math.Inf(-1), math.NaN(), 9.3e18, -9.3e18, math.MaxFloat64, math.SmallestNonzeroFloat64}
	ints := []int64{0, 1, -1, math.MaxInt64, math.MinInt64, 1 << 53, 1<<53 + 1}
	same := func(a, b float64) bool {
		return math.Float64bits(a) == math.Float64bits(b) || math.IsNaN(a) && math.IsNaN(b)
	}
	for i, x := range vals {
		for j, y := range vals {
			k := ints[(i+j)%len(ints)]
			c.Scratch[0], c.Scratch[1], c.Scratch[5] = math.Float64bits(x), math.Float64bits(y), uint64(k)
			if code := c.Call(l.pc("f")); code != ExitReturn {
				t.Fatalf("exit %d", code)
			}
			f := func(i int) float64 { return math.Float64frombits(c.Scratch[i]) }
			check := func(what string, got, want float64) {
				if !same(got, want) {
					t.Errorf("x=%v y=%v: %s = %v, want %v", x, y, what, got, want)
				}
			}
			check("sqrt(x*x+y*y)", f(2), math.Sqrt(x*x+y*y))
			check("(x-y)/y", f(3), (x-y)/y)
			if got, want := int64(c.Scratch[4]), int64(x); got != want {
				t.Errorf("int64(%v) = %d, want %d", x, got, want)
			}
			check("float64(int64)", f(6), float64(k))
			check("-x", f(7), -x)
			check("|x|", f(8), math.Abs(x))
			want := uint64(0)
			if x > y {
				want |= 1
			}
			if x >= y {
				want |= 2
			}
			if x == y {
				want |= 4
			}
			if c.Scratch[9] != want {
				t.Errorf("x=%v y=%v: compare bits %03b, want %03b", x, y, c.Scratch[9], want)
			}
			if cpu.X86.HasSSE41 {
				check("floor", f(10), math.Floor(x))
				check("ceil", f(11), math.Ceil(x))
				check("trunc", f(12), math.Trunc(x))
				check("round-even", f(13), math.RoundToEven(x))
			}
		}
	}
}

// aluCase is one integer operation: emit computes Scratch[2] from a (in ra)
// and b (in rb) using registers r; eval is Go's answer; ok filters inputs.
type aluCase struct {
	name string
	// fixed registers the form requires (RCX for shift counts, RAX/RDX for
	// division); 0xff means "any"
	ra, rb Reg
	emit   func(a *Assembler, ra, rb, rd Reg)
	eval   func(a, b int64) int64
	ok     func(a, b int64) bool
}

const anyReg Reg = 0xff

func aluCases() []aluCase {
	binop := func(name string, op ALUOp, f func(a, b int64) int64) aluCase {
		return aluCase{name, anyReg, anyReg, func(a *Assembler, ra, rb, rd Reg) {
			a.ALURR(op, ra, rb)
			a.MovRR(rd, ra)
		}, f, nil}
	}
	cs := []aluCase{
		binop("add", ADD, func(a, b int64) int64 { return a + b }),
		binop("sub", SUB, func(a, b int64) int64 { return a - b }),
		binop("and", AND, func(a, b int64) int64 { return a & b }),
		binop("or", OR, func(a, b int64) int64 { return a | b }),
		binop("xor", XOR, func(a, b int64) int64 { return a ^ b }),
		{"imul", anyReg, anyReg, func(a *Assembler, ra, rb, rd Reg) { a.ImulRR(ra, rb); a.MovRR(rd, ra) },
			func(a, b int64) int64 { return a * b }, nil},
		{"imul3", anyReg, anyReg, func(a *Assembler, ra, rb, rd Reg) { a.ImulRRI(rd, ra, -1000003) },
			func(a, b int64) int64 { return a * -1000003 }, nil},
		{"addimm", anyReg, anyReg, func(a *Assembler, ra, rb, rd Reg) { a.AddRI(ra, 100); a.SubRI(ra, 1<<20); a.MovRR(rd, ra) },
			func(a, b int64) int64 { return a + 100 - 1<<20 }, nil},
		{"neg-not", anyReg, anyReg, func(a *Assembler, ra, rb, rd Reg) { a.Neg(ra); a.Not(rb); a.XorRR(ra, rb); a.MovRR(rd, ra) },
			func(a, b int64) int64 { return -a ^ ^b }, nil},
		{"shl-cl", anyReg, RCX, func(a *Assembler, ra, rb, rd Reg) { a.ShlCL(ra); a.MovRR(rd, ra) },
			func(a, b int64) int64 { return a << (b & 63) }, nil},
		{"shr-cl", anyReg, RCX, func(a *Assembler, ra, rb, rd Reg) { a.ShrCL(ra); a.MovRR(rd, ra) },
			func(a, b int64) int64 { return int64(uint64(a) >> (b & 63)) }, nil},
		{"sar-cl", anyReg, RCX, func(a *Assembler, ra, rb, rd Reg) { a.SarCL(ra); a.MovRR(rd, ra) },
			func(a, b int64) int64 { return a >> (b & 63) }, nil},
		{"shifts-imm", anyReg, anyReg, func(a *Assembler, ra, rb, rd Reg) {
			a.ShlRI(ra, 3)
			a.SarRI(rb, 1)
			a.ShrRI(rb, 7)
			a.AddRR(ra, rb)
			a.MovRR(rd, ra)
		}, func(a, b int64) int64 { return a<<3 + int64(uint64(b>>1)>>7) }, nil},
		{"idiv", RAX, anyReg, func(a *Assembler, ra, rb, rd Reg) { a.Cqo(); a.Idiv(rb); a.MovRR(rd, RAX) },
			func(a, b int64) int64 { return a / b }, divOK},
		{"irem", RAX, anyReg, func(a *Assembler, ra, rb, rd Reg) { a.Cqo(); a.Idiv(rb); a.MovRR(rd, RDX) },
			func(a, b int64) int64 { return a % b }, divOK},
		{"lea", anyReg, anyReg, func(a *Assembler, ra, rb, rd Reg) { a.Lea(rd, MIdx(ra, rb, 8, -12)) },
			func(a, b int64) int64 { return a + b*8 - 12 }, nil},
		{"bt", anyReg, anyReg, func(a *Assembler, ra, rb, rd Reg) { a.BtRR(ra, rb); a.Setcc(CondC, rd); a.Movzx8(rd, rd) },
			func(a, b int64) int64 { return a >> (b & 63) & 1 }, nil},
		{"min-cmov", anyReg, anyReg, func(a *Assembler, ra, rb, rd Reg) { a.CmpRR(ra, rb); a.Cmov(CondG, ra, rb); a.MovRR(rd, ra) },
			func(a, b int64) int64 { return min(a, b) }, nil},
		{"test", anyReg, anyReg, func(a *Assembler, ra, rb, rd Reg) { a.TestRR(ra, rb); a.Setcc(CondNE, rd); a.Movzx8(rd, rd) },
			func(a, b int64) int64 { return b2i(a&b != 0) }, nil},
	}
	conds := []struct {
		c Cond
		f func(a, b int64) bool
	}{
		{CondE, func(a, b int64) bool { return a == b }},
		{CondNE, func(a, b int64) bool { return a != b }},
		{CondL, func(a, b int64) bool { return a < b }},
		{CondLE, func(a, b int64) bool { return a <= b }},
		{CondG, func(a, b int64) bool { return a > b }},
		{CondGE, func(a, b int64) bool { return a >= b }},
		{CondB, func(a, b int64) bool { return uint64(a) < uint64(b) }},
		{CondBE, func(a, b int64) bool { return uint64(a) <= uint64(b) }},
		{CondA, func(a, b int64) bool { return uint64(a) > uint64(b) }},
		{CondAE, func(a, b int64) bool { return uint64(a) >= uint64(b) }},
		{CondS, func(a, b int64) bool { return a-b < 0 }},
		{CondO, func(a, b int64) bool { d := a - b; return (a < 0) != (b < 0) && (d < 0) != (a < 0) }},
	}
	for _, cc := range conds {
		cs = append(cs, aluCase{"set" + cc.c.String(), anyReg, anyReg, func(a *Assembler, ra, rb, rd Reg) {
			a.CmpRR(ra, rb)
			a.Setcc(cc.c, rd)
			a.Movzx8(rd, rd)
		}, func(a, b int64) int64 { return b2i(cc.f(a, b)) }, nil})
	}
	return cs
}

func divOK(a, b int64) bool { return b != 0 && !(a == math.MinInt64 && b == -1) }

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// TestALU runs every integer case with many register assignments (every
// general register except RSP and R15 appears as each operand) on edge and
// random inputs, against Go.
func TestALU(t *testing.T) {
	pool := []Reg{RAX, RCX, RDX, RBX, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14}
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(fixed Reg, avoid ...Reg) Reg {
		if fixed != anyReg {
			return fixed
		}
	again:
		r := pool[rng.IntN(len(pool))]
		for _, x := range avoid {
			if r == x {
				goto again
			}
		}
		return r
	}
	type fn struct {
		cs         aluCase
		ra, rb, rd Reg
		name       string
	}
	m := newModule()
	var fns []fn
	for _, cs := range aluCases() {
		for k := range 24 {
			var ra, rb, rd Reg
			switch cs.ra {
			case RAX: // division: RDX is clobbered, divisor elsewhere
				ra = RAX
				rb = pick(anyReg, RAX, RDX)
				rd = pick(anyReg)
			default:
				rb = pick(cs.rb)
				ra = pick(anyReg, rb)
				rd = pick(anyReg)
			}
			name := cs.name + "_" + string(rune('a'+k))
			m.entry(name)
			m.a.Load64(ra, scratch(0))
			m.a.Load64(rb, scratch(1))
			cs.emit(m.a, ra, rb, rd)
			m.a.Store64(scratch(2), rd)
			m.a.Ret()
			fns = append(fns, fn{cs, ra, rb, rd, name})
		}
	}
	l := m.load(t)
	c := newContext(t)
	edge := []int64{0, 1, -1, 2, 7, 63, 64, 65, -64, math.MaxInt64, math.MinInt64, math.MaxInt32, math.MinInt32, 1 << 32}
	calls := 0
	for _, f := range fns {
		inputs := [][2]int64{}
		for _, x := range edge {
			for _, y := range edge {
				inputs = append(inputs, [2]int64{x, y})
			}
		}
		for range 50 {
			inputs = append(inputs, [2]int64{int64(rng.Uint64()), int64(rng.Uint64())})
		}
		for _, in := range inputs {
			a, b := in[0], in[1]
			if f.cs.ok != nil && !f.cs.ok(a, b) {
				continue
			}
			c.Scratch[0], c.Scratch[1] = uint64(a), uint64(b)
			if code := c.Call(l.pc(f.name)); code != ExitReturn {
				t.Fatalf("%s: exit %d", f.name, code)
			}
			calls++
			if got, want := int64(c.Scratch[2]), f.cs.eval(a, b); got != want {
				t.Fatalf("%s (a in %v, b in %v, result in %v): f(%d, %d) = %d, want %d",
					f.cs.name, f.ra, f.rb, f.rd, a, b, got, want)
			}
		}
	}
	t.Logf("%d functions, %d calls", len(fns), calls)
}
