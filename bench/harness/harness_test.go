package harness

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/perf/benchfmt"
)

func TestCompare(t *testing.T) {
	out := func(stdout string, exit int, stderr string) Output {
		return Output{Stdout: []byte(stdout), Exit: exit, Stderr: []byte(stderr)}
	}
	want := out("a\nb\nc\n", 0, "")
	for _, c := range []struct {
		name string
		got  Output
		want []string // substrings; none: the same
	}{
		{"same", out("a\nb\nc\n", 0, ""), nil},
		{"same, with the fallback notice", out("a\nb\nc\n", 0, "jitvm: perf_event_open blocked by a seccomp filter (EACCES); profiling with timer sampling instead\n"), nil},
		{"line differs", out("a\nB\nc\n", 0, ""), []string{`stdout line 2 is "B\n", want "b\n"`}},
		{"shorter", out("a\nb\n", 0, ""), []string{`stdout ends at line 3, want "c\n" there`}},
		{"longer", out("a\nb\nc\nd\n", 0, ""), []string{`stdout has more lines: line 4 is "d\n"`}},
		{"exit status", out("a\nb\nc\n", 2, "jitvm: perf_event_open blocked ... instead\npanic: boom\n\ngoroutine 1"),
			[]string{"exit status 2, want 0", "(stderr: panic: boom)"}},
		{"both", out("", 1, "x.go:3:1: structs are not supported\n"),
			[]string{"exit status 1, want 0 (stderr: x.go:3:1: structs are not supported)", `stdout ends at line 1, want "a\n" there`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := Compare(want, c.got)
			if len(c.want) == 0 {
				if d != "" {
					t.Errorf("Compare = %q, want no difference", d)
				}
				return
			}
			for _, w := range c.want {
				if !strings.Contains(d, w) {
					t.Errorf("Compare = %q, want it to contain %q", d, w)
				}
			}
		})
	}
	if d := Compare(out("x", 0, ""), out("x", 0, "")); d != "" {
		t.Errorf("no final newline: %q", d)
	}
}

func TestMatrix(t *testing.T) {
	cs := Matrix([]string{"0", "auto"}, []string{"perf", "timer"})
	var names []string
	for _, c := range cs {
		names = append(names, c.Name())
	}
	if got, want := strings.Join(names, " "), "level=0/profiler=perf level=0/profiler=timer level=auto/profiler=perf level=auto/profiler=timer"; got != want {
		t.Errorf("Matrix: %s, want %s", got, want)
	}
	for _, c := range []struct {
		c    Config
		want string
	}{
		{Config{"0", "perf"}, "--level=0 --profiler=perf"},
		{Config{"auto", "timer"}, "--level=auto --profiler=auto --deny-perf"},
		{Config{"2", "off"}, "--level=2 --profiler=off"},
	} {
		if got := strings.Join(c.c.RunFlags(), " "); got != c.want {
			t.Errorf("%s: flags %q, want %q", c.c.Name(), got, c.want)
		}
	}
	if !(Config{"1", "off"}).Forced() || (Config{"auto", "off"}).Forced() || GoConfig.Forced() {
		t.Error("Forced is wrong")
	}
	for _, bad := range []struct{ levels, profilers []string }{
		{[]string{"3"}, AllProfilers},
		{[]string{"0", "0"}, AllProfilers},
		{AllLevels, []string{"perf-sw"}},
		{nil, AllProfilers},
	} {
		if err := CheckMatrix(bad.levels, bad.profilers); err == nil {
			t.Errorf("CheckMatrix(%q, %q) accepted", bad.levels, bad.profilers)
		}
	}
	if err := CheckMatrix(AllLevels, AllProfilers); err != nil {
		t.Error(err)
	}
}

// fakeResult is a bench of two programs with known figures: go takes 1 s
// of CPU, level 0 10 s, level 2 2 s, auto 3 s with perf and 3.3 s with
// timer; sampling costs 1% (perf) and 2% (timer) at forced levels.
var fakePrograms = []string{"fib", "spectral-norm"}

func fakeResult() *Result {
	r := &Result{
		Levels: []string{"0", "1", "2", "auto"}, Profilers: AllProfilers, Metric: MetricCPU, Count: 3, Warmup: 1,
		Machine: Machine{GOOS: "linux", GOARCH: "amd64", CPU: "Test CPU", NumCPU: 2, PerfEventParanoid: "2", Go: "go1.26.8"},
	}
	cost := map[string]float64{"0": 10, "2": 2, "auto": 3}
	over := map[string]float64{ProfilerPerf: 1.01, ProfilerTimer: 1.02, ProfilerOff: 1}
	for _, name := range fakePrograms {
		p := &ProgramResult{Name: name, Path: "/x/" + name + ".go", Status: Status{Kind: OK}}
		runs := func(sec float64, tierups int, first int64, source string) []Measurement {
			var ms []Measurement
			for i, f := range []float64{5, 1.02, 0.98, 1} { // a slow warm-up, then a spread
				ms = append(ms, Measurement{
					Round: i, Warmup: i == 0,
					WallNS: int64(sec * f * 1.1e9), CPUNS: int64(sec * f * 1e9), MaxRSSBytes: 20 << 20,
					TierUps: tierups, FirstTierUpNS: first, Samples: uint64(sec * 1000), Source: source,
				})
			}
			return ms
		}
		p.Configs = append(p.Configs, &ConfigResult{Config: GoConfig, Name: "go", Status: Status{Kind: OK}, Runs: runs(1, 0, -1, "")})
		for _, c := range Matrix(r.Levels, r.Profilers) {
			cr := &ConfigResult{Config: c, Name: c.Name(), Status: Status{Kind: OK}}
			source := map[string]string{ProfilerPerf: "perf-sw", ProfilerTimer: "timer", ProfilerOff: "off"}[c.Profiler]
			switch {
			case c.Level == "1":
				cr.Status = Status{Unavailable, "--level=1: there is no level 1"}
			case c.Level == "auto" && c.Profiler == ProfilerOff:
				cr.Runs = runs(cost["0"], 0, -1, source)
			case c.Level == "auto":
				first := map[string]int64{ProfilerPerf: 2e6, ProfilerTimer: 3e6}[c.Profiler]
				cr.Runs = runs(cost["auto"]*map[string]float64{ProfilerPerf: 1, ProfilerTimer: 1.1}[c.Profiler], 2, first, source)
			default:
				cr.Runs = runs(cost[c.Level]*over[c.Profiler], 0, -1, source)
			}
			p.Configs = append(p.Configs, cr)
		}
		r.Programs = append(r.Programs, p)
	}
	// A program that did not compile, and one whose level 2 differs.
	r.Programs = append(r.Programs, &ProgramResult{Name: "bad", Path: "/x/bad.go", Status: Status{CompileError, "/x/bad.go:3:6: structs are not supported"}})
	Summarize(r)
	return r
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9*math.Max(1, math.Abs(b)) }

func TestSummarize(t *testing.T) {
	r := fakeResult()
	p := r.Programs[0]
	g := p.Config(GoConfig).Summary
	if g == nil || g.Runs != 3 || !near(g.CPUNS.Median, 1e9) || !near(g.CPUNS.Min, 0.98e9) || !near(g.CPUNS.Max, 1.02e9) {
		t.Fatalf("go summary %+v: want 3 runs (the warm-up left out), median 1s, 0.98–1.02", g)
	}
	l0 := p.Config(Config{"0", ProfilerOff}).Summary
	if !near(l0.XGo, 10) || !near(l0.XL0, 1) || l0.Overhead != nil {
		t.Errorf("level 0 off: x go %v, x L0 %v, overhead %v; want 10, 1, none", l0.XGo, l0.XL0, l0.Overhead)
	}
	l0t := p.Config(Config{"0", ProfilerTimer}).Summary
	if l0t.Overhead == nil || !near(*l0t.Overhead, 0.02) {
		t.Errorf("level 0 timer overhead %v, want 2%%", l0t.Overhead)
	}
	auto := p.Config(Config{"auto", ProfilerPerf}).Summary
	if !near(auto.XGo, 3) || !near(auto.XL0, 3/10.1) || auto.Overhead != nil || auto.TierUpRuns != 3 || auto.FirstTierUpNS != 2e6 || auto.Source != "perf-sw" {
		t.Errorf("auto perf: %+v", auto)
	}
	if s := p.Config(Config{"1", ProfilerPerf}).Summary; s != nil {
		t.Errorf("an unavailable configuration has a summary: %+v", s)
	}
	r.Metric = MetricWall
	Summarize(r)
	if s := p.Config(Config{"2", ProfilerOff}).Summary; !near(s.XGo, 2) || !near(s.WallNS.Median, 2.2e9) {
		t.Errorf("wall metric: x go %v, wall %v", s.XGo, s.WallNS.Median)
	}

	bs := PerfBlocked(fakeResult())
	if len(bs) != 2 {
		t.Fatalf("PerfBlocked: %d programs, want 2", len(bs))
	}
	b := bs[0]
	if !near(b.Total, 1.1) || b.FirstPerfNS != 2e6 || b.FirstTimerNS != 3e6 || b.SteadyLevel != "2" || !near(b.Steady, 1.02/1.01) {
		t.Errorf("PerfBlocked: %+v", b)
	}
	if g := GeoMean([]float64{2, 8, 0}); !near(g, 4) {
		t.Errorf("GeoMean = %v, want 4", g)
	}
	if m := medianOf([]float64{4, 1, 3, 2}); m != 2.5 {
		t.Errorf("median of an even count = %v, want 2.5", m)
	}
}

func TestWriteTable(t *testing.T) {
	r := fakeResult()
	var b bytes.Buffer
	if err := WriteTable(&b, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	t.Log("\n" + out)
	for _, w := range []string{
		"x go", "x L0", "1st tier-up", "tier-ups", "samples", "overhead", "peak RSS", "status",
		"machine: Test CPU, 2 CPUs, linux/amd64, perf_event_paranoid=2, baseline go1.26.8",
		"perf (perf-sw)", "10.00x", "+2.0%", "2.0ms", "20.0 MiB",
		"unavailable: --level=1: there is no level 1",
		"bad ", "compile error: /x/bad.go:3:6: structs are not supported",
		"perf blocked:", "+10.0%",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("table lacks %q", w)
		}
	}
	// Columns line up: every row of the table has the status at one offset.
	lines := strings.Split(out, "\n")
	col := -1
	for _, l := range lines {
		if regexp.MustCompile(`^program +level +profiler +wall +cpu`).MatchString(l) {
			col = strings.Index(l, "status")
		}
	}
	if col < 0 {
		t.Error("no header row")
	}
	for _, l := range lines {
		if i := strings.Index(l, "  ok"); i >= 0 && col >= 0 && i+2 != col {
			t.Errorf("status column at %d, want %d: %q", i+2, col, l)
		}
	}
}

func TestWriteBench(t *testing.T) {
	r := fakeResult()
	var b bytes.Buffer
	if err := WriteBench(&b, r); err != nil {
		t.Fatal(err)
	}
	rd := benchfmt.NewReader(&b, "bench.txt")
	counts := map[string]int{}
	units := map[string]map[string]bool{}
	for rd.Scan() {
		switch rec := rd.Result().(type) {
		case *benchfmt.SyntaxError:
			t.Errorf("syntax error: %v", rec)
		case *benchfmt.Result:
			name := "Benchmark" + rec.Name.String() // benchfmt drops the prefix
			counts[name]++
			if units[name] == nil {
				units[name] = map[string]bool{}
			}
			for _, v := range rec.Values {
				u := v.OrigUnit // as written, when benchfmt tidied it (ns/op -> sec/op)
				if u == "" {
					u = v.Unit
				}
				units[name][u] = true
			}
			if rec.GetConfig("cpu") != "Test CPU" || rec.GetConfig("goos") != "linux" {
				t.Errorf("%s: config cpu %q goos %q", name, rec.GetConfig("cpu"), rec.GetConfig("goos"))
			}
		}
	}
	if err := rd.Err(); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"BenchmarkFib/level=go/profiler=none":              {"ns/op", "cpu-ns/op", "x-go", "peak-rss-bytes"},
		"BenchmarkFib/level=auto/profiler=perf":            {"ns/op", "cpu-ns/op", "x-go", "first-tierup-ns", "tierups", "samples", "peak-rss-bytes"},
		"BenchmarkSpectral_norm/level=0/profiler=timer":    {"ns/op", "cpu-ns/op", "x-go", "tierups", "samples", "peak-rss-bytes"},
		"BenchmarkSpectral_norm/level=auto/profiler=timer": {"first-tierup-ns"},
		"BenchmarkSpectral_norm/level=auto/profiler=off":   {"tierups", "samples"},
		"BenchmarkSpectral_norm/level=2/profiler=perf":     {"ns/op"},
		"BenchmarkSpectral_norm/level=go/profiler=none":    {"ns/op"},
		"BenchmarkFib/level=0/profiler=off":                {"x-go"},
		"BenchmarkFib/level=2/profiler=timer":              {"cpu-ns/op"},
		"BenchmarkSpectral_norm/level=auto/profiler=perf":  {"samples"},
		"BenchmarkFib/level=auto/profiler=timer":           {"first-tierup-ns"},
		"BenchmarkFib/level=auto/profiler=off":             {"ns/op"},
		"BenchmarkSpectral_norm/level=0/profiler=perf":     {"ns/op"},
		"BenchmarkFib/level=0/profiler=perf":               {"ns/op"},
		"BenchmarkFib/level=0/profiler=timer":              {"ns/op"},
		"BenchmarkFib/level=2/profiler=perf":               {"ns/op"},
		"BenchmarkFib/level=2/profiler=off":                {"ns/op"},
		"BenchmarkSpectral_norm/level=0/profiler=off":      {"ns/op"},
		"BenchmarkSpectral_norm/level=2/profiler=timer":    {"ns/op"},
		"BenchmarkSpectral_norm/level=2/profiler=off":      {"ns/op"},
	}
	for name, us := range want {
		if counts[name] != 3 {
			t.Errorf("%s: %d lines, want 3 (one per measured run)", name, counts[name])
		}
		for _, u := range us {
			if !units[name][u] {
				t.Errorf("%s lacks unit %s (has %v)", name, u, units[name])
			}
		}
	}
	if len(counts) != len(want) { // 2 programs × (go + 3 levels × 3 profilers)
		t.Errorf("%d benchmarks, want %d: %v", len(counts), len(want), counts)
	}
	if units["BenchmarkFib/level=0/profiler=off"]["first-tierup-ns"] {
		t.Error("a run without tier-ups reports first-tierup-ns")
	}
}

func TestWriteJSON(t *testing.T) {
	r := fakeResult()
	var b bytes.Buffer
	if err := WriteJSON(&b, r); err != nil {
		t.Fatal(err)
	}
	var back Result
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	c := back.Programs[0].Config(Config{"auto", ProfilerTimer})
	if c == nil || len(c.Runs) != 4 || !c.Runs[0].Warmup || c.Summary == nil || c.Summary.FirstTierUpNS != 3e6 {
		t.Errorf("JSON round trip: %+v", c)
	}
}

// TestWriteChart checks the SVG is XML naming every charted program and
// the legend's configurations, and the PNG decodes. With
// HARNESS_CHART_DIR set it keeps them there to look at.
func TestWriteChart(t *testing.T) {
	r := fakeResult()
	dir := os.Getenv("HARNESS_CHART_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	for _, format := range []string{"svg", "png"} {
		var b bytes.Buffer
		if err := WriteChart(&b, r, format); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "chart."+format), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		if format == "png" {
			img, err := png.Decode(&b)
			if err != nil {
				t.Fatal(err)
			}
			if w := img.Bounds().Dx(); w < 1000 {
				t.Errorf("PNG %d pixels wide: too small to read", w)
			}
			continue
		}
		text := svgText(t, b.Bytes())
		for _, w := range []string{"fib", "spectral-norm", "Go native", "level 0", "level 2", "auto, perf samples", "auto, timer samples (perf blocked)", "10x", "level 1: not available"} {
			if !strings.Contains(text, w) {
				t.Errorf("SVG text lacks %q", w)
			}
		}
		if strings.Contains(text, "bad") {
			t.Error("the chart shows a program that did not run")
		}
	}
	if err := WriteChart(io.Discard, &Result{Metric: MetricCPU}, "svg"); err == nil {
		t.Error("an empty result charts without an error")
	}
}

// svgText checks data is well-formed XML with an <svg> root and returns
// the text of its elements.
func svgText(t *testing.T, data []byte) string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	var text strings.Builder
	root := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = tok.Name.Local
			}
		case xml.CharData:
			text.Write(tok)
			text.WriteByte('\n')
		}
	}
	if root != "svg" {
		t.Fatalf("root element %q, want svg", root)
	}
	return text.String()
}

func TestProgress(t *testing.T) {
	var nilp *Progress // draws nothing, and does not crash
	nilp.start(3)
	nilp.set("fib", "go", "run 1/2")
	nilp.step()
	nilp.finish()

	var b bytes.Buffer
	p := NewProgress(&b, 200)
	now := time.Unix(1000, 0)
	p.now = func() time.Time { return now }
	p.start(10)
	p.set("fib", "auto/timer", "run 2/4")
	now = now.Add(90 * time.Second)
	p.skip(4)
	p.mu.Lock()
	line := p.line()
	p.mu.Unlock()
	want := "[####........] 4/10 runs, 1m30s, ~2m15s left: fib auto/timer run 2/4"
	if line != want {
		t.Errorf("line:\n got %q\nwant %q", line, want)
	}
	p.finish()
	if !strings.HasSuffix(b.String(), "\r\x1b[K") || !strings.Contains(b.String(), "\r\x1b[K[") {
		t.Errorf("the bar is not redrawn in place and cleared at the end: %q", b.String())
	}
	narrow := NewProgress(io.Discard, 30)
	narrow.total = 3
	narrow.program, narrow.config = "spectralnorm", "auto/timer"
	if l := narrow.line(); len(l) > 29 {
		t.Errorf("line %q is wider than the terminal", l)
	}
}

// The table ends with each configuration's geometric means of x go and
// x L0 over the programs; the go baseline has none.
func TestWriteTableGeoMeans(t *testing.T) {
	r := fakeResult()
	xl0 := map[string]float64{"fib": 0.1, "spectral-norm": 0.4} // geomean 0.2
	for _, p := range r.Programs {
		if c := p.Config(Config{"2", ProfilerOff}); c != nil {
			c.Summary.XL0, c.Summary.XGo = xl0[p.Name], 10*xl0[p.Name]
		}
	}
	var b bytes.Buffer
	if err := WriteTable(&b, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	var rows [][]string // the geomean rows' fields, without "geomean"
	in := false
	for _, l := range strings.Split(out, "\n") {
		f := strings.Fields(l)
		if len(f) > 0 && f[0] == "geomean" {
			in, f = true, f[1:]
		} else if !in {
			continue
		}
		if len(f) == 0 {
			break // the perf-blocked comparison has a geomean row too
		}
		rows = append(rows, f)
	}
	// One row per configuration but go: levels 0, 2, auto (1 is
	// unavailable in fakeResult, and has no figures) by 3 profilers.
	if len(rows) != 9 {
		t.Fatalf("%d geomean rows, want 9:\n%s", len(rows), out)
	}
	found := false
	for _, f := range rows {
		if f[0] == "go" {
			t.Errorf("the go baseline has a geomean row: %q", f)
		}
		if f[0] == "2" && f[1] == ProfilerOff {
			found = true
			if len(f) < 4 || f[2] != "2.00x" || f[3] != "0.20x" {
				t.Errorf("level 2 off geomean row %q, want x go 2.00x, x L0 0.20x", f)
			}
		}
	}
	if !found {
		t.Errorf("no geomean row for level 2, profiler off:\n%s", out)
	}
}

func TestCPUName(t *testing.T) {
	const zen5 = "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\nmodel\t\t: 2\n" +
		"model name\t: AMD EPYC\nstepping\t: 1\n\nprocessor\t: 1\nvendor_id\t: AuthenticAMD\n" +
		"cpu family\t: 25\nmodel\t\t: 17\nmodel name\t: Other\n"
	for _, c := range []struct{ cpuinfo, want string }{
		{zen5, "AMD EPYC (family 26, model 2)"},
		{"model name\t: Intel(R) Xeon(R) CPU\n", "Intel(R) Xeon(R) CPU"},
		// arm64 names neither.
		{"processor\t: 0\nBogoMIPS\t: 50.00\nCPU implementer\t: 0x41\nCPU part\t: 0xd0c\n", ""},
		{"", ""},
	} {
		if got := cpuName(c.cpuinfo); got != c.want {
			t.Errorf("cpuName(%q) = %q, want %q", c.cpuinfo, got, c.want)
		}
	}
}
