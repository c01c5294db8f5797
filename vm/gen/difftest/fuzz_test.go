package difftest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
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
		o := Options{Timeout: 5 * time.Second}
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

// openBug marks a regression program whose bug is not fixed yet: line 2
// is "// Open: TIER ...". Its differences are logged and the test skips
// (so the suite stays green while the tier's owner works on it), unless
// JITVM_FUZZ_STRICT is set.
var openBug = regexp.MustCompile(`(?m)^// Open: (\S+)`)

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
			// The programs are small: a run of a second is a hang.
			o := Options{Timeout: time.Second}
			if !testing.Short() {
				o.Go = goRunner
			}
			r := Check(src, 1, o)
			if r.Invalid != nil {
				t.Fatalf("does not compile: %v", r.Invalid)
			}
			open := openBug.FindSubmatch(src)
			if open != nil && len(r.Diffs) == 0 {
				t.Logf("no difference any more: the bug (%s) looks fixed; remove the Open line", open[1])
			}
			for _, d := range r.Diffs {
				if open != nil && os.Getenv("JITVM_FUZZ_STRICT") == "" {
					t.Logf("open bug (%s): %s", open[1], d)
					continue
				}
				t.Error(d)
			}
			if open != nil && len(r.Diffs) > 0 && os.Getenv("JITVM_FUZZ_STRICT") == "" {
				t.Skipf("open bug in %s, still differs (JITVM_FUZZ_STRICT=1 makes it fail)", open[1])
			}
		})
	}
}
