package profiler

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
)

// FuncInfo names a program function for output: its index in the VM is its
// index in the []FuncInfo slice.
type FuncInfo struct {
	Name string
	File string
	Line int
}

// Report is the JSON form of a Profile ("jitvm run --stats --json"). Other
// layers extend it by embedding it in their own struct.
type Report struct {
	Profiler  ProfilerReport   `json:"profiler"`
	Functions []FunctionReport `json:"functions"`
}

// ProfilerReport describes how the profile was taken.
type ProfilerReport struct {
	Requested             string     `json:"requested"`
	Source                string     `json:"source"`
	Fallbacks             []Fallback `json:"fallbacks"`
	Notice                string     `json:"notice,omitempty"`
	PeriodNS              int64      `json:"period_ns"`
	Samples               uint64     `json:"samples"`
	Unattributed          uint64     `json:"unattributed"`
	Lost                  uint64     `json:"lost"`
	Throttled             uint64     `json:"throttled"`
	Late                  uint64     `json:"late,omitempty"`
	ThreadCPUNS           int64      `json:"thread_cpu_ns"`
	WallNS                int64      `json:"wall_ns"`
	Rate                  float64    `json:"samples_per_cpu_second"`
	ExpectedRate          float64    `json:"expected_samples_per_cpu_second"`
	AttributionDelayNS    int64      `json:"attribution_delay_ns,omitempty"`
	MaxAttributionDelayNS int64      `json:"max_attribution_delay_ns,omitempty"`
}

// FunctionReport is one function that got samples. Share is its fraction
// of all samples, unattributed ones included.
type FunctionReport struct {
	Index   int     `json:"index"`
	Name    string  `json:"name"`
	File    string  `json:"file,omitempty"`
	Line    int     `json:"line,omitempty"`
	Samples uint64  `json:"samples"`
	Share   float64 `json:"share"`
}

// Report builds the JSON report. Functions are those with samples, most
// sampled first.
func (p *Profile) Report(funcs []FuncInfo) Report {
	fb := p.Fallbacks
	if fb == nil {
		fb = []Fallback{}
	}
	r := Report{
		Profiler: ProfilerReport{
			Requested:             p.Requested,
			Source:                p.Source,
			Fallbacks:             fb,
			Notice:                p.DegradeNotice(),
			PeriodNS:              p.Period.Nanoseconds(),
			Samples:               p.Samples,
			Unattributed:          p.Unattributed,
			Lost:                  p.Lost,
			Throttled:             p.Throttled,
			Late:                  p.Late,
			ThreadCPUNS:           p.ThreadCPU.Nanoseconds(),
			WallNS:                p.Wall.Nanoseconds(),
			Rate:                  p.Rate(),
			ExpectedRate:          p.ExpectedRate(),
			AttributionDelayNS:    p.AttributionDelay.Nanoseconds(),
			MaxAttributionDelayNS: p.MaxAttributionDelay.Nanoseconds(),
		},
		Functions: []FunctionReport{},
	}
	for _, i := range p.byShare() {
		fi := funcInfo(funcs, i)
		r.Functions = append(r.Functions, FunctionReport{
			Index: i, Name: fi.Name, File: fi.File, Line: fi.Line,
			Samples: p.PerFunc[i], Share: p.share(p.PerFunc[i]),
		})
	}
	return r
}

// byShare lists the indexes of functions with samples, most sampled first.
func (p *Profile) byShare() []int {
	var idx []int
	for i, n := range p.PerFunc {
		if n > 0 {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return p.PerFunc[idx[a]] > p.PerFunc[idx[b]] })
	return idx
}

func (p *Profile) share(n uint64) float64 {
	if p.Samples == 0 {
		return 0
	}
	return float64(n) / float64(p.Samples)
}

// funcInfo returns funcs[i], with a made-up name when funcs is short.
func funcInfo(funcs []FuncInfo, i int) FuncInfo {
	if i < len(funcs) && funcs[i].Name != "" {
		return funcs[i]
	}
	return FuncInfo{Name: "func#" + strconv.Itoa(i)}
}

// WriteStats writes the human summary of "jitvm run --stats": the source
// and every fallback with its reason, the achieved sample rate, lost
// records, and the samples of each function with its share.
func (p *Profile) WriteStats(w io.Writer, funcs []FuncInfo) {
	fmt.Fprintf(w, "profiler: %s, one sample per %v of VM-thread CPU", p.Source, p.Period)
	if p.Requested != p.Source {
		fmt.Fprintf(w, " (asked for %s)", p.Requested)
	}
	fmt.Fprintln(w)
	for _, f := range p.Fallbacks {
		fmt.Fprintf(w, "  fallback from %s: %s\n", f.Source, f.describe())
	}
	if p.Source == SourceOff {
		return
	}
	fmt.Fprintf(w, "  %d samples in %v of VM-thread CPU (%v wall): %.0f/s, expected %.0f/s\n",
		p.Samples, p.ThreadCPU.Round(time.Millisecond), p.Wall.Round(time.Millisecond), p.Rate(), p.ExpectedRate())
	fmt.Fprintf(w, "  lost %d, throttled %d, unattributed %d", p.Lost, p.Throttled, p.Unattributed)
	if p.Late > 0 {
		fmt.Fprintf(w, ", late %d (read too long after they were taken to attribute: dropped)", p.Late)
	}
	if p.AttributionDelay > 0 {
		fmt.Fprintf(w, "; attribution delay mean %v, max %v",
			p.AttributionDelay.Round(time.Microsecond), p.MaxAttributionDelay.Round(time.Microsecond))
	}
	fmt.Fprintln(w)
	if p.Samples == 0 {
		return
	}
	type row struct {
		n           uint64
		name, where string
	}
	var rows []row
	for _, i := range p.byShare() {
		fi := funcInfo(funcs, i)
		r := row{n: p.PerFunc[i], name: fi.Name}
		if fi.File != "" {
			r.where = fmt.Sprintf("%s:%d", fi.File, fi.Line)
		}
		rows = append(rows, r)
	}
	if p.Unattributed > 0 {
		rows = append(rows, row{n: p.Unattributed, name: noFunction})
	}
	wn, wname := len("samples"), 0
	for _, r := range rows {
		wn = max(wn, len(strconv.FormatUint(r.n, 10)))
		wname = max(wname, len(r.name))
	}
	fmt.Fprintf(w, "  %6s  %*s  %s\n", "share", wn, "samples", "function")
	for _, r := range rows {
		line := fmt.Sprintf("  %5.1f%%  %*d  %-*s  %s", 100*p.share(r.n), wn, r.n, wname, r.name, r.where)
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
}

// noFunction names samples taken while no program function was published.
const noFunction = "(no function)"
