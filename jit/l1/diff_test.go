package l1

import (
	"bytes"
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jitvm/jitvm/vm"
	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// outcome is everything a run shows: its output, its panic (message and
// program stack trace, as WriteTrace prints it) and its exit status.
type outcome struct {
	stdout, trace string
	code          int
}

// run runs prog with function fn compiled by L1 where pick(fn) is true,
// interpreted otherwise.
func run(t testing.TB, prog *bc.Program, pick func(fn int) bool) outcome {
	t.Helper()
	return runWith(t, prog, pick, vm.Options{})
}

// runWith is run with the machine's options (its output is captured).
func runWith(t testing.TB, prog *bc.Program, pick func(fn int) bool, opts vm.Options) outcome {
	t.Helper()
	var out bytes.Buffer
	opts.Stdout = &out
	m := vm.New(prog, opts)
	for fn := range prog.Funcs {
		if pick(fn) {
			code, err := Compile(prog, fn)
			require.NoError(t, err)
			m.Install(fn, code, 1, false)
		}
	}
	err := m.Run()
	var trace strings.Builder
	if re, ok := err.(*vm.RuntimeError); ok {
		re.WriteTrace(&trace)
	}
	return outcome{out.String(), trace.String(), vm.ExitCode(err)}
}

func none(int) bool { return false }

// short reports whether a program of the corpus runs quickly at L0 (the
// long-running ones are the benchmarks' list).
func short(file string) bool {
	for _, name := range longRunning {
		if strings.HasSuffix(file, "/"+name+".go") && strings.Contains(file, "examples/") {
			return false
		}
	}
	return !strings.Contains(file, "bench/")
}
func all(int) bool { return true }

// flagBench adds the bench programs (seconds each at L0; cmd/jitvm's
// differential tests cover them) and mixed-tier runs of the long examples:
// go test ./jit/l1 -args -l1.bench
var flagBench = flag.Bool("l1.bench", false, "also run the bench programs, and long examples with mixed tiers")

// programs lists the differential corpus: the examples, this package's
// testdata, and with -l1.bench the bench programs. Under -short and -race
// the long-running examples are left out too: they take seconds (tens
// under the race detector) and exercise the same compiler as the others.
func programs(t testing.TB) []string {
	var files []string
	for _, g := range []string{"../../examples/*.go", "testdata/*.go"} {
		m, err := filepath.Glob(g)
		require.NoError(t, err)
		for _, f := range m {
			if short(f) || !testing.Short() && !raceEnabled {
				files = append(files, f)
			}
		}
	}
	if *flagBench && !raceEnabled {
		m, _ := filepath.Glob("../../bench/programs/*.go")
		files = append(files, m...)
	}
	require.NotEmpty(t, files)
	return files
}

// Every program behaves the same at L0, with every function at L1, and with
// every other function at L1 (calls across tiers both ways).
func TestDifferential(t *testing.T) {
	for _, file := range programs(t) {
		name := strings.TrimSuffix(filepath.Base(file), ".go")
		if strings.Contains(file, "bench/") {
			name = "bench-" + name
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			prog, err := vm.CompileFile(file)
			require.NoError(t, err)
			want := run(t, prog, none)
			cfgs := []struct {
				name string
				pick func(int) bool
			}{
				{"all", all},
				{"even", func(fn int) bool { return fn%2 == 0 }},
				{"odd", func(fn int) bool { return fn%2 == 1 }},
			}
			if !short(file) && !*flagBench {
				cfgs = cfgs[:1] // mixed tiers run half in the interpreter: slow
			}
			for _, cfg := range cfgs {
				got := run(t, prog, cfg.pick)
				require.Equal(t, want.stdout, got.stdout, "%s: stdout", cfg.name)
				require.Equal(t, want.trace, got.trace, "%s: panic and stack trace", cfg.name)
				require.Equal(t, want.code, got.code, "%s: exit status", cfg.name)
			}
		})
	}
}
