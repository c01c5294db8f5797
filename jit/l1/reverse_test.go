package l1

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jitvm/jitvm/vm"
)

// The reversal loops of testdata/swapr.go and swapl.go run as selfReverse
// (the plan's note "reverse") but for reverseCount, whose loop has a
// second move; TestDifferential runs both programs at L0 and L1.
func TestReversalLoops(t *testing.T) {
	for file, fns := range map[string]map[string]bool{
		"testdata/swapr.go": {"main.ends": true, "main.endsUp": true, "main.slide": true},
		"testdata/swapl.go": {"main.reverse": true, "main.reverseUp": true, "main.reverseCount": false},
	} {
		prog, err := vm.CompileFile(file)
		require.NoError(t, err)
		for fn, want := range fns {
			c, err := Compile(prog, prog.FuncIndex(fn))
			require.NoError(t, err)
			require.Equal(t, want, strings.Contains(c.String(), " reverse "), "%s:\n%s", fn, c)
		}
	}
}
