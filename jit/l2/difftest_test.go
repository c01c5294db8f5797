//go:build amd64

package l2

import (
	"flag"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The differential test: every example (and bench program, unless -short
// or -race) runs in the interpreter and with every function L2 can compile
// installed at L2, then with every other function at L2 (both halves), and
// must print the same, exit the same, and panic with the same message and
// program stack trace.
func TestDifferential(t *testing.T) {
	files, _ := filepath.Glob("../../examples/*.go")
	if len(files) == 0 {
		t.Fatal("no examples")
	}
	if *flagBench && !raceEnabled {
		// The bench programs take seconds each in the interpreter: on
		// request only (cmd/jitvm's differential tests cover them too).
		bench, _ := filepath.Glob("../../bench/programs/*.go")
		files = append(files, bench...)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".go")
		if strings.Contains(file, "bench/") {
			name = "bench_" + name
		}
		if raceEnabled && longRunning[name] {
			continue // the race detector slows the interpreter about 50x
		}
		t.Run(name, func(t *testing.T) {
			prog := compileFile(t, file)
			want := run(t, prog, nil)
			codes, failed := compileAll(t, prog, Options{})
			if len(failed) > 0 {
				keys := make([]string, 0, len(failed))
				for k := range failed {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for _, k := range keys {
					t.Logf("not compiled: %s: %s", k, failed[k])
				}
			}
			modes := []struct {
				name string
				pick func(fn int) bool
			}{
				{"all", func(int) bool { return true }},
				{"even", func(fn int) bool { return fn%2 == 0 }},
				{"odd", func(fn int) bool { return fn%2 == 1 }},
			}
			if longRunning[name] && !*flagBench {
				modes = modes[:1] // mixed tiers run half in the interpreter: slow
			}
			for _, mode := range modes {
				got := run(t, prog, installer(codes, mode.pick))
				if got.stdout != want.stdout {
					t.Errorf("%s: stdout differs:\n--- L0\n%s\n--- L2\n%s", mode.name, clipText(want.stdout), clipText(got.stdout))
				}
				if got.trace != want.trace {
					t.Errorf("%s: panic differs:\n--- L0\n%s\n--- L2\n%s", mode.name, want.trace, got.trace)
				}
				if got.code != want.code {
					t.Errorf("%s: exit status %d, want %d", mode.name, got.code, want.code)
				}
			}
		})
	}
}

// flagBench adds the bench programs and mixed-tier runs of the long
// examples: go test ./jit/l2 -args -l2.bench
var flagBench = flag.Bool("l2.bench", false, "also run the bench programs, and long examples with mixed tiers")

// longRunning are the benchmark-sized examples (20-100 ms native).
var longRunning = map[string]bool{
	"ackermann": true, "bintrees": true, "collatz": true, "fannkuch": true, "fib": true,
	"hotcall": true, "hotloop": true, "life": true, "mandelbrot": true, "matmul": true,
	"nbody": true, "nqueens": true, "primes": true, "quicksort": true, "sieve": true,
	"spectralnorm": true, "twofuncs": true, "deeprec": true,
}

func clipText(s string) string {
	if len(s) > 2000 {
		return s[:1000] + "\n...\n" + s[len(s)-1000:]
	}
	return s
}

// The fuzzer's regression programs (testdata/fuzz, found by jitvm-fuzz)
// that concern L2 run the same at L0 and at L2.
func TestFuzzRegressions(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/fuzz/*.go")
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".go")
		t.Run(name, func(t *testing.T) {
			prog := compileFile(t, file)
			want := run(t, prog, nil)
			codes, failed := compileAll(t, prog, Options{})
			if len(failed) > 0 {
				t.Logf("not compiled: %v", failed)
			}
			for _, mode := range []func(int) bool{
				func(int) bool { return true },
				func(fn int) bool { return fn%2 == 0 },
				func(fn int) bool { return fn%2 == 1 },
			} {
				got := run(t, prog, installer(codes, mode))
				if got != want {
					t.Errorf("differs from L0:\n--- L0\n%s%s(exit %d)\n--- L2\n%s%s(exit %d)",
						clipText(want.stdout), want.trace, want.code, clipText(got.stdout), got.trace, got.code)
				}
			}
		})
	}
}
