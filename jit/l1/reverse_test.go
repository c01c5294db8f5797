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

// The shift loops of testdata/shift.go and shifte.go run as selfShift
// (the note "shift"); TestDifferential runs both at L0 and L1, with an
// index error of the read and of the write after iterations.
func TestShiftLoops(t *testing.T) {
	for file, fns := range map[string][]string{
		"testdata/shift.go":  {"main.rotate", "main.down", "main.from", "main.evens"},
		"testdata/shifte.go": {"main.main"},
	} {
		prog, err := vm.CompileFile(file)
		require.NoError(t, err)
		for _, fn := range fns {
			c, err := Compile(prog, prog.FuncIndex(fn))
			require.NoError(t, err)
			require.Contains(t, c.String(), " shift ", fn)
		}
	}
}

// The scan loops of testdata/scan.go and scane.go run as selfScan (the
// note "scan"); TestDifferential runs both at L0 and L1, with index
// errors past either end after iterations.
func TestScanLoops(t *testing.T) {
	for file, fns := range map[string][]string{
		"testdata/scan.go":  {"main.up", "main.down", "main.skip", "main.small"},
		"testdata/scane.go": {"main.down"},
	} {
		prog, err := vm.CompileFile(file)
		require.NoError(t, err)
		for _, fn := range fns {
			c, err := Compile(prog, prog.FuncIndex(fn))
			require.NoError(t, err)
			require.Contains(t, c.String(), " scan", fn)
		}
	}
}
