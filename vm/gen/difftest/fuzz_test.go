package difftest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jitvm/jitvm/vm/gen"
)

// goEvery: one generated program in goEvery is also compared with the Go
// toolchain's binary (a build costs a quarter of a second).
const goEvery = 8

var goRunner = &GoRunner{CacheDir: DefaultCacheDir()}

// FuzzDifferential generates the program of a seed (vm/gen), runs it in
// every mode, and fails on any difference, with the seed and a minimized
// program. The seed corpus (f.Add and testdata/fuzz/FuzzDifferential)
// runs under go test; go test -fuzz=FuzzDifferential explores (and
// cmd/jitvm-fuzz runs long campaigns in child processes).
func FuzzDifferential(f *testing.F) {
	for _, s := range []int64{0, 1, 2} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, seed int64) {
		src := gen.Program(seed, gen.Config{})
		o := Options{Timeout: 20 * time.Second}
		if seed%goEvery == 0 && !testing.Short() {
			o.Go = goRunner
		}
		r := Check(src, seed, o)
		if r.Invalid != nil {
			t.Fatalf("seed %d: the generated program does not compile: %v\n%s", seed, r.Invalid, src)
		}
		if len(r.Diffs) == 0 {
			return
		}
		var b strings.Builder
		for _, d := range r.Diffs {
			fmt.Fprintf(&b, "  %s\n", d)
		}
		small := Shrink(src, seed, r.Diffs[0].Key(), o, gen.MinimizeOptions{Deadline: time.Now().Add(2 * time.Minute)})
		t.Fatalf("seed %d: %d differences:\n%s\nminimized program (%s) for %s:\n%s",
			seed, len(r.Diffs), b.String(), gen.Describe(small), r.Diffs[0].Key(), small)
	})
}

// The regression programs: every difference the fuzzer found, minimized,
// in testdata/fuzz/*.go at the top of the repository, with a comment
// saying what it caught. Each runs in every mode and against Go.
func TestRegressions(t *testing.T) {
	files, err := filepath.Glob("../../../testdata/fuzz/*.go")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skip("no regression programs yet")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".go"), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(src, []byte("// ")) {
				t.Errorf("%s: line 1 should say what the program caught", file)
			}
			o := Options{Timeout: 20 * time.Second}
			if !testing.Short() {
				o.Go = goRunner
			}
			r := Check(src, 1, o)
			if r.Invalid != nil {
				t.Fatalf("does not compile: %v", r.Invalid)
			}
			for _, d := range r.Diffs {
				t.Error(d)
			}
		})
	}
}
