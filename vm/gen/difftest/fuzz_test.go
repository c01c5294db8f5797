package difftest

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jitvm/jitvm/vm"
	"github.com/jitvm/jitvm/vm/gen"
)

// goEvery: one generated program in goEvery is also compared with the Go
// toolchain's binary (a build costs a quarter of a second).
const goEvery = 8

// goEveryImpure: of the programs with calls with side effects inside
// expressions, one in goEveryImpure is compared with Go.
const goEveryImpure = 2

var goRunner = &GoRunner{CacheDir: DefaultCacheDir()}

// FuzzDifferential generates the program of a seed (vm/gen), runs it in
// every mode, and fails on any difference, with the seed and a minimized
// program. With impure, the program calls functions with side effects
// inside expressions (gen.Config.ImpureCalls), and the comparison with Go
// checks jitvm's order of evaluation against gc's. The seed corpus (f.Add
// and testdata/fuzz/FuzzDifferential) runs under go test; go test
// -fuzz=FuzzDifferential explores (.ci/run does for 90 s; cmd/jitvm-fuzz
// runs long campaigns in child processes). The corpus entries of before
// ImpureCalls say impure false (their seeds were chosen for what their
// programs do: panics, exits, recursion, OSR, past bugs); new inputs
// mutate from both kinds.
//
// Under -fuzz, the fuzzing engine kills a worker whose call takes more
// than 10 s, and the test's message (the seed, the differences) dies with
// it: a worker runs each mode for at most a second (the generated programs
// run for milliseconds), runs a mode that timed out again with what is
// left of 8.5 s (a loaded machine is not a hang), and does not minimize. It
// fails with the seed and the differences; the engine writes the input to
// testdata/fuzz/FuzzDifferential, and go test -run=FuzzDifferential/NAME
// (outside the engine, as .ci/run does) checks it again and minimizes it.
func FuzzDifferential(f *testing.F) {
	for _, s := range []int64{0, 1, 2} {
		f.Add(s, false)
		f.Add(s, true)
	}
	worker := fuzzWorker()
	f.Fuzz(func(t *testing.T, seed int64, impure bool) {
		cfg := gen.Config{ImpureCalls: impure}
		src := gen.Program(seed, cfg)
		flags := ""
		if impure {
			flags = " -impure-calls"
		}
		o := Options{Timeout: 5 * time.Second}
		if worker {
			// Seven modes of a second and a Go build stay under 10 s.
			o.Timeout = time.Second
		}
		every := int64(goEvery)
		if impure {
			// Only Go's binary shows jitvm's order of evaluation wrong.
			every = goEveryImpure
		}
		if seed%every == 0 && !testing.Short() {
			o.Go = goRunner
		}
		start := time.Now()
		r := Check(src, seed, o)
		if worker && len(r.Diffs) > 0 && onlyTimeouts(r.Diffs) {
			r = recheckTimeouts(src, seed, r, start)
		}
		if r.Invalid != nil {
			t.Fatalf("seed %d%s: the generated program does not compile: %v\n%s", seed, flags, r.Invalid, src)
		}
		if len(r.Diffs) == 0 {
			return
		}
		var b strings.Builder
		for _, d := range r.Diffs {
			fmt.Fprintf(&b, "  %s\n", d)
		}
		if worker {
			t.Fatalf("seed %d%s: %d differences:\n%s\nthe program (%s): go run ./cmd/jitvm-fuzz -print -seed %d%s\n"+
				"not minimized under -fuzz (the engine stops a call after 10 s): run the failing input with go test -run, "+
				"which checks it again (5 s a mode) and minimizes it, or: go run ./cmd/jitvm-fuzz -n 1 -seed %d%s -go-every 1 -v",
				seed, flags, len(r.Diffs), b.String(), gen.Describe(src), seed, flags, seed, flags)
		}
		small := Shrink(src, seed, r.Diffs[0].Key(), o, gen.MinimizeOptions{Deadline: time.Now().Add(2 * time.Minute)})
		t.Fatalf("seed %d%s: %d differences:\n%s\nminimized program (%s) for %s:\n%s",
			seed, flags, len(r.Diffs), b.String(), gen.Describe(small), r.Diffs[0].Key(), small)
	})
}

// workerBudget is what a worker's call may take: the engine's 10 s, less
// a margin.
const workerBudget = 8500 * time.Millisecond

// onlyTimeouts reports whether every difference is a run that timed out.
func onlyTimeouts(ds []Diff) bool {
	for _, d := range ds {
		if d.What != "crash" || !strings.HasPrefix(d.Detail, timeoutCrash) {
			return false
		}
	}
	return true
}

// timeoutCrash begins the Crash of a run that Run stopped at its timeout.
var timeoutCrash = "stopped: " + errTimeout.Error()

// recheckTimeouts runs the modes that timed out at a worker's second
// again, with what is left of the worker's budget (up to the 5 s of go
// test): on a loaded machine a second is not always a hang. It returns r
// with their new outcomes and the differences again.
func recheckTimeouts(src []byte, seed int64, r Report, start time.Time) Report {
	prog, err := vm.Compile(Filename, src)
	if err != nil {
		return r
	}
	changed := false
	for i, run := range r.Runs {
		if run.Name == "go" || !strings.HasPrefix(run.Outcome.Crash, timeoutCrash) {
			continue
		}
		left := workerBudget - time.Since(start)
		if left < 2*time.Second {
			break
		}
		r.Runs[i].Outcome = Run(prog, Mode(run.Name), seed, min(left, 5*time.Second))
		changed = true
	}
	if changed {
		r.Diffs = diffsOf(r.Runs)
	}
	return r
}

// diffsOf compares runs as Check does: crashes, every mode against the
// first, and the first against Go's run (named "go") if there is one.
func diffsOf(runs []RunResult) []Diff {
	var ds []Diff
	var goRun *Outcome
	for i, run := range runs {
		if run.Name == "go" {
			goRun = &runs[i].Outcome
			continue
		}
		if run.Outcome.Crash != "" {
			ds = append(ds, Diff{A: run.Name, What: "crash", Detail: run.Outcome.Crash})
		}
	}
	ref := runs[0]
	if ref.Outcome.Crash != "" {
		return ds
	}
	for _, run := range runs[1:] {
		if run.Name != "go" && run.Outcome.Crash == "" {
			ds = append(ds, compare(ref.Name, run.Name, ref.Outcome, run.Outcome)...)
		}
	}
	if goRun != nil {
		ds = append(ds, compareGo(ref.Name, ref.Outcome, *goRun)...)
	}
	return ds
}

// A mode that timed out in a fuzz worker is run again; when it now ends,
// and as every other mode, the seed passes.
func TestRecheckTimeouts(t *testing.T) {
	for _, seed := range []int64{1, 3, 8} { // 3 panics; 8 runs against Go
		src := gen.Program(seed, gen.Config{})
		o := Options{Timeout: 5 * time.Second}
		if seed%goEvery == 0 && !testing.Short() {
			o.Go = goRunner
		}
		r := Check(src, seed, o)
		if len(r.Diffs) != 0 {
			t.Fatalf("seed %d: %v", seed, r.Diffs)
		}
		if ds := diffsOf(r.Runs); len(ds) != 0 {
			t.Errorf("seed %d: diffsOf finds %v where Check finds none", seed, ds)
		}
		for _, i := range []int{0, 2} { // the reference, another mode
			r := r
			r.Runs = append([]RunResult(nil), r.Runs...)
			r.Runs[i].Outcome = Outcome{Crash: timeoutCrash + "\n\tmain.main (prog.go:1)"}
			r.Diffs = diffsOf(r.Runs)
			if len(r.Diffs) != 1 || !onlyTimeouts(r.Diffs) {
				t.Fatalf("seed %d: a faked timeout of %s gives %v", seed, r.Runs[i].Name, r.Diffs)
			}
			if r = recheckTimeouts(src, seed, r, time.Now()); len(r.Diffs) != 0 {
				t.Errorf("seed %d: %s timed out, and again: %v", seed, r.Runs[i].Name, r.Diffs)
			}
		}
	}
}

// fuzzWorker reports whether this process is a worker of go test -fuzz
// (the coordinator starts the test binary with -test.fuzzworker).
func fuzzWorker() bool {
	fl := flag.Lookup("test.fuzzworker")
	return fl != nil && fl.Value.String() == "true"
}

// openBug marks a regression program whose bug is not fixed yet: line 2
// is "// Open: TIER ...". Its differences are logged and the test skips
// (so the suite stays green while the tier's owner works on it), unless
// JITVM_FUZZ_STRICT is set.
var openBug = regexp.MustCompile(`(?m)^// Open: (\S+)`)

// The regression programs: every difference the fuzzer found, minimized,
// in testdata/fuzz/*.go at the top of the repository, with a comment
// saying what it caught. Each runs in every mode and against Go, in a
// child process (TestRegressionChild), since a tier's bug may crash the
// process rather than print something different.
func TestRegressions(t *testing.T) {
	files, err := filepath.Glob("../../../testdata/fuzz/*.go")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skip("no regression programs yet")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".go"), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(src, []byte("// ")) {
				t.Errorf("%s: line 1 should say what the program caught", file)
			}
			diffs := checkInChild(t, exe, file)
			open := openBug.FindSubmatch(src)
			strict := os.Getenv("JITVM_FUZZ_STRICT") != ""
			if open != nil && len(diffs) == 0 {
				t.Logf("no difference any more: the bug (%s) looks fixed; remove the Open line", open[1])
			}
			for _, d := range diffs {
				if open != nil && !strict {
					t.Logf("open bug (%s): %s", open[1], d)
					continue
				}
				t.Error(d)
			}
			if open != nil && len(diffs) > 0 && !strict {
				t.Skipf("open bug in %s, still differs (JITVM_FUZZ_STRICT=1 makes it fail)", open[1])
			}
		})
	}
}

const childMarker = "difftest-child-diffs: "

// checkInChild runs TestRegressionChild on file and returns what differs;
// a child that dies is a difference too.
func checkInChild(t *testing.T, exe, file string) []string {
	args := []string{"-test.run=^TestRegressionChild$", "-test.v"}
	if testing.Short() {
		args = append(args, "-test.short")
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "JITVM_FUZZ_CHILD="+file)
	out, err := cmd.CombinedOutput()
	for _, line := range strings.Split(string(out), "\n") {
		if rest, ok := strings.CutPrefix(line, childMarker); ok {
			var diffs []string
			if err := json.Unmarshal([]byte(rest), &diffs); err != nil {
				t.Fatalf("child: %v", err)
			}
			return diffs
		}
	}
	return []string{fmt.Sprintf("the check crashed (%v):\n%s", err, clipLines(string(out), 40))}
}

// TestRegressionChild is TestRegressions' child process: it checks the
// program $JITVM_FUZZ_CHILD and prints the differences.
func TestRegressionChild(t *testing.T) {
	file := os.Getenv("JITVM_FUZZ_CHILD")
	if file == "" {
		t.Skip("run by TestRegressions")
	}
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// The programs are small: a run of a second is a hang.
	o := Options{Timeout: time.Second}
	if !testing.Short() {
		o.Go = goRunner
	}
	r := Check(src, 1, o)
	diffs := []string{}
	if r.Invalid != nil {
		diffs = append(diffs, "does not compile: "+r.Invalid.Error())
	}
	for _, d := range r.Diffs {
		diffs = append(diffs, d.String())
	}
	b, _ := json.Marshal(diffs)
	fmt.Printf("%s%s\n", childMarker, b)
}

func clipLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}
