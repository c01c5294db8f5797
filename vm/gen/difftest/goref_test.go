package difftest

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/jitvm/jitvm/vm/gen"
)

// GoRunner runs the compiler and linker itself; what it builds behaves as
// what go build builds (same output, status and panic line), and a second
// run of the same source comes from the cache.
func TestGoRunnerMatchesGoBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds with the Go toolchain")
	}
	dir := t.TempDir()
	r := &GoRunner{CacheDir: filepath.Join(dir, "cache")}
	for _, seed := range []int64{5, 6} {
		src := gen.Program(seed, gen.Config{})
		got, err := r.Run(src)
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, Filename)
		if err := os.WriteFile(file, src, 0o644); err != nil {
			t.Fatal(err)
		}
		bin := filepath.Join(dir, "prog")
		if out, err := exec.Command("go", "build", "-gcflags="+GoFlags[0], "-o", bin, file).CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
		var stdout, stderr bytes.Buffer
		cmd := exec.Command(bin)
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		code := 0
		var ee *exec.ExitError
		if err := cmd.Run(); errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if got.Stdout != stdout.String() || got.Code != code || firstLine(got.Trace) != firstLine(stderr.String()) {
			t.Errorf("seed %d: GoRunner: %q, %d, %q; go build: %q, %d, %q", seed,
				clip(got.Stdout), got.Code, firstLine(got.Trace), clip(stdout.String()), code, firstLine(stderr.String()))
		}
		again, err := r.Run(src)
		if err != nil || again.Stdout != got.Stdout {
			t.Errorf("seed %d: the cached outcome differs (%v)", seed, err)
		}
	}
}
