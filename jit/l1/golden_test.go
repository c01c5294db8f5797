package l1

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jitvm/jitvm/vm"
)

// The text form of small functions' plans (Code.String), compared with
// inline golden strings: which statements became which templates, how
// blocks continue into each other, and where the run loop takes over
// (calls, backward branches). After a deliberate change, update the strings
// from L1_SHOW=testdata/golden.go go test ./jit/l1 -run Show -v.
func TestGoldenPlans(t *testing.T) {
	prog, err := vm.CompileFile("testdata/golden.go")
	require.NoError(t, err)
	for _, tc := range []struct{ fn, want string }{
		{"main.fib", `
l1 main.fib: 10 blocks, 9 closures, inlined the guard of main.fib (pc 3), the guard of main.fib (pc 5); pcs below are after inlining
b0 pc 0-0:
    if r0 >= 2 goto b2 else return           ; ge
b1 pc 1-1:
    return                                   ; tramp
b2 pc 2-3:
    r1 = (r0 + -1); if r1 >= 2 goto ^b4 else b3 ; set.add.ge
b3 pc 4-4:
    (continues into b5)
    r2 = (r0 + -2); if r2 >= 2 goto ^b7 else b6 ; set.add.ge
b4 pc 5-5: call main.fib @1 at pc 2; r2 = r0 + -2; goto the rest of b5
b5 pc 6-7:
    r2 = (r0 + -2); if r2 >= 2 goto ^b7 else b6 ; set.add.ge
b6 pc 8-8:
    (continues into b8)
    r0 = r1 + r2                             ; add
    return
b7 pc 9-9: call main.fib @2 at pc 2; r0 = r1 + r2; return
b8 pc 10-11:
    r0 = r1 + r2                             ; add
    return
b9 pc 12-12:
    return                                   ; tramp
`},
		{"main.dot", `
l1 main.dot: 5 blocks, 7 closures
b0 pc 0-2:
    (continues into b2)
    r2 = 0
    r3 = 0                                   ; mv2
    if r3 < len(s0) goto b1 else b3          ; lt
b1 pc 3-7:
    (continues into b2)
    r2 = r2 +. (s0[r3] *. s1[r3])            ; fmul.fadd/R
    r3 = (r3 + 1); if r3 < len(s0) goto ^b1 else b3 ; set.add.lt
b2 pc 8-9:
    if r3 < len(s0) goto ^b1 else b3         ; lt
b3 pc 10-11:
    r0 = r2                                  ; move
    return
b4 pc 12-12:
    return                                   ; tramp
`},
		{"main.hash", `
l1 main.hash: 2 blocks, 3 closures
b0 pc 0-4:
    r0 = (r0 ^ r1) * 1099511628211           ; xor.mul
    r0 = r0 ^ (r0 >> 29)                     ; shrk.xor/R
    return
b1 pc 5-5:
    return                                   ; tramp
`},
	} {
		t.Run(tc.fn, func(t *testing.T) {
			c, err := Compile(prog, prog.FuncIndex(tc.fn))
			require.NoError(t, err)
			require.Equal(t, strings.TrimPrefix(tc.want, "\n"), c.String())
		})
	}
}
