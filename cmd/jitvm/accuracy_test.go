package main

import (
	"fmt"
	"math"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// maxShareError is how far a sampled share may be from the exact one.
const maxShareError = 0.05

// accuracyProgram is testdata/shares.go: light and heavy run the same loop
// body, 25% and 75% of the bytecodes, for about 2 s of VM time, in 100
// alternating rounds. Under the race detector the interpreter is about 100
// times slower, and the loops are made 100 times shorter.
func accuracyProgram(t *testing.T) string {
	if raceEnabled {
		return writeProgram(t, "shares.go", sharesSource(t, 6000, 100))
	}
	return sharesProgram
}

// TestProfilerAccuracy checks the sampled profiles against the exact one,
// with the real VM: for perf-sw and timer at the default 1ms period, the
// shares of light and heavy must each be within 5 percentage points of their
// shares of the bytecodes executed (--profiler=exact).
//
// Same as:
//
//	jitvm run --profiler=exact --stats cmd/jitvm/testdata/shares.go
//	jitvm run --profiler=perf-sw --stats cmd/jitvm/testdata/shares.go
//	jitvm run --profiler=timer --stats cmd/jitvm/testdata/shares.go
//
// On an idle machine every run is within a point or two. Other processes
// competing for the two CPUs delay the goroutine that reads the published
// function (perf's attribution delay reaches hundreds of milliseconds, and
// the timer's ticks come late), so that whole batches of samples go to one
// function; a source gets three runs to come within the bound.
func TestProfilerAccuracy(t *testing.T) {
	if testing.Short() {
		t.Skip("about 6 s of CPU: skipped in -short mode")
	}
	prog := accuracyProgram(t)
	dir := t.TempDir()

	runReport := func(source string, attempt int) runReportJSON {
		t.Helper()
		report := filepath.Join(dir, fmt.Sprintf("%s-%d.json", source, attempt))
		// At level 0: the shares are of the interpreter's work, which is what
		// the exact profile counts (compiled code would also end too soon).
		_, stderr, code := runMain(t, "run", "--level=0", "--profiler="+source, "--report="+report, prog)
		if code != 0 {
			t.Fatalf("--profiler=%s: status %d, stderr:\n%s", source, code, stderr)
		}
		r, _ := readReport(t, report)
		return r
	}

	exact := runReport("exact", 0)
	wantLight, wantHeavy := exact.share("main.light"), exact.share("main.heavy")
	t.Logf("exact: light %.4f, heavy %.4f of %d bytecodes in %.2fs of VM-thread CPU",
		wantLight, wantHeavy, exact.Profiler.Samples, float64(exact.Profiler.ThreadCPUNS)/1e9)
	if math.Abs(wantLight-0.25) > 0.001 || math.Abs(wantHeavy-0.75) > 0.001 {
		t.Fatalf("%s no longer splits the bytecodes 25/75: light %.4f, heavy %.4f", prog, wantLight, wantHeavy)
	}

	for _, source := range []string{"perf-sw", "timer"} {
		t.Run(source, func(t *testing.T) {
			const attempts = 3
			for attempt := 1; attempt <= attempts; attempt++ {
				r := runReport(source, attempt)
				p := r.Profiler
				light, heavy := r.share("main.light"), r.share("main.heavy")
				t.Logf("%s run %d: light %.4f, heavy %.4f; %d samples (%.0f/s of CPU, %d unattributed, %d lost), attribution delay mean %.3fms, max %.3fms",
					source, attempt, light, heavy, p.Samples, p.Rate, p.Unattributed, p.Lost,
					float64(p.AttributionDelayNS)/1e6, float64(p.MaxAttributionDelayNS)/1e6)
				if p.Source != source {
					t.Fatalf("source %q", p.Source)
				}
				// At 1ms, ~2 s of CPU must give ~2000 samples; a few hundred
				// would make the comparison meaningless.
				if p.Samples < 1000 {
					t.Fatalf("only %d samples", p.Samples)
				}
				if math.Abs(light-wantLight) <= maxShareError && math.Abs(heavy-wantHeavy) <= maxShareError {
					return
				}
				if attempt < attempts {
					t.Logf("off by more than %.0f points; running again", 100*maxShareError)
				}
			}
			t.Errorf("%s: no run within %.0f points of the exact shares (light %.4f, heavy %.4f)", source, 100*maxShareError, wantLight, wantHeavy)
		})
	}
}

// TestPprofTop: "go tool pprof -top" reads --pprof's file and lists the
// same functions with the same counts as --report, hottest first, for a
// sampled and for the exact profile.
func TestPprofTop(t *testing.T) {
	if testing.Short() {
		t.Skip("go tool pprof builds itself on first use: skipped in -short mode")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go on PATH")
	}
	prog := quickProgram(t)
	// flat flat% sum% cum cum% name, with counts as plain integers
	row := regexp.MustCompile(`(?m)^\s*([0-9]+)\s+[0-9.]+%\s+\S+\s+\S+\s+\S+\s+(\S+)$`)
	for _, c := range []struct{ source, index string }{{"perf-sw", "samples"}, {"exact", "bytecodes"}} {
		t.Run(c.source, func(t *testing.T) {
			dir := t.TempDir()
			file, report := filepath.Join(dir, "prof.pprof"), filepath.Join(dir, "r.json")
			if _, stderr, code := runMain(t, "run", "--level=0", "--profiler="+c.source, "--pprof="+file, "--report="+report, prog); code != 0 {
				t.Fatalf("status %d: %s", code, stderr)
			}
			out, err := exec.Command(gobin, "tool", "pprof", "-top", "-sample_index="+c.index, file).CombinedOutput()
			t.Logf("go tool pprof -top:\n%s", out)
			if err != nil {
				t.Fatal(err)
			}
			r, _ := readReport(t, report)
			top := row.FindAllStringSubmatch(string(out), -1)
			if len(top) == 0 || top[0][2] != r.Functions[0].Name {
				t.Fatalf("go tool pprof -top should list %s first: %q", r.Functions[0].Name, top)
			}
			for i, f := range r.Functions {
				// pprof drops nodes under 0.5% of the total.
				if f.Share < 0.01 {
					continue
				}
				if i >= len(top) || top[i][2] != f.Name || top[i][1] != strconv.FormatUint(f.Samples, 10) {
					t.Errorf("row %d of go tool pprof -top: %q, want %s with %d", i, top[min(i, len(top)-1)], f.Name, f.Samples)
				}
			}
			if c.source == "exact" && (len(top) < 2 || top[0][2] != "main.heavy" || top[1][2] != "main.light") {
				t.Errorf("exact: go tool pprof -top does not list main.heavy, then main.light")
			}
		})
	}
}
