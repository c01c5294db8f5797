package l1

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// zops.go is what internal/gen writes: a change to the generator that was
// not followed by go generate, or an edit of zops.go by hand, fails here.
func TestZopsIsGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the generator (go generate)")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go tool is not on PATH: cannot build the generator")
	}
	dir := t.TempDir()
	gen := filepath.Join(dir, "gen")
	out, err := exec.Command(goTool, "build", "-o", gen, "./internal/gen").CombinedOutput()
	require.NoError(t, err, "%s", out)
	run := exec.Command(gen)
	run.Dir = dir
	out, err = run.CombinedOutput()
	require.NoError(t, err, "%s", out)
	want, err := os.ReadFile(filepath.Join(dir, "zops.go"))
	require.NoError(t, err)
	got, err := os.ReadFile("zops.go")
	require.NoError(t, err)
	require.True(t, bytes.Equal(want, got), "zops.go differs from what internal/gen writes: run go generate in jit/l1")
}
