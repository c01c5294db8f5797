// Package harness runs jitvm's benchmark matrix for "jitvm bench": each
// program under every configuration (a --level and a profiler source) and
// as a Go-native binary, each run in a child process of its own,
// interleaved round by round, with every run's output checked against the
// Go binary's. It summarises the runs and writes them as a table, Go
// benchmark lines (for benchstat), JSON and a chart.
//
// The matrix is the full product of the levels and the profiler sources,
// because the profiler matters in two different ways:
//
//   - at --level=auto the samples drive compilation, so perf against timer
//     is what a JIT loses when perf is blocked (first tier-up, tier-ups,
//     total time), and off never leaves the interpreter;
//   - at a forced level (0, 1, 2) the controller ignores the samples, so
//     perf and timer against off at the same level is the sampling's
//     overhead on that tier's code: the steady-state cost of the source.
//
// The profiler sources stand for perf_event_paranoid levels:
//
//	perf   --profiler=perf                 paranoid <= 2: perf_event_open works
//	timer  --profiler=auto --deny-perf     paranoid 3 or a container: a real
//	                                       seccomp filter denies perf, auto
//	                                       falls back to timer sampling
//	off    --profiler=off                  no samples
//
// A configuration this build or machine cannot run (a level not built yet,
// perf without perf_event_open) is found by a probe run of an empty program
// before the matrix starts, and is reported as unavailable, not as a
// failure.
package harness

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// Level and profiler names.
const (
	LevelGo = "go" // the Go-native baseline's pseudo-level

	ProfilerPerf  = "perf"
	ProfilerTimer = "timer"
	ProfilerOff   = "off"
)

// AllLevels and AllProfilers are the defaults of --levels and --profilers.
var (
	AllLevels    = []string{"0", "1", "2", "auto"}
	AllProfilers = []string{ProfilerPerf, ProfilerTimer, ProfilerOff}
)

// Config is one configuration of the matrix: a jitvm --level and profiler
// source, or the Go-native baseline.
type Config struct {
	Level    string `json:"level"`              // 0, 1, 2, auto, or go
	Profiler string `json:"profiler,omitempty"` // perf, timer, off; "" for go
}

// GoConfig is the Go-native baseline.
var GoConfig = Config{Level: LevelGo}

// IsGo reports whether c is the Go-native baseline.
func (c Config) IsGo() bool { return c.Level == LevelGo }

// Forced reports whether c forces a level for every function (the samples
// then drive nothing).
func (c Config) Forced() bool { return !c.IsGo() && c.Level != "auto" }

// Name is the configuration's name in tables and benchmark names:
// "go" or "level=auto/profiler=perf".
func (c Config) Name() string {
	if c.IsGo() {
		return LevelGo
	}
	return "level=" + c.Level + "/profiler=" + c.Profiler
}

// Short is the name for the progress bar: "go" or "auto/perf".
func (c Config) Short() string {
	if c.IsGo() {
		return LevelGo
	}
	return c.Level + "/" + c.Profiler
}

// RunFlags are the "jitvm run" flags of the configuration.
func (c Config) RunFlags() []string {
	fl := []string{"--level=" + c.Level}
	switch c.Profiler {
	case ProfilerTimer:
		// What a user gets where perf is blocked: auto tries perf, a real
		// seccomp filter says EACCES, and it falls back to timer sampling.
		fl = append(fl, "--profiler=auto", "--deny-perf")
	default:
		fl = append(fl, "--profiler="+c.Profiler)
	}
	return fl
}

// Matrix is the configurations of levels × profilers, levels outermost.
func Matrix(levels, profilers []string) []Config {
	var cs []Config
	for _, l := range levels {
		for _, p := range profilers {
			cs = append(cs, Config{Level: l, Profiler: p})
		}
	}
	return cs
}

// CheckMatrix validates --levels and --profilers values.
func CheckMatrix(levels, profilers []string) error {
	if err := checkValues("--levels", levels, AllLevels); err != nil {
		return err
	}
	return checkValues("--profilers", profilers, AllProfilers)
}

func checkValues(flag string, got, allowed []string) error {
	if len(got) == 0 {
		return fmt.Errorf("%s is empty (want some of %s)", flag, strings.Join(allowed, ","))
	}
	seen := map[string]bool{}
	for _, v := range got {
		ok := false
		for _, a := range allowed {
			ok = ok || v == a
		}
		if !ok {
			return fmt.Errorf("%s: unknown value %q (want some of %s)", flag, v, strings.Join(allowed, ","))
		}
		if seen[v] {
			return fmt.Errorf("%s: %q given twice", flag, v)
		}
		seen[v] = true
	}
	return nil
}

// Kind classifies a status.
type Kind string

// The kinds of status. Failed, Differs, Unstable and CompileError are
// failures: "jitvm bench" exits non-zero when any is reported.
const (
	OK           Kind = "ok"
	Unavailable  Kind = "unavailable"   // this build or machine cannot run the configuration
	Skipped      Kind = "skipped"       // the go baseline without a go toolchain
	CompileError Kind = "compile error" // jitvm rejects the program
	Failed       Kind = "failed"        // an exit status other than the reference's, a crash, a timeout
	Differs      Kind = "differs"       // the same exit status, different output
	Unstable     Kind = "unstable"      // a run's output differs from the configuration's first run
	Interrupted  Kind = "interrupted"   // SIGINT before the configuration finished
)

// Status is the outcome of a configuration or a program.
type Status struct {
	Kind   Kind   `json:"kind"`
	Detail string `json:"detail,omitempty"`
}

func (s Status) String() string {
	if s.Detail == "" {
		return string(s.Kind)
	}
	return string(s.Kind) + ": " + s.Detail
}

// Bad reports whether the status is a failure.
func (s Status) Bad() bool {
	switch s.Kind {
	case Failed, Differs, Unstable, CompileError:
		return true
	}
	return false
}

// Measurement is one run of one configuration: its raw figures.
type Measurement struct {
	Round        int    `json:"round"`  // 0-based, warm-up rounds first
	Warmup       bool   `json:"warmup"` // not in the statistics
	WallNS       int64  `json:"wall_ns"`
	CPUNS        int64  `json:"cpu_ns"` // user + system, from the child's rusage
	UserNS       int64  `json:"user_ns"`
	SysNS        int64  `json:"sys_ns"`
	MaxRSSBytes  int64  `json:"peak_rss_bytes"` // rusage ru_maxrss
	ExitStatus   int    `json:"exit_status"`
	StdoutBytes  int    `json:"stdout_bytes"`
	StdoutSHA256 string `json:"stdout_sha256"`
	Stderr       string `json:"stderr,omitempty"` // its first lines, when the run failed

	// From jitvm run --report (absent for go).
	Source        string `json:"profiler_source,omitempty"` // the source that sampled: perf-hw, perf-sw, timer, off
	Samples       uint64 `json:"samples"`
	ThreadCPUNS   int64  `json:"vm_thread_cpu_ns,omitempty"`
	TierUps       int    `json:"tier_ups"`                  // tier-ups driven by samples (not forced)
	Forced        int    `json:"forced_compiles,omitempty"` // functions compiled before the run (--level=N)
	FirstTierUpNS int64  `json:"first_tier_up_ns"`          // VM-thread CPU time at the first tier-up; -1: none
}

// ConfigResult is one configuration's runs on one program.
type ConfigResult struct {
	Config
	Name    string        `json:"name"`
	Flags   []string      `json:"run_flags,omitempty"`
	Status  Status        `json:"status"`
	Runs    []Measurement `json:"runs"`
	Summary *Summary      `json:"summary,omitempty"`

	first  *Output // the first run's output
	active bool    // still running
}

// ProgramResult is one program's matrix.
type ProgramResult struct {
	Name    string          `json:"name"`
	Path    string          `json:"path"`
	Status  Status          `json:"status"`
	Configs []*ConfigResult `json:"configs"`
}

// Config returns the result of configuration c, or nil.
func (p *ProgramResult) Config(c Config) *ConfigResult {
	for _, cr := range p.Configs {
		if cr.Config == c {
			return cr
		}
	}
	return nil
}

// Result is a whole "jitvm bench".
type Result struct {
	Started     time.Time        `json:"started"`
	Machine     Machine          `json:"machine"`
	Levels      []string         `json:"levels"`
	Profilers   []string         `json:"profilers"`
	Metric      string           `json:"metric"` // what the ratios compare: cpu or wall
	Count       int              `json:"count"`
	Warmup      int              `json:"warmup"`
	Notes       []string         `json:"notes,omitempty"`
	Interrupted bool             `json:"interrupted"`
	RunsDone    int              `json:"runs_done"`
	RunsPlanned int              `json:"runs_planned"`
	Programs    []*ProgramResult `json:"programs"`
}

// Failed reports whether any program or configuration failed.
func (r *Result) Failed() bool {
	for _, p := range r.Programs {
		if p.Status.Bad() {
			return true
		}
		for _, c := range p.Configs {
			if c.Status.Bad() {
				return true
			}
		}
	}
	return false
}

// Options configure Run.
type Options struct {
	Jitvm     string   // the jitvm binary the runs use
	Files     []string // the programs
	Levels    []string
	Profilers []string
	Count     int           // measured runs of each configuration
	Warmup    int           // runs before those, not measured
	Timeout   time.Duration // limit of one run (0: none)
	Metric    string        // what the ratios compare: cpu (default) or wall
	// Go is the go command for the native baseline: a name looked up in
	// PATH or a path; "off" skips the baseline.
	Go string
	// CacheDir holds the Go binaries ("" : os.UserCacheDir()/jitvm-bench).
	CacheDir string
	// Check, when set, compiles a program in-process first: an error is
	// reported as the program's compile error and the program is skipped.
	Check func(path string) error
	// Progress, when set, is told what runs.
	Progress *Progress
}

// Run runs the matrix. The error is for what stops the whole bench before
// it starts (no jitvm binary, no temporary directory); each program's and
// configuration's problems are in their statuses. When ctx is cancelled
// (SIGINT) Run kills the running child and returns what finished, with
// Interrupted set.
func Run(ctx context.Context, o Options) (*Result, error) {
	if o.Count < 1 {
		return nil, errors.New("--count must be at least 1")
	}
	if o.Warmup < 0 {
		return nil, errors.New("--warmup must not be negative")
	}
	if err := CheckMatrix(o.Levels, o.Profilers); err != nil {
		return nil, err
	}
	switch o.Metric {
	case "":
		o.Metric = MetricCPU
	case MetricCPU, MetricWall:
	default:
		return nil, fmt.Errorf("--metric=%s: want cpu or wall", o.Metric)
	}
	if fi, err := os.Stat(o.Jitvm); err != nil || fi.IsDir() {
		return nil, fmt.Errorf("jitvm binary %s: not found", o.Jitvm)
	}
	tmp, err := os.MkdirTemp("", "jitvm-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)

	res := &Result{
		Started: time.Now(), Levels: o.Levels, Profilers: o.Profilers,
		Metric: o.Metric, Count: o.Count, Warmup: o.Warmup,
	}
	b := &bencher{o: o, tmp: tmp, res: res}
	b.goCmd, b.goNote = lookGo(o.Go)
	if b.goNote != "" {
		res.Notes = append(res.Notes, b.goNote)
	}
	res.Machine = machineInfo(o.Jitvm, b.goCmd)
	configs := Matrix(o.Levels, o.Profilers)
	b.unavailable = b.probe(ctx, configs)

	perProgram := 0
	for _, c := range configs {
		if _, ok := b.unavailable[c]; !ok {
			perProgram++
		}
	}
	if b.goCmd != "" {
		perProgram++
	}
	rounds := o.Warmup + o.Count
	res.RunsPlanned = perProgram * rounds * len(o.Files)
	o.Progress.start(res.RunsPlanned)
	defer o.Progress.finish()

	for i, path := range o.Files {
		if ctx.Err() != nil {
			for _, p := range o.Files[i:] {
				res.Programs = append(res.Programs, &ProgramResult{Name: ProgramName(p), Path: p, Status: Status{Interrupted, "not run"}})
			}
			break
		}
		pr := b.program(ctx, path, configs)
		res.Programs = append(res.Programs, pr)
	}
	res.Interrupted = ctx.Err() != nil
	Summarize(res)
	return res, nil
}

// ProgramName is a program's name: its file name without .go.
func ProgramName(path string) string {
	return strings.TrimSuffix(filepath.Base(path), ".go")
}

type bencher struct {
	o           Options
	tmp         string
	res         *Result
	goCmd       string // "" : no baseline
	goNote      string
	unavailable map[Config]Status
}

// probeSource is the empty program the probe runs every configuration on.
const probeSource = "// jitvm bench: probe\n\npackage main\n\nfunc main() {}\n"

// probe runs each configuration once on an empty program: one that exits
// 1 cannot run on this build or machine (e.g. "there is no level 1",
// "--profiler=perf: ... ENOENT").
func (b *bencher) probe(ctx context.Context, configs []Config) map[Config]Status {
	out := map[Config]Status{}
	path := filepath.Join(b.tmp, "probe.go")
	if err := os.WriteFile(path, []byte(probeSource), 0o644); err != nil {
		return out
	}
	for _, c := range configs {
		args := append([]string{"run"}, c.RunFlags()...)
		args = append(args, path)
		r := runChild(ctx, time.Minute, b.tmp, b.o.Jitvm, args...)
		switch {
		case ctx.Err() != nil:
			return out
		case r.err != nil:
			out[c] = Status{Unavailable, r.err.Error()}
		case r.exit != 0:
			msg := strings.TrimPrefix(firstErrLine(r.stderr), "jitvm run: ")
			if msg == "" {
				msg = fmt.Sprintf("jitvm run exits %d on an empty program", r.exit)
			}
			out[c] = Status{Unavailable, msg}
		}
	}
	return out
}

// program runs one program's matrix.
func (b *bencher) program(ctx context.Context, path string, configs []Config) *ProgramResult {
	pr := &ProgramResult{Name: ProgramName(path), Path: path, Status: Status{Kind: OK}}
	if abs, err := filepath.Abs(path); err == nil {
		pr.Path = abs
	}
	rounds := b.o.Warmup + b.o.Count
	if b.o.Check != nil {
		if err := b.o.Check(path); err != nil {
			pr.Status = Status{CompileError, oneLine(err.Error())}
			b.o.Progress.skip(b.runsOf(configs) * rounds)
			return pr
		}
	}

	var goBin string
	if b.goCmd != "" {
		gr := &ConfigResult{Config: GoConfig, Name: GoConfig.Name(), Status: Status{Kind: OK}}
		pr.Configs = append(pr.Configs, gr)
		b.o.Progress.set(pr.Name, "go build", "")
		bin, err := buildGo(ctx, b.goCmd, path, b.o.CacheDir)
		switch {
		case ctx.Err() != nil:
			gr.Status = Status{Interrupted, "during go build"}
		case err != nil:
			gr.Status = Status{Failed, "go build: " + oneLine(err.Error())}
			b.o.Progress.skip(rounds)
		default:
			goBin, gr.active = bin, true
		}
	} else {
		pr.Configs = append(pr.Configs, &ConfigResult{Config: GoConfig, Name: GoConfig.Name(), Status: Status{Skipped, b.goNote}})
	}
	for _, c := range configs {
		cr := &ConfigResult{Config: c, Name: c.Name(), Flags: c.RunFlags(), Status: Status{Kind: OK}}
		if st, ok := b.unavailable[c]; ok {
			cr.Status = st
		} else {
			cr.active = true
		}
		pr.Configs = append(pr.Configs, cr)
	}

	// ref is the output every run must reproduce: the Go binary's, or
	// without one the first jitvm run's.
	var ref *Output
	var refName string
	for round := 0; round < rounds; round++ {
		for _, cr := range pr.Configs {
			if !cr.active {
				continue
			}
			if ctx.Err() != nil {
				break
			}
			step := fmt.Sprintf("run %d/%d", round-b.o.Warmup+1, b.o.Count)
			if round < b.o.Warmup {
				step = fmt.Sprintf("warm-up %d/%d", round+1, b.o.Warmup)
			}
			b.o.Progress.set(pr.Name, cr.Short(), step)
			run, out, err := b.runOnce(ctx, pr, cr, goBin, round)
			if ctx.Err() != nil {
				break // the child was killed: not a result
			}
			b.o.Progress.step()
			b.res.RunsDone++
			if err != nil {
				cr.Status = Status{Failed, err.Error()}
				cr.Runs = append(cr.Runs, run)
				b.deactivate(cr, round, rounds)
				continue
			}
			cr.Runs = append(cr.Runs, run)
			if ref == nil {
				ref, refName = out, cr.Name
			}
			if d := Compare(*ref, *out); d != "" && cr.Name != refName {
				kind := Differs
				if out.Exit != ref.Exit {
					kind = Failed
				}
				cr.Status = Status{kind, fmt.Sprintf("run %d: %s (against %s)", len(cr.Runs), d, refName)}
				b.deactivate(cr, round, rounds)
				continue
			}
			if cr.first == nil {
				cr.first = out
			} else if d := Compare(*cr.first, *out); d != "" {
				cr.Status = Status{Unstable, fmt.Sprintf("run %d: %s (against run 1)", len(cr.Runs), d)}
				b.deactivate(cr, round, rounds)
			}
		}
	}
	for _, cr := range pr.Configs {
		if cr.active && ctx.Err() != nil {
			cr.Status = Status{Interrupted, fmt.Sprintf("%d of %d runs", len(cr.Runs), rounds)}
		}
		cr.active = false
		cr.first = nil
	}
	switch {
	case ctx.Err() != nil:
		pr.Status = Status{Interrupted, ""}
	default:
		bad := 0
		for _, cr := range pr.Configs {
			if cr.Status.Bad() {
				bad++
			}
		}
		if bad > 0 {
			pr.Status = Status{Failed, fmt.Sprintf("%d configuration(s) failed", bad)}
		}
	}
	return pr
}

// runsOf is the number of configurations that run (per round) for a program.
func (b *bencher) runsOf(configs []Config) int {
	n := 0
	if b.goCmd != "" {
		n++
	}
	for _, c := range configs {
		if _, ok := b.unavailable[c]; !ok {
			n++
		}
	}
	return n
}

// deactivate stops a configuration after a failed run in round; the
// progress bar skips its remaining runs.
func (b *bencher) deactivate(cr *ConfigResult, round, rounds int) {
	cr.active = false
	b.o.Progress.skip(rounds - round - 1)
}

// Output is what a run's output check compares.
type Output struct {
	Stdout []byte
	Exit   int
	Stderr []byte // for the message only
}

// runOnce runs one configuration once. err describes a run that cannot be
// compared (killed, timed out, no report).
func (b *bencher) runOnce(ctx context.Context, pr *ProgramResult, cr *ConfigResult, goBin string, round int) (Measurement, *Output, error) {
	run := Measurement{Round: round, Warmup: round < b.o.Warmup, FirstTierUpNS: -1}
	var r childResult
	report := ""
	if cr.IsGo() {
		r = runChild(ctx, b.o.Timeout, filepath.Dir(pr.Path), goBin)
	} else {
		report = filepath.Join(b.tmp, "report.json")
		os.Remove(report)
		args := append([]string{"run"}, cr.Flags...)
		args = append(args, "--report="+report, pr.Path)
		r = runChild(ctx, b.o.Timeout, filepath.Dir(pr.Path), b.o.Jitvm, args...)
	}
	run.WallNS, run.UserNS, run.SysNS = r.wall.Nanoseconds(), r.user.Nanoseconds(), r.sys.Nanoseconds()
	run.CPUNS = run.UserNS + run.SysNS
	run.MaxRSSBytes = r.maxRSS
	run.ExitStatus = r.exit
	run.StdoutBytes = len(r.stdout)
	sum := sha256.Sum256(r.stdout)
	run.StdoutSHA256 = hex.EncodeToString(sum[:])
	if r.err != nil {
		run.Stderr = clipLines(r.stderr, 5)
		return run, nil, r.err
	}
	out := &Output{Stdout: r.stdout, Exit: r.exit, Stderr: r.stderr}
	if r.exit != 0 {
		run.Stderr = clipLines(r.stderr, 5)
	}
	if report != "" {
		if err := readReport(report, &run); err != nil && r.exit == 0 {
			return run, nil, fmt.Errorf("--report: %v", err)
		}
	}
	return run, out, nil
}

// childReport is the part of "jitvm run --report" the bench reads.
type childReport struct {
	ExitStatus int `json:"exit_status"`
	Profiler   struct {
		Source      string `json:"source"`
		Samples     uint64 `json:"samples"`
		ThreadCPUNS int64  `json:"thread_cpu_ns"`
	} `json:"profiler"`
	JIT *struct {
		Events []struct {
			Func   string `json:"func"`
			AtCPU  int64  `json:"at_cpu_ns"`
			Forced bool   `json:"forced"`
		} `json:"tier_ups"`
	} `json:"jit"`
}

func readReport(path string, run *Measurement) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var rep childReport
	if err := json.Unmarshal(data, &rep); err != nil {
		return err
	}
	run.Source = rep.Profiler.Source
	run.Samples = rep.Profiler.Samples
	run.ThreadCPUNS = rep.Profiler.ThreadCPUNS
	if rep.JIT != nil {
		for _, e := range rep.JIT.Events {
			if e.Forced {
				run.Forced++
				continue
			}
			run.TierUps++
			if run.FirstTierUpNS < 0 || e.AtCPU < run.FirstTierUpNS {
				run.FirstTierUpNS = e.AtCPU
			}
		}
	}
	return nil
}

// Compare says how got differs from want, the reference output: its exit
// status, then its first differing stdout line. It returns "" when both
// are the same.
func Compare(want, got Output) string {
	var parts []string
	if got.Exit != want.Exit {
		s := fmt.Sprintf("exit status %d, want %d", got.Exit, want.Exit)
		if l := firstErrLine(got.Stderr); l != "" {
			s += fmt.Sprintf(" (stderr: %s)", clipString(l, 120))
		}
		parts = append(parts, s)
	}
	if d := firstDiff(want.Stdout, got.Stdout); d != "" {
		parts = append(parts, d)
	}
	return strings.Join(parts, "; ")
}

// firstDiff describes the first stdout line where got differs from want.
func firstDiff(want, got []byte) string {
	if bytes.Equal(want, got) {
		return ""
	}
	wl := strings.SplitAfter(string(want), "\n")
	gl := strings.SplitAfter(string(got), "\n")
	for i := 0; ; i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w == g {
			continue
		}
		switch {
		case i >= len(gl) || g == "":
			return fmt.Sprintf("stdout ends at line %d, want %q there", i+1, clipString(w, 60))
		case i >= len(wl) || w == "":
			return fmt.Sprintf("stdout has more lines: line %d is %q", i+1, clipString(g, 60))
		}
		return fmt.Sprintf("stdout line %d is %q, want %q", i+1, clipString(g, 60), clipString(w, 60))
	}
}

// degradeNotice is the one line jitvm adds on stderr when it falls back
// (perf blocked): not an error.
var degradeNotice = regexp.MustCompile(`^jitvm: .*(instead|top tier)$`)

// firstErrLine is the first line of stderr that is not jitvm's fallback
// notice.
func firstErrLine(stderr []byte) string {
	for _, l := range strings.Split(string(stderr), "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !degradeNotice.MatchString(l) {
			return l
		}
	}
	return ""
}

func clipLines(b []byte, n int) string {
	ls := strings.SplitAfterN(string(b), "\n", n+1)
	if len(ls) > n {
		ls = ls[:n]
	}
	return clipString(strings.Join(ls, ""), 2000)
}

func clipString(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// WriteJSON writes the result, every run's raw figures included.
func WriteJSON(w io.Writer, r *Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
