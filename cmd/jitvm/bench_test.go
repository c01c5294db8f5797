package main

// Tests of "jitvm bench". The bench runs its configurations as child
// processes of the jitvm binary the differential tests build (needJitvm),
// named with --jitvm: in-process, os.Executable() is the test binary.

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/jitvm/jitvm/bench/harness"
)

// tinySource runs in a few milliseconds at every level; work is hot enough
// to be sampled.
const tinySource = `// tiny: a short loop in a function, for the bench tests

//go:build ignore

package main

import "fmt"

func work(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += i * i % 7
	}
	return s
}

func main() {
	t := 0
	for k := 0; k < 10; k++ {
		t += work(100000)
	}
	fmt.Println("tiny", t)
}
`

// structSource is outside the language.
const structSource = `// broken: jitvm rejects it

package main

func main() {
	var p struct{ x, y int }
	println(p.x)
}
`

// slowSource runs for minutes in the interpreter.
const slowSource = `// slow: a long loop, to be interrupted

//go:build ignore

package main

import "fmt"

func main() {
	s := 0
	for i := 0; i < 20000000000; i++ {
		s += i & 7
	}
	fmt.Println(s)
}
`

func writeIn(t *testing.T, dir, name, src string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// bench runs "jitvm bench" in-process with the built jitvm binary.
func bench(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	all := append([]string{"bench", "--jitvm=" + needJitvm(t)}, args...)
	code = doMain(all, &out, &errb)
	return code, out.String(), errb.String()
}

// TestBenchOutputs runs the whole matrix once on a tiny program and checks
// every output: the table's columns and rows, the benchmark lines as
// benchfmt parses them, the JSON, the SVG (XML naming the program) and the
// PNG.
func TestBenchOutputs(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go toolchain on PATH: no baseline")
	}
	dir := t.TempDir()
	prog := writeIn(t, dir, "tiny.go", tinySource)
	js, svg, pngFile := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.svg"), filepath.Join(dir, "r.png")
	code, stdout, stderr := bench(t, "--count=1", "--warmup=0", "--json="+js, "--svg="+svg, "--png="+pngFile, prog)
	t.Logf("stdout:\n%s\nstderr:\n%s", stdout, stderr)
	if code != 0 {
		t.Fatalf("exit status %d, want 0", code)
	}
	if stderr != "" {
		t.Errorf("stderr is not a terminal, so it should be quiet; got %q", stderr)
	}

	// The table: a header row with every column, one row per configuration.
	header := regexp.MustCompile(`(?m)^program +level +profiler +wall +cpu +cpu min–max +x go +x L0 +1st tier-up +tier-ups +samples +overhead +peak RSS +status$`)
	if !header.MatchString(stdout) {
		t.Errorf("no header row with every column")
	}
	res := readBenchJSON(t, js)
	for _, c := range res.Programs[0].Configs {
		// Rows: "tiny  go  -" then "  0  perf (perf-sw)" ...: level, profiler
		// (and the source that sampled), figures, status.
		if c.Summary == nil {
			t.Errorf("%s: no summary (status %s)", c.Name, c.Status)
			continue
		}
		cell := c.Profiler
		switch {
		case c.IsGo():
			cell = "-"
		case c.Summary.Source != c.Profiler:
			cell += " (" + c.Summary.Source + ")"
		}
		row := regexp.MustCompile(`(?m)^(tiny)? +` + regexp.QuoteMeta(c.Level) + ` +` + regexp.QuoteMeta(cell) + ` +[0-9.]+s +[0-9.]+s .* ` + regexp.QuoteMeta(c.Status.String()) + `$`)
		if !row.MatchString(stdout) {
			t.Errorf("%s: no table row with its figures and status %q", c.Name, c.Status)
		}
	}
	for _, w := range []string{"machine: ", "perf blocked: level=auto", "geomean"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("table lacks %q", w)
		}
	}

	// JSON: every configuration ran once, with its raw figures, and the
	// sources are what the configurations stand for.
	if len(res.Programs) != 1 || res.Count != 1 || res.Warmup != 0 || res.Interrupted || res.RunsDone != res.RunsPlanned {
		t.Fatalf("JSON: %d programs, count %d, warmup %d, interrupted %v, %d of %d runs", len(res.Programs), res.Count, res.Warmup, res.Interrupted, res.RunsDone, res.RunsPlanned)
	}
	p := res.Programs[0]
	if p.Name != "tiny" || p.Status.Kind != harness.OK || len(p.Configs) != 13 {
		t.Fatalf("JSON program %s, status %s, %d configurations (want tiny, ok, 13)", p.Name, p.Status, len(p.Configs))
	}
	for _, c := range p.Configs {
		if c.Status.Kind == harness.Unavailable {
			t.Logf("%s: %s", c.Name, c.Status)
			continue
		}
		if c.Status.Kind != harness.OK || len(c.Runs) != 1 {
			t.Errorf("%s: status %s, %d runs", c.Name, c.Status, len(c.Runs))
			continue
		}
		r := c.Runs[0]
		if r.WallNS <= 0 || r.CPUNS <= 0 || r.MaxRSSBytes <= 0 || r.ExitStatus != 0 || len(r.StdoutSHA256) != 64 {
			t.Errorf("%s: raw figures %+v", c.Name, r)
		}
		if r.StdoutSHA256 != p.Configs[0].Runs[0].StdoutSHA256 {
			t.Errorf("%s: stdout differs from go's, yet the status is ok", c.Name)
		}
		want := map[string]string{harness.ProfilerTimer: "timer", harness.ProfilerOff: "off", harness.ProfilerPerf: "perf-"}[c.Profiler]
		if !c.IsGo() && !strings.HasPrefix(r.Source, want) {
			t.Errorf("%s: sampled by %q, want %s", c.Name, r.Source, want)
		}
		if c.Profiler == harness.ProfilerOff && r.Samples != 0 {
			t.Errorf("%s: %d samples with the profiler off", c.Name, r.Samples)
		}
	}
	if c := p.Config(harness.Config{Level: "0", Profiler: harness.ProfilerOff}); c == nil || c.Status.Kind != harness.OK {
		t.Errorf("level=0/profiler=off must run: %+v", c)
	}

	// The chart: XML naming the program and the configurations.
	data, err := os.ReadFile(svg)
	if err != nil {
		t.Fatal(err)
	}
	text := xmlText(t, data)
	for _, w := range []string{"tiny", "Go native", "level 0", "auto, timer samples (perf blocked)"} {
		if !strings.Contains(text, w) {
			t.Errorf("SVG lacks the text %q", w)
		}
	}
	f, err := os.Open(pngFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := png.Decode(f); err != nil {
		t.Errorf("PNG: %v", err)
	}

	// --format=bench: one line per configuration (count 1), each with its
	// units, as benchstat reads them.
	code, stdout, _ = bench(t, "--count=1", "--warmup=0", "--levels=0,auto", "--format=bench", prog)
	if code != 0 {
		t.Fatalf("--format=bench: exit status %d", code)
	}
	units := map[string]map[string]bool{}
	rd := benchfmt.NewReader(strings.NewReader(stdout), "stdout")
	for rd.Scan() {
		switch rec := rd.Result().(type) {
		case *benchfmt.SyntaxError:
			t.Errorf("benchfmt: %v", rec)
		case *benchfmt.Result:
			name := "Benchmark" + rec.Name.String()
			if units[name] != nil {
				t.Errorf("%s: more than one line with --count=1", name)
			}
			units[name] = map[string]bool{}
			for _, v := range rec.Values {
				u := v.OrigUnit
				if u == "" {
					u = v.Unit
				}
				units[name][u] = true
			}
			if rec.Iters != 1 || rec.GetConfig("goos") == "" {
				t.Errorf("%s: %d iterations, goos %q", name, rec.Iters, rec.GetConfig("goos"))
			}
		}
	}
	if err := rd.Err(); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{"BenchmarkTiny/level=go/profiler=none": {"ns/op", "cpu-ns/op", "x-go", "peak-rss-bytes"}}
	for _, l := range []string{"0", "auto"} {
		for _, pr := range harness.AllProfilers {
			want["BenchmarkTiny/level="+l+"/profiler="+pr] = []string{"ns/op", "cpu-ns/op", "x-go", "tierups", "samples", "peak-rss-bytes"}
		}
	}
	for name, us := range want {
		if units[name] == nil {
			t.Errorf("no line %s", name)
		}
		for _, u := range us {
			if units[name] != nil && !units[name][u] {
				t.Errorf("%s lacks %s", name, u)
			}
		}
	}
	if len(units) != len(want) {
		t.Errorf("%d benchmarks, want %d:\n%s", len(units), len(want), stdout)
	}
}

func readBenchJSON(t *testing.T, path string) *harness.Result {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r harness.Result
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatalf("JSON: %v", err)
	}
	return &r
}

// xmlText checks data is well-formed XML and returns its character data.
func xmlText(t *testing.T, data []byte) string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	var b strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return b.String()
		}
		if err != nil {
			t.Fatalf("SVG is not XML: %v", err)
		}
		if cd, ok := tok.(xml.CharData); ok {
			b.Write(cd)
			b.WriteByte('\n')
		}
	}
}

// TestBenchCompileError: a program jitvm rejects is reported with its
// compile error in the status column, the others still run, and the bench
// exits 1 at the end, naming the failure on stderr.
func TestBenchCompileError(t *testing.T) {
	dir := t.TempDir()
	bad := writeIn(t, dir, "broken.go", structSource)
	good := writeIn(t, dir, "tiny.go", tinySource)
	js := filepath.Join(dir, "r.json")
	code, stdout, stderr := bench(t, "--count=1", "--warmup=0", "--levels=0", "--profilers=off", "--go=off", "--json="+js, bad, good)
	t.Logf("stdout:\n%s\nstderr:\n%s", stdout, stderr)
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	msg := bad + ":6:8: structs are not supported"
	if !regexp.MustCompile(`(?m)^broken +compile error: ` + regexp.QuoteMeta(msg) + `$`).MatchString(stdout) {
		t.Errorf("no row for broken.go with status %q", "compile error: "+msg)
	}
	if !regexp.MustCompile(`(?m)^ +0 +off +[0-9.]+s .* ok$`).MatchString(stdout) {
		t.Errorf("tiny.go did not run after broken.go")
	}
	if !strings.Contains(stderr, "jitvm bench: broken: compile error: "+msg) {
		t.Errorf("stderr does not name the failure")
	}
	if !strings.Contains(stdout, "note: go baseline off") {
		t.Errorf("no note that the baseline is off")
	}
	res := readBenchJSON(t, js)
	if len(res.Programs) != 2 || res.Programs[0].Status.Kind != harness.CompileError || res.Programs[1].Status.Kind != harness.OK {
		t.Errorf("JSON statuses: %+v", res.Programs)
	}
}

// TestBenchNoGo: without go on PATH the baseline is skipped with a note,
// and the rest runs.
func TestBenchNoGo(t *testing.T) {
	prog := writeIn(t, t.TempDir(), "tiny.go", tinySource)
	t.Setenv("PATH", t.TempDir())
	code, stdout, stderr := bench(t, "--count=1", "--warmup=0", "--levels=0", "--profilers=off", prog)
	if code != 0 {
		t.Errorf("exit status %d, want 0; stderr %s", code, stderr)
	}
	for _, w := range []string{"note: go baseline skipped: go is not on PATH", "skipped: go baseline skipped"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("stdout lacks %q:\n%s", w, stdout)
		}
	}
}

// TestBenchArgs: bad flags and missing programs fail before anything runs.
func TestBenchArgs(t *testing.T) {
	prog := writeIn(t, t.TempDir(), "tiny.go", tinySource)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--levels=3", prog}, `--levels: unknown value "3"`},
		{[]string{"--profilers=perf,perf", prog}, `--profilers: "perf" given twice`},
		{[]string{"--format=xml", prog}, "--format=xml: want table or bench"},
		{[]string{"--count=0", prog}, "--count=0: want at least 1"},
		{[]string{"--metric=rss", prog}, "--metric=rss: want cpu or wall"},
		{[]string{"/nonexistent/x.go"}, "/nonexistent/x.go: no such file"},
		{[]string{"--json=/nonexistent/r.json", prog}, "directory /nonexistent does not exist"},
		{[]string{"--svg=" + prog, prog}, "would overwrite the program being run"},
	} {
		code, stdout, stderr := bench(t, c.args...)
		if code != 1 || stdout != "" || !strings.Contains(stderr, c.want) {
			t.Errorf("%q: status %d, stdout %q, stderr %q; want 1, nothing, %q", c.args, code, stdout, stderr, c.want)
		}
	}
}

// TestBenchDefaultPrograms: without arguments the bench finds
// bench/programs from inside the module, and says where it looked from
// outside.
func TestBenchDefaultPrograms(t *testing.T) {
	t.Chdir("testdata")
	files, err := benchFiles(nil)
	if err != nil || len(files) == 0 {
		t.Fatalf("inside the module: %v, %v", files, err)
	}
	for _, f := range files {
		if filepath.Base(filepath.Dir(f)) != "programs" || !strings.HasSuffix(f, ".go") {
			t.Errorf("%s is not a bench program", f)
		}
	}
	out := t.TempDir()
	t.Chdir(out)
	_, err = benchFiles(nil)
	if err == nil || !strings.Contains(err.Error(), "no bench programs found (looked in "+filepath.Join(out, "bench", "programs")) {
		t.Errorf("outside the module: %v", err)
	}
}

// TestBenchInterrupt: SIGINT in the middle of a run kills the running
// child, prints the table of what finished, and exits 130.
func TestBenchInterrupt(t *testing.T) {
	bin := needJitvm(t)
	dir := t.TempDir()
	tiny := writeIn(t, dir, "tiny.go", tinySource)
	slow := writeIn(t, dir, "slow.go", slowSource)
	js := filepath.Join(dir, "r.json")
	cmd := exec.Command(bin, "bench", "--count=2", "--warmup=0", "--levels=0", "--profilers=off", "--go=off", "--json="+js, tiny, slow)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()

	// Wait for the slow program's run: tiny.go has finished then.
	var child int
	deadline := time.Now().Add(2 * time.Minute)
	for child == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		child = findProcess(slow, "--level=0")
	}
	if child == 0 {
		t.Fatalf("the slow program never started; stderr:\n%s", stderr.String())
	}
	time.Sleep(200 * time.Millisecond)
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("jitvm bench did not stop within 30s of SIGINT")
	}
	t.Logf("stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	if code := cmd.ProcessState.ExitCode(); code != exitInterrupted {
		t.Errorf("exit status %d, want 130", code)
	}
	if err := syscall.Kill(child, 0); err == nil {
		t.Errorf("the interrupted run (pid %d) is still alive", child)
	}
	out := stdout.String()
	if !regexp.MustCompile(`(?m)^tiny +go +- .*\n +0 +off +[0-9.]+s .* ok$`).MatchString(out) {
		t.Errorf("the finished program's row is missing")
	}
	if !regexp.MustCompile(`(?m)^slow +go +- .*\n +0 +off +- .* interrupted: 0 of 2 runs$`).MatchString(out) {
		t.Errorf("the interrupted program's row is missing")
	}
	if !strings.Contains(out, "interrupted after 2 of 4 runs") || !strings.Contains(stderr.String(), "jitvm bench: interrupted after 2 of 4 runs") {
		t.Errorf("no word of the interruption")
	}
	res := readBenchJSON(t, js)
	if !res.Interrupted || len(res.Programs) != 2 || res.Programs[1].Status.Kind != harness.Interrupted {
		t.Errorf("JSON after SIGINT: %+v", res)
	}
}

// findProcess is the pid of a process whose command line has all of args,
// or 0.
func findProcess(args ...string) int {
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		cl, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil {
			continue
		}
		all := true
		for _, a := range args {
			all = all && bytes.Contains(cl, []byte(a))
		}
		if all {
			return pid
		}
	}
	return 0
}
