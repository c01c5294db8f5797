//go:build amd64

package l2

import (
	"fmt"
	"testing"
)

// Bit-exact arithmetic against the interpreter (which is Go): the edge
// cases of division, shifts, conversions, min/max, rounding and float
// compares, through registers and through memory, as functions of their
// own and inlined.
const edgeSrc = `package main

import (
	"fmt"
	"math"
)

func div(a, b int) int { return a / b }
func mod(a, b int) int { return a % b }
func shl(a, b int) int { return a << b }
func shr(a, b int) int { return a >> b }
func ftoi(f float64) int { return int(f) }
func fmin(a, b float64) float64 { return min(a, b) }
func fmax(a, b float64) float64 { return max(a, b) }

func ints(a, b int) {
	if b != 0 {
		fmt.Println(a, b, div(a, b), mod(a, b), a/b, a%b)
	}
	fmt.Println(a/3, a%3, a/-4, a%-4, a/8, a%8, a/-1, a%-1, a/1024, a%-1024, a/1, a%1, a/math.MinInt64, a%math.MinInt64)
	fmt.Println(a*b, a&^b, a&b, a|b, a^b, ^a, -a, min(a, b), max(a, b), a < b, a <= b, a == b, a != b, a*12345678901)
	if b >= 0 {
		fmt.Println(shl(a, b), shr(a, b), a<<b, a>>b, a<<(b&63), a>>(b&63))
	}
}

func floats(x, y float64) {
	fmt.Println(fmin(x, y), fmax(x, y), min(x, y, 1.5), max(y, x, -1.5), x < y, x <= y, x == y, x != y, x > y, x >= y)
	fmt.Println(x+y, x-y, x*y, x/y, x+0.1, x*3.5, x/7, x-1e300)
	if x < y {
		fmt.Println("lt")
	}
	if !(x <= y) {
		fmt.Println("not le")
	}
	if x == y {
		fmt.Println("eq")
	}
	if x != y {
		fmt.Println("ne")
	}
}

func main() {
	is := []int{0, 1, -1, 2, -2, 3, 7, -7, 8, -8, 63, 64, 65, 100, 1023, -1025, math.MaxInt64, math.MinInt64, 1 << 40, -(1 << 40)}
	for _, a := range is {
		for _, b := range is {
			ints(a, b)
		}
	}
	z := 0.0
	nz := -z
	inf := 1 / z
	nan := z / z
	fs := []float64{0, nz, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, inf, -inf, nan,
		1e300, -1e300, 9.2233720368547758e18, -9.2233720368547758e18, 4.5e15, -4.5e15}
	for _, x := range fs {
		fmt.Println(ftoi(x), int(x), math.Floor(x), math.Ceil(x), math.Sqrt(x), math.Abs(x), -x, float64(int(x)))
		for _, y := range fs {
			floats(x, y)
		}
	}
	fmt.Println(min(nz, 0), min(0, nz), max(nz, 0), max(0, nz), max(nz, nz), min(0.0, 0.0))
	var s []int
	var ss [][]float64
	fmt.Println(s == nil, len(s), cap(s), ss == nil, len(ss))
	s = append(s, 1, 2, 3)
	ss = append(ss, []float64{1, 2}, nil)
	fmt.Println(s == nil, len(s), cap(s), ss == nil, len(ss), len(ss[1]), ss[1] == nil, cap(ss[0][:1]))
	n := copy(s, s[1:])
	fmt.Println(n, s)
	n = copy(s[1:], s)
	fmt.Println(n, s)
}
`

func TestSemantics(t *testing.T) {
	prog := compileSrc(t, edgeSrc)
	want := run(t, prog, nil)
	for _, tc := range []struct {
		name  string
		opts  Options
		sse41 bool
	}{
		{"inline", Options{}, true},
		{"noinline", Options{Inline: NoInline}, true},
		{"no-sse4.1", Options{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !tc.sse41 {
				defer func(v bool) { hasSSE41 = v }(hasSSE41)
				hasSSE41 = false
			}
			codes, failed := compileAll(t, prog, tc.opts)
			if len(failed) > 0 {
				t.Fatal(failed)
			}
			for _, mode := range []func(int) bool{
				func(int) bool { return true },
				func(fn int) bool { return fn%2 == 0 },
			} {
				got := run(t, prog, installer(codes, mode))
				if got != want {
					t.Fatalf("differs from the interpreter:\n%s", firstDiff(want.stdout, got.stdout))
				}
			}
		})
	}
}

// firstDiff describes the first line where two outputs differ.
func firstDiff(a, b string) string {
	la, lb := splitLines(a), splitLines(b)
	for i := 0; i < max(len(la), len(lb)); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n  L0: %s\n  L2: %s", i+1, x, y)
		}
	}
	return "(same lines)"
}

func splitLines(s string) []string {
	var out []string
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] != '\n' {
			i++
		}
		out = append(out, s[:i])
		if i < len(s) {
			i++
		}
		s = s[i:]
	}
	return out
}
