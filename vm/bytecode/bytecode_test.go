package bytecode

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestInfoTableComplete(t *testing.T) {
	seen := map[string]Op{}
	for op := Op(0); op < NumOps; op++ {
		info := Info[op]
		require.NotEmpty(t, info.Name, "opcode %d has no Info entry", op)
		prev, dup := seen[info.Name]
		require.False(t, dup, "opcodes %d and %d share the name %s", prev, op, info.Name)
		seen[info.Name] = op
		require.Equal(t, info.Name, op.String())
	}
}

func TestInstrRoundTrip(t *testing.T) {
	for _, c := range []struct{ a, b, c int }{
		{0, 0, 0}, {MaxA, MaxB, MaxC}, {1, 2, -1}, {300, 65535, MinC}, {7, 9, 12345},
	} {
		in := Make(ADDI, c.a, c.b, c.c)
		require.Equal(t, ADDI, in.Op())
		require.Equal(t, c.a, in.A())
		require.Equal(t, c.b, in.B())
		require.Equal(t, c.c, in.C())
		require.Equal(t, 99, in.WithC(99).C())
	}
	require.Panics(t, func() { Make(ADD, MaxA+1, 0, 0) })
	require.Panics(t, func() { Make(JMP, 0, 0, MaxC+1) })
}

// prog builds a one-function program around code for verifier tests.
func prog(code ...Instr) *Program {
	f := &Func{Name: "main.main", NumRegs: 2, Code: code, Lines: make([]int32, len(code)), Consts: []uint64{7}}
	return &Program{Funcs: []*Func{f}, Prints: []PrintSite{{Args: []PrintArg{{Type: Int}}}}}
}

func TestVerify(t *testing.T) {
	require.NoError(t, Verify(prog(Make(LOADK, 1, 0, 0), Make(ADD, 0, 1, 1), Make(RET, 0, 0, 0))))
	bad := map[string]*Program{
		"registers":   prog(Make(ADD, 0, 1, 2), Make(RET, 0, 0, 0)),
		"constant":    prog(Make(LOADK, 0, 1, 0), Make(RET, 0, 0, 0)),
		"jump":        prog(Make(JMP, 0, 0, 5), Make(RET, 0, 0, 0)),
		"runs off":    prog(Make(ADD, 0, 1, 1)),
		"function":    prog(Make(CALL, 0, 3, 0), Make(RET, 0, 0, 0)),
		"print args":  prog(Make(PRINT, 1, 0, 0), Make(PRINT, 2, 0, 0), Make(RET, 0, 0, 0)),
		"global":      prog(Make(GETG, 0, 0, 0), Make(RET, 0, 0, 0)),
		"shift count": prog(Make(SHLI, 0, 0, 64), Make(RET, 0, 0, 0)),
		"reg pair":    prog(Make(GET2, 0, 0, 1|5<<12), Make(RET, 0, 0, 0)),
	}
	for name, p := range bad {
		require.Error(t, Verify(p), name)
	}
}

func TestDisasm(t *testing.T) {
	p := prog(Make(LOADK, 1, 0, 0), Make(JLTK, 1, 0, -2), Make(PRINT, 0, 0, 0), Make(RET, 0, 0, 0))
	p.Funcs[0].Lines = []int32{3, 3, 4, 5}
	var b strings.Builder
	p.Disasm(&b, 0, []string{"package main", "func main() {", "x := 7", "print(x)", "}"})
	got := b.String()
	for _, want := range []string{"func main.main", "; 3: x := 7", "LOADK   r1 k0(7|", "JLTK    r1 k0(7|", "->0", "PRINT   @0 print#0(Println/1)"} {
		require.Contains(t, got, want)
	}
}
