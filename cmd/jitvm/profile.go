package main

// The self-profiler, wired into "jitvm run".
//
// The VM calls Options.OnStart on its locked OS thread with that thread's id
// and the cell it publishes the running function in; the profiler session
// starts there and stops in OnStop, on the same thread, before it unlocks.
// "exact" is not a profiler source: it runs the VM with CountOps and reports
// the bytecodes each function executed, the ground truth the sampled
// profiles are checked against (see accuracy_test.go).

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/pprof/profile"
	"golang.org/x/sys/unix"

	"github.com/jitvm/jitvm/jit"
	"github.com/jitvm/jitvm/profiler"
	"github.com/jitvm/jitvm/vm/bytecode"
)

// sourceExact is the --profiler value that counts bytecodes instead of
// sampling. auto never picks it.
const sourceExact = "exact"

// profilerChoices are the values of --profiler, in the order --help lists them.
var profilerChoices = []string{
	profiler.SourceAuto, profiler.SourcePerf, profiler.SourcePerfSW, profiler.SourcePerfHW,
	profiler.SourceTimer, profiler.SourceOff, sourceExact,
}

// minSamplePeriod is the shortest --sample-period the profiler accepts
// (shorter ones can livelock the VM thread: see profiler.MinPeriod).
const minSamplePeriod = profiler.MinPeriod

// denyPerfErrnos are the values of --deny-perf: the errno perf_event_open
// then fails with, as under perf_event_paranoid=3 (eacces), Docker's default
// seccomp profile (eperm) or a kernel without perf events (enosys).
var denyPerfErrnos = map[string]unix.Errno{
	"eacces": unix.EACCES,
	"eperm":  unix.EPERM,
	"enosys": unix.ENOSYS,
}

// checkProfilerFlags validates --profiler, --sample-period and --deny-perf.
func checkProfilerFlags(fl runFlags) error {
	ok := false
	for _, c := range profilerChoices {
		ok = ok || fl.profiler == c
	}
	if !ok {
		return fmt.Errorf("--profiler=%s: unknown profiler (want %s)", fl.profiler, strings.Join(profilerChoices, ", "))
	}
	if fl.samplePeriod < minSamplePeriod {
		return fmt.Errorf("--sample-period=%v: must be at least %v of CPU time", fl.samplePeriod, minSamplePeriod)
	}
	if fl.denyPerf != "" {
		if _, ok := denyPerfErrnos[strings.ToLower(fl.denyPerf)]; !ok {
			return fmt.Errorf("--deny-perf=%s: unknown errno (want eacces, eperm or enosys)", fl.denyPerf)
		}
	}
	return nil
}

// forced reports whether the user named a source that must work or fail the
// run: anything but auto, off and exact.
func forced(source string) bool {
	switch source {
	case profiler.SourceAuto, profiler.SourceOff, sourceExact:
		return false
	}
	return true
}

// preflight starts and stops a session of the forced source on the calling
// thread, so that a source that cannot work fails the run before the
// program starts. (OnStart cannot stop the VM from running the program.)
func preflight(source string, period time.Duration) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var cur atomic.Int32
	cur.Store(-1)
	s, err := profiler.Start(profiler.Target{Tid: gettid(), Current: &cur}, profiler.Options{Source: source, Period: period})
	if err != nil {
		return err
	}
	s.Stop()
	return nil
}

// forcedError is the one-line message for a forced source that cannot
// start: the reason of the last source tried, naming that source when it is
// not the one asked for (--profiler=perf tries perf-hw, then perf-sw).
func forcedError(source string, err error) string {
	var ue *profiler.UnavailableError
	if errors.As(err, &ue) && len(ue.Fallbacks) == 1 && ue.Fallbacks[0].Source == source {
		msg := strings.TrimPrefix(err.Error(), source+": ")
		return "--profiler=" + source + ": " + msg
	}
	return "--profiler=" + source + ": " + err.Error()
}

// runProfiler profiles one run: it is the VM's OnStart and OnStop, and then
// gives the run's profile in every output form.
type runProfiler struct {
	source   string // the --profiler value
	period   time.Duration
	onSample func(fn int32)   // the JIT controller's, set before onStart
	codeMap  profiler.CodeMap // names samples in L2 machine code by address
	funcs    []profiler.FuncInfo

	sess     *profiler.Session
	startErr error             // profiler.Start failed in OnStart
	prof     *profiler.Profile // the sampled profile, after OnStop

	// For exact: the counts (set by the caller after the run), and the VM
	// thread's CPU and wall time between OnStart and OnStop.
	counts    []uint64
	tid       int
	cpuStart  time.Duration
	wallStart time.Time
	cpu, wall time.Duration
}

func newRunProfiler(prog *bytecode.Program, source string, period time.Duration) *runProfiler {
	return &runProfiler{source: source, period: period, funcs: funcInfos(prog)}
}

// funcInfos names the program's functions for output, with the absolute
// path of the source file.
func funcInfos(prog *bytecode.Program) []profiler.FuncInfo {
	file, err := filepath.Abs(prog.File)
	if err != nil {
		file = prog.File
	}
	fi := make([]profiler.FuncInfo, len(prog.Funcs))
	for i, f := range prog.Funcs {
		fi[i] = profiler.FuncInfo{Name: f.Name, File: file, Line: f.Line}
	}
	return fi
}

// onStart runs on the VM thread before the program starts.
func (r *runProfiler) onStart(tid int, current *atomic.Int32) {
	r.tid, r.wallStart = tid, time.Now()
	r.cpuStart, _ = profiler.ThreadCPU(tid)
	if r.source == sourceExact {
		return
	}
	r.sess, r.startErr = profiler.Start(
		profiler.Target{Tid: tid, Current: current, NumFuncs: len(r.funcs), CodeMap: r.codeMap},
		profiler.Options{Source: r.source, Period: r.period, OnSample: r.onSample})
}

// onStop runs on the VM thread after the program stops: sampling ends,
// every fd is closed and every goroutine joined before the VM unlocks it.
func (r *runProfiler) onStop() {
	if r.sess != nil {
		r.prof = r.sess.Stop()
	}
	r.wall = time.Since(r.wallStart)
	if cpu, err := profiler.ThreadCPU(r.tid); err == nil {
		r.cpu = cpu - r.cpuStart
	}
}

// failure is the error that fails the run: a forced source that passed the
// preflight but then could not start on the VM thread.
func (r *runProfiler) failure() error {
	if r.startErr != nil && forced(r.source) {
		return r.startErr
	}
	return nil
}

// notice is the one line a run prints on stderr when auto could not use
// perf (or the profiler could not start at all); "" otherwise.
func (r *runProfiler) notice() string {
	switch {
	case r.startErr != nil && !forced(r.source):
		return "jitvm: " + r.startErr.Error() + "; profiling is off"
	case r.prof != nil:
		return r.prof.DegradeNotice()
	}
	return ""
}

// runReport is the JSON written by "jitvm run --report=FILE". Each layer
// adds a section of its own as a new field (the JIT's will be a pointer
// tagged "jit,omitempty"), so that no existing field changes meaning.
type runReport struct {
	Program    string                    `json:"program"`         // absolute path of the source
	ExitStatus int                       `json:"exit_status"`     // what jitvm exits with
	Panic      string                    `json:"panic,omitempty"` // the program's panic, if it panicked
	Profiler   profilerSection           `json:"profiler"`
	Functions  []profiler.FunctionReport `json:"functions"` // most samples first
	JIT        *jit.Report               `json:"jit,omitempty"`
}

// profilerSection is the profiler's own report plus what its numbers count.
type profilerSection struct {
	profiler.ProfilerReport
	// Unit is what samples (here and in functions) count: "samples" of
	// period_ns of VM-thread CPU each, or "bytecodes" for source exact.
	Unit string `json:"unit"`
}

// report builds the profiler and functions sections.
func (r *runProfiler) report() (profilerSection, []profiler.FunctionReport) {
	if r.source == sourceExact {
		return r.exactReport()
	}
	p := r.profile()
	rep := p.Report(r.funcs)
	if r.startErr != nil {
		rep.Profiler.Notice = r.notice()
	}
	return profilerSection{ProfilerReport: rep.Profiler, Unit: "samples"}, rep.Functions
}

// profile is the sampled profile, or, when the profiler could not start, an
// empty one that says why.
func (r *runProfiler) profile() *profiler.Profile {
	if r.prof != nil {
		return r.prof
	}
	p := &profiler.Profile{Requested: r.source, Source: profiler.SourceOff, Period: r.period, PerFunc: make([]uint64, len(r.funcs))}
	if r.startErr != nil {
		p.Fallbacks = []profiler.Fallback{{Source: r.source, Reason: r.startErr.Error()}}
	}
	return p
}

// exactReport is the report of an exact run, in the sampled report's shape:
// samples are bytecodes.
func (r *runProfiler) exactReport() (profilerSection, []profiler.FunctionReport) {
	total := r.total()
	sec := profilerSection{
		ProfilerReport: profiler.ProfilerReport{
			Requested:   sourceExact,
			Source:      sourceExact,
			Fallbacks:   []profiler.Fallback{},
			Samples:     total,
			ThreadCPUNS: r.cpu.Nanoseconds(),
			WallNS:      r.wall.Nanoseconds(),
		},
		Unit: "bytecodes",
	}
	if r.cpu > 0 {
		sec.Rate = float64(total) / r.cpu.Seconds()
	}
	fns := []profiler.FunctionReport{}
	for _, i := range r.byCount() {
		fi := r.funcs[i]
		fns = append(fns, profiler.FunctionReport{
			Index: i, Name: fi.Name, File: fi.File, Line: fi.Line,
			Samples: r.counts[i], Share: float64(r.counts[i]) / float64(total),
		})
	}
	return sec, fns
}

func (r *runProfiler) total() uint64 {
	var t uint64
	for _, n := range r.counts {
		t += n
	}
	return t
}

// byCount lists the functions that executed bytecodes, most first.
func (r *runProfiler) byCount() []int {
	var idx []int
	for i, n := range r.counts {
		if n > 0 && i < len(r.funcs) {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return r.counts[idx[a]] > r.counts[idx[b]] })
	return idx
}

// writeStats writes the human report of --stats.
func (r *runProfiler) writeStats(w io.Writer) {
	if r.source != sourceExact {
		r.profile().WriteStats(w, r.funcs)
		return
	}
	// The sampled report's layout, with bytecodes for samples.
	total := r.total()
	fmt.Fprintln(w, "profiler: exact, every bytecode counted (no sampling)")
	fmt.Fprintf(w, "  %d bytecodes in %v of VM-thread CPU (%v wall)", total, r.cpu.Round(time.Millisecond), r.wall.Round(time.Millisecond))
	if r.cpu > 0 {
		fmt.Fprintf(w, ": %.0fM/s", float64(total)/r.cpu.Seconds()/1e6)
	}
	fmt.Fprintln(w)
	if total == 0 {
		return
	}
	idx := r.byCount()
	wn, wname := len("bytecodes"), 0
	for _, i := range idx {
		wn = max(wn, len(strconv.FormatUint(r.counts[i], 10)))
		wname = max(wname, len(r.funcs[i].Name))
	}
	fmt.Fprintf(w, "  %6s  %*s  %s\n", "share", wn, "bytecodes", "function")
	for _, i := range idx {
		fi := r.funcs[i]
		line := fmt.Sprintf("  %5.1f%%  %*d  %-*s  %s:%d", 100*float64(r.counts[i])/float64(total), wn, r.counts[i], wname, fi.Name, fi.File, fi.Line)
		fmt.Fprintln(w, line)
	}
}

// writePprof writes the pprof file of --pprof.
func (r *runProfiler) writePprof(w io.Writer) error {
	if r.source != sourceExact {
		return profiler.WritePprof(w, r.profile(), r.funcs)
	}
	// One frame per function, valued in bytecodes: the same shape as the
	// profiler's, with bytecodes/count as the only sample type.
	pp := &profile.Profile{
		SampleType:        []*profile.ValueType{{Type: "bytecodes", Unit: "count"}},
		DefaultSampleType: "bytecodes",
		PeriodType:        &profile.ValueType{Type: "bytecodes", Unit: "count"},
		Period:            1,
		TimeNanos:         r.wallStart.UnixNano(),
		DurationNanos:     r.wall.Nanoseconds(),
		Comments:          []string{"jitvm exact profile: bytecodes executed per function"},
	}
	m := &profile.Mapping{ID: 1, File: "jitvm", HasFunctions: true, HasFilenames: true, HasLineNumbers: true}
	pp.Mapping = []*profile.Mapping{m}
	for _, i := range r.byCount() {
		fi := r.funcs[i]
		id := uint64(len(pp.Function) + 1)
		fn := &profile.Function{ID: id, Name: fi.Name, SystemName: fi.Name, Filename: fi.File, StartLine: int64(fi.Line)}
		loc := &profile.Location{ID: id, Mapping: m, Line: []profile.Line{{Function: fn, Line: int64(fi.Line)}}}
		pp.Function = append(pp.Function, fn)
		pp.Location = append(pp.Location, loc)
		pp.Sample = append(pp.Sample, &profile.Sample{Location: []*profile.Location{loc}, Value: []int64{int64(r.counts[i])}})
	}
	if err := pp.CheckValid(); err != nil {
		return fmt.Errorf("building pprof profile: %w", err)
	}
	return pp.Write(w)
}
