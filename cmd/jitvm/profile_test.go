package main

// Tests of "jitvm run"'s profiling flags, run in-process through doMain:
// nothing here installs a seccomp filter (deny_test.go runs those in child
// processes) or changes the process irreversibly.

import (
	"bytes"
	"encoding/json"
	"maps"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/pprof/profile"
)

const sharesProgram = "testdata/shares.go"

// runMain runs the CLI in-process and returns its stdout, stderr and exit status.
func runMain(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = doMain(args, &out, &errb)
	return out.String(), errb.String(), code
}

// sharesSource returns testdata/shares.go with its size changed: n
// iterations of light and 3n of heavy per round, rounds times.
func sharesSource(t *testing.T, n, rounds int) string {
	t.Helper()
	src, err := os.ReadFile(sharesProgram)
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	for _, r := range [][2]string{
		{"\tn := 600000\n", "\tn := " + strconv.Itoa(n) + "\n"},
		{"\trounds := 100\n", "\trounds := " + strconv.Itoa(rounds) + "\n"},
	} {
		if !strings.Contains(s, r[0]) {
			t.Fatalf("%s has no line %q to resize", sharesProgram, r[0])
		}
		s = strings.Replace(s, r[0], r[1], 1)
	}
	return s
}

// writeProgram writes src to a new directory and returns its path.
func writeProgram(t *testing.T, name, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// quickProgram is shares.go sized to about 0.1 s of VM time, a hundred or
// so samples at 1ms (with or without the race detector).
func quickProgram(t *testing.T) string {
	n := 100000
	if raceEnabled {
		n /= 100
	}
	return writeProgram(t, "quick.go", sharesSource(t, n, 30))
}

// runReportJSON is what the tests read from --report: the field names are
// the contract with scripts and with the JIT's section to come.
type runReportJSON struct {
	Program    string `json:"program"`
	ExitStatus int    `json:"exit_status"`
	Panic      string `json:"panic"`
	Profiler   struct {
		Requested string `json:"requested"`
		Source    string `json:"source"`
		Fallbacks []struct {
			Source string `json:"source"`
			Errno  string `json:"errno"`
			Reason string `json:"reason"`
		} `json:"fallbacks"`
		Notice                string  `json:"notice"`
		PeriodNS              int64   `json:"period_ns"`
		Samples               uint64  `json:"samples"`
		Unattributed          uint64  `json:"unattributed"`
		Lost                  uint64  `json:"lost"`
		ThreadCPUNS           int64   `json:"thread_cpu_ns"`
		Rate                  float64 `json:"samples_per_cpu_second"`
		AttributionDelayNS    int64   `json:"attribution_delay_ns"`
		MaxAttributionDelayNS int64   `json:"max_attribution_delay_ns"`
		Unit                  string  `json:"unit"`
	} `json:"profiler"`
	Functions []struct {
		Name    string  `json:"name"`
		File    string  `json:"file"`
		Line    int     `json:"line"`
		Samples uint64  `json:"samples"`
		Share   float64 `json:"share"`
	} `json:"functions"`
}

func readReport(t *testing.T, path string) (runReportJSON, []byte) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r runReportJSON
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("%s: %v\n%s", path, err, b)
	}
	return r, b
}

// share is the share of the function named name in the report (0 if absent).
func (r runReportJSON) share(name string) float64 {
	for _, f := range r.Functions {
		if f.Name == name {
			return f.Share
		}
	}
	return 0
}

func lines(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// TestRunProfilerFlagErrors: bad flags and output files are refused with one line
// on stderr and status 1, before the program runs.
func TestRunProfilerFlagErrors(t *testing.T) {
	prog := quickProgram(t)
	dir := t.TempDir()
	before, _ := os.ReadFile(prog)
	link := filepath.Join(t.TempDir(), "link.json")
	if err := os.Symlink(prog, link); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
		want string
		hint bool // a flag parse error: pflag's message, then a usage hint
	}{
		{name: "profiler-bogus", args: []string{"--profiler=bogus"}, want: "jitvm run: --profiler=bogus: unknown profiler (want auto, perf, perf-sw, perf-hw, timer, off, exact)"},
		{name: "profiler-empty", args: []string{"--profiler="}, want: "jitvm run: --profiler=: unknown profiler"},
		{name: "period-negative", args: []string{"--sample-period=-1s"}, want: "jitvm run: --sample-period=-1s: must be at least 50µs"},
		{name: "period-zero", args: []string{"--sample-period=0"}, want: "jitvm run: --sample-period=0s: must be at least 50µs"},
		{name: "period-too-short", args: []string{"--sample-period=20us"}, want: "jitvm run: --sample-period=20µs: must be at least 50µs"},
		{name: "period-unparsable", args: []string{"--sample-period=abc"}, want: `jitvm: invalid argument "abc" for "--sample-period" flag`, hint: true},
		{name: "stats-unparsable", args: []string{"--stats=maybe"}, want: `jitvm: invalid argument "maybe" for "--stats" flag`, hint: true},
		{name: "report-overwrites-source", args: []string{"--report=" + prog}, want: "would overwrite the program being run"},
		{name: "pprof-overwrites-source", args: []string{"--pprof=" + prog}, want: "would overwrite the program being run"},
		{name: "report-links-to-source", args: []string{"--report=" + link}, want: "would overwrite the program being run"},
		{name: "same-output-twice", args: []string{"--report=" + filepath.Join(dir, "same"), "--pprof=" + filepath.Join(dir, "same")}, want: "--report and --pprof name the same file"},
		{name: "report-no-dir", args: []string{"--report=" + filepath.Join(dir, "no", "such", "r.json")}, want: "does not exist"},
		{name: "pprof-is-dir", args: []string{"--pprof=" + dir}, want: "is a directory"},
		{name: "two-files", args: []string{"--profiler=exact", prog}, want: "want exactly one FILE.go, got 2 arguments"},
	} {
		t.Run(c.name, func(t *testing.T) {
			stdout, stderr, code := runMain(t, append(append([]string{"run"}, c.args...), prog)...)
			if code != 1 {
				t.Errorf("exit status %d, want 1", code)
			}
			if stdout != "" {
				t.Errorf("the program ran: stdout %q", stdout)
			}
			ls := lines(stderr)
			switch {
			case len(ls) == 0:
				t.Fatalf("no message on stderr")
			case !strings.Contains(ls[0], c.want):
				t.Errorf("stderr %q, want %q in its first line", ls[0], c.want)
			case c.hint && (len(ls) != 2 || !strings.HasPrefix(ls[1], "Run 'jitvm run --help'")):
				t.Errorf("stderr %q: want the message and a usage hint", stderr)
			case !c.hint && len(ls) != 1:
				t.Errorf("stderr has %d lines, want 1:\n%s", len(ls), stderr)
			}
		})
	}
	if after, _ := os.ReadFile(prog); !bytes.Equal(before, after) {
		t.Errorf("the program's source changed")
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("files were left in %s: %v", dir, ents)
	}
}

// TestRunStatsReportPprof runs a program with each forced source and every
// output: --stats on stderr, --report, --pprof.
func TestRunStatsReportPprof(t *testing.T) {
	prog := quickProgram(t)
	want, _, code := runMain(t, "run", "--profiler=off", prog)
	if code != 0 || want == "" {
		t.Fatalf("plain run: status %d, stdout %q", code, want)
	}
	absProg, _ := filepath.Abs(prog)
	for _, source := range []string{"perf-sw", "timer", "off", "exact"} {
		t.Run(source, func(t *testing.T) {
			dir := t.TempDir()
			report, pprofFile := filepath.Join(dir, "r.json"), filepath.Join(dir, "cpu.pprof")
			// An older report is replaced, not appended to.
			os.WriteFile(report, []byte("old"), 0o644)
			stdout, stderr, code := runMain(t, "run", "--profiler="+source, "--stats",
				"--report="+report, "--pprof="+pprofFile, prog)
			t.Logf("stderr:\n%s", stderr)
			if code != 0 || stdout != want {
				t.Fatalf("status %d, stdout %q, want 0 and %q", code, stdout, want)
			}

			// --stats: the profiler's part (the JIT's follows from "jit: ")
			ls := lines(stderr[:max(strings.Index(stderr, "jit: "), 0)])
			if len(ls) == 0 || !strings.HasPrefix(ls[0], "profiler: "+source+",") {
				t.Errorf("stats should start with %q", "profiler: "+source+",")
			}
			if strings.Contains(stderr, "jitvm:") || strings.Contains(stderr, "fallback") {
				t.Errorf("a forced source that works prints no notice and has no fallbacks")
			}
			switch source {
			case "off":
				if len(ls) != 1 {
					t.Errorf("stats of off: want one profiler line")
				}
			case "exact":
				for _, s := range []string{" bytecodes in ", "share  bytecodes  function", "main.heavy", "main.light", absProg + ":"} {
					if !strings.Contains(stderr, s) {
						t.Errorf("stats lack %q", s)
					}
				}
			default:
				for _, s := range []string{" samples in ", "of VM-thread CPU", "lost 0", "share  samples  function", "main.heavy", "main.light", absProg + ":"} {
					if !strings.Contains(stderr, s) {
						t.Errorf("stats lack %q", s)
					}
				}
			}

			// --report
			r, raw := readReport(t, report)
			if r.Program != absProg || r.ExitStatus != 0 || r.Panic != "" {
				t.Errorf("report: program %q, exit_status %d, panic %q", r.Program, r.ExitStatus, r.Panic)
			}
			p := r.Profiler
			if p.Requested != source || p.Source != source || p.Fallbacks == nil || len(p.Fallbacks) != 0 || p.Notice != "" {
				t.Errorf("report's profiler section: %+v\n%s", p, raw)
			}
			wantUnit := map[bool]string{true: "bytecodes", false: "samples"}[source == "exact"]
			if p.Unit != wantUnit {
				t.Errorf("unit %q, want %q", p.Unit, wantUnit)
			}
			if source == "off" {
				if p.Samples != 0 || len(r.Functions) != 0 {
					t.Errorf("off: samples %d, functions %v", p.Samples, r.Functions)
				}
				return
			}
			// Which function gets a sample depends on when the sampler
			// runs (accuracy_test.go checks the shares); every output must
			// agree on the counts, though.
			if p.Samples == 0 || len(r.Functions) == 0 {
				t.Fatalf("report: %d samples, functions %+v", p.Samples, r.Functions)
			}
			sum := p.Unattributed
			for i, f := range r.Functions {
				sum += f.Samples
				if f.File != absProg || (f.Line == 0 && f.Name != "main.init") || (i > 0 && f.Samples > r.Functions[i-1].Samples) {
					t.Errorf("report's functions, most samples first, with file and line (main.init has none): %+v", r.Functions)
				}
				if want := float64(f.Samples) / float64(p.Samples); math.Abs(f.Share-want) > 1e-9 {
					t.Errorf("%s: share %v, want %v", f.Name, f.Share, want)
				}
				stat := regexp.MustCompile(`(?m)^ +[0-9.]+% +` + strconv.FormatUint(f.Samples, 10) + ` +` + regexp.QuoteMeta(f.Name) + ` +` + regexp.QuoteMeta(absProg) + `:[0-9]+$`)
				if !stat.MatchString(stderr) {
					t.Errorf("stats have no line for %s with %d", f.Name, f.Samples)
				}
			}
			if sum != p.Samples {
				t.Errorf("functions and unattributed add up to %d samples, want %d", sum, p.Samples)
			}
			if source == "exact" {
				// The same loop body, 3 times as often: exactly 25/75.
				if light, heavy := r.share("main.light"), r.share("main.heavy"); math.Abs(light-0.25) > 0.001 || math.Abs(heavy-0.75) > 0.001 {
					t.Errorf("exact shares: light %.4f, heavy %.4f", light, heavy)
				}
			}

			// --pprof
			f, err := os.Open(pprofFile)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			pp, err := profile.Parse(f)
			if err != nil {
				t.Fatal(err)
			}
			perFunc := map[string]uint64{}
			for _, s := range pp.Sample {
				perFunc[s.Location[0].Line[0].Function.Name] += uint64(s.Value[0])
			}
			want := map[string]uint64{}
			for _, f := range r.Functions {
				want[f.Name] = f.Samples
			}
			if p.Unattributed > 0 {
				want["(no function)"] = p.Unattributed
			}
			if !maps.Equal(perFunc, want) {
				t.Errorf("pprof values per function %v, the report's %v", perFunc, want)
			}
			if ents, _ := os.ReadDir(dir); len(ents) != 2 {
				t.Errorf("%s holds %v, want only the two outputs (a temporary file left?)", dir, ents)
			}
		})
	}
}

// TestProfilerAutoIsQuiet: auto prints nothing on stderr when it gets perf,
// and exactly the one notice line when it does not.
func TestProfilerAutoIsQuiet(t *testing.T) {
	prog := quickProgram(t)
	report := filepath.Join(t.TempDir(), "r.json")
	_, stderr, code := runMain(t, "run", "--report="+report, prog)
	if code != 0 {
		t.Fatalf("status %d, stderr:\n%s", code, stderr)
	}
	r, _ := readReport(t, report)
	t.Logf("auto picked %s; fallbacks %+v", r.Profiler.Source, r.Profiler.Fallbacks)
	switch r.Profiler.Source {
	case "perf-hw", "perf-sw":
		if stderr != "" || r.Profiler.Notice != "" {
			t.Errorf("auto on perf must be silent; stderr %q, notice %q", stderr, r.Profiler.Notice)
		}
	default:
		if ls := lines(stderr); len(ls) != 1 || ls[0] != r.Profiler.Notice {
			t.Errorf("degraded auto: stderr %q, want the one line %q", stderr, r.Profiler.Notice)
		}
	}
	if r.Profiler.Samples == 0 && r.Profiler.Source != "off" {
		t.Errorf("no samples")
	}
}

// TestReportAfterPanicAndExit: the outputs are written when the program
// panics or calls os.Exit, and the exit status stays the program's.
func TestReportAfterPanicAndExit(t *testing.T) {
	body := map[string]string{
		"panic": `package main

import "fmt"

func main() {
	fmt.Println("before")
	var s []int
	i := 3
	s[i] = 1
}
`,
		"exit": `package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println("before")
	os.Exit(3)
}
`,
	}
	for _, c := range []struct {
		name, source string
		status       int
	}{
		{"panic", "timer", 2}, {"panic", "exact", 2}, {"exit", "perf-sw", 3}, {"exit", "exact", 3},
	} {
		t.Run(c.name+"/"+c.source, func(t *testing.T) {
			prog := writeProgram(t, c.name+".go", body[c.name])
			dir := t.TempDir()
			report, pprofFile := filepath.Join(dir, "r.json"), filepath.Join(dir, "p.pprof")
			stdout, stderr, code := runMain(t, "run", "--profiler="+c.source, "--report="+report, "--pprof="+pprofFile, prog)
			if code != c.status || stdout != "before\n" {
				t.Errorf("status %d, stdout %q; want %d and %q", code, stdout, c.status, "before\n")
			}
			r, _ := readReport(t, report)
			if r.ExitStatus != c.status || r.Profiler.Source != c.source {
				t.Errorf("report: exit_status %d, source %q", r.ExitStatus, r.Profiler.Source)
			}
			if c.name == "panic" {
				if !strings.HasPrefix(stderr, "panic: runtime error: index out of range") {
					t.Errorf("stderr should start with the panic:\n%s", stderr)
				}
				if !strings.Contains(r.Panic, "index out of range") {
					t.Errorf("report's panic: %q", r.Panic)
				}
			} else if stderr != "" {
				t.Errorf("stderr %q", stderr)
			}
			if fi, err := os.Stat(pprofFile); err != nil || fi.Size() == 0 {
				t.Errorf("pprof file: %v", err)
			}
		})
	}
}

// TestProfilerResources runs many profiled programs in one process: every
// perf fd, timer and reader goroutine must be gone after each run.
func TestProfilerResources(t *testing.T) {
	prog := writeProgram(t, "tiny.go", sharesSource(t, map[bool]int{false: 20000, true: 200}[raceEnabled], 5))
	// The first run creates what lives as long as the process (the
	// netpoller's epoll fd, for one).
	if _, stderr, code := runMain(t, "run", "--profiler=perf-sw", prog); code != 0 {
		t.Fatalf("status %d: %s", code, stderr)
	}
	fds0, g0 := countFDs(t), runtime.NumGoroutine()
	runs := 60
	if testing.Short() {
		runs = 20
	}
	for i := range runs {
		source := []string{"perf-sw", "perf-sw", "auto", "timer", "exact"}[i%5]
		if _, stderr, code := runMain(t, "run", "--profiler="+source, prog); code != 0 {
			t.Fatalf("run %d (%s): status %d: %s", i, source, code, stderr)
		}
	}
	fds, g := countFDs(t), runtime.NumGoroutine()
	// Goroutines that have been told to exit may take a moment to go.
	for deadline := time.Now().Add(2 * time.Second); g > g0 && time.Now().Before(deadline); g = runtime.NumGoroutine() {
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("after %d runs: %d fds (before %d), %d goroutines (before %d)", runs, fds, fds0, g, g0)
	if fds != fds0 {
		t.Errorf("open fds: %d, before %d", fds, fds0)
	}
	if g > g0 {
		buf := make([]byte, 1<<16)
		t.Errorf("goroutines: %d, before %d\n%s", g, g0, buf[:runtime.Stack(buf, true)])
	}
}

func countFDs(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("no /proc/self/fd: %v", err)
	}
	return len(ents)
}
