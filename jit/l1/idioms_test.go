package l1

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jitvm/jitvm/vm"
)

// Loops that one hand-written closure runs with their indices in Go
// registers are matched where they should be, and only there (the note in
// the plan: "reverse", selfReverse; "shift", selfShift; "scan",
// selfScan). TestDifferential runs each of these programs at L0 and L1,
// with index errors raised inside the loops after iterations.
func TestIdiomLoops(t *testing.T) {
	for _, tc := range []struct {
		note, file string
		fns        map[string]bool
	}{
		{"reverse", "testdata/swapr.go", map[string]bool{"main.ends": true, "main.endsUp": true, "main.slide": true}},
		// reverseCount's loop has a second move: selfSwap runs it.
		{"reverse", "testdata/swapl.go", map[string]bool{"main.reverse": true, "main.reverseUp": true, "main.reverseCount": false}},
		{"shift", "testdata/shift.go", map[string]bool{"main.rotate": true, "main.down": true, "main.from": true, "main.evens": true}},
		{"shift", "testdata/shifte.go", map[string]bool{"main.main": true}},
		{"scan", "testdata/scan.go", map[string]bool{"main.up": true, "main.down": true, "main.skip": true, "main.small": true}},
		{"scan", "testdata/scane.go", map[string]bool{"main.down": true}},
	} {
		prog, err := vm.CompileFile(tc.file)
		require.NoError(t, err)
		for fn, want := range tc.fns {
			c, err := Compile(prog, prog.FuncIndex(fn))
			require.NoError(t, err)
			require.Equal(t, want, hasNote(c, tc.note), "%s %s, note %q:\n%s", tc.file, fn, tc.note, c)
		}
	}
}

// hasNote reports whether a line of c's plan carries note (the column
// after the last ";").
func hasNote(c *Code, note string) bool {
	for _, l := range strings.Split(c.String(), "\n") {
		if i := strings.LastIndex(l, ";"); i >= 0 && slices.Contains(strings.Fields(l[i+1:]), note) {
			return true
		}
	}
	return false
}
