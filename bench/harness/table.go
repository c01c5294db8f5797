package harness

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// WriteTable writes the result for people: a header saying what ran where,
// one row per program and configuration, the perf-blocked comparison, and
// how to read them.
func WriteTable(w io.Writer, r *Result) error {
	ew := &errWriter{w: w}
	writeHeader(ew, r)
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "program\tlevel\tprofiler\twall\tcpu\t%s min–max\tx go\tx L0\t1st tier-up\ttier-ups\tsamples\toverhead\tpeak RSS\tstatus\n", r.Metric)
	for _, p := range r.Programs {
		if len(p.Configs) == 0 {
			fmt.Fprintf(tw, "%s\t\t\t\t\t\t\t\t\t\t\t\t\t%s\n", p.Name, p.Status)
			continue
		}
		for i, c := range p.Configs {
			name := ""
			if i == 0 {
				name = p.Name
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", name, c.Level, profilerCell(c), strings.Join(cells(r, c), "\t"))
		}
	}
	writeGeoMeans(tw, r)
	tw.Flush()
	writeBlocked(ew, r)
	fmt.Fprintf(ew, tableLegend, r.Metric)
	if r.Interrupted {
		fmt.Fprintf(ew, "\ninterrupted after %d of %d runs: the table shows the runs that finished.\n", r.RunsDone, r.RunsPlanned)
	}
	return ew.err
}

// writeGeoMeans writes, for each configuration but the go baseline, the
// geometric means of its x go and x L0 over the programs that have them:
// the figure to compare levels by, when there are several programs.
func writeGeoMeans(tw io.Writer, r *Result) {
	if len(r.Programs) < 2 {
		return
	}
	var configs []Config
	for _, p := range r.Programs {
		for _, c := range p.Configs {
			if !c.IsGo() && !slices.Contains(configs, c.Config) {
				configs = append(configs, c.Config)
			}
		}
	}
	named := false
	for _, c := range configs {
		var xgo, xl0 []float64
		for _, p := range r.Programs {
			if cr := p.Config(c); cr != nil && cr.Summary != nil {
				xgo = append(xgo, cr.Summary.XGo)
				xl0 = append(xl0, cr.Summary.XL0)
			}
		}
		if GeoMean(xgo) == 0 && GeoMean(xl0) == 0 {
			continue // no figures: unavailable everywhere
		}
		name := ""
		if !named {
			name, named = "geomean", true
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t\t\t\t%s\t%s\t\t\t\t\t\t\n", name, c.Level, c.Profiler, ratio(GeoMean(xgo)), ratio(GeoMean(xl0)))
	}
}

const tableLegend = `
wall: median over the measured runs of the child process's wall time. cpu: its
user+system time (rusage), profiler and compiler threads included. min–max:
the spread of the ratios' metric (--metric=%[1]s). x go: %[1]s time over the
Go-native binary's; x L0: over level=0's with the same profiler; geomean: the
geometric means of both over the programs. 1st tier-up:
VM-thread CPU time when the first sample-driven tier-up was installed (median
of the runs that had one). tier-ups, samples: medians. overhead: cpu over the
same forced level's with --profiler=off, what sampling costs (not for auto,
where off never leaves the interpreter). profiler: perf = --profiler=perf;
timer = --deny-perf, perf_event_open denied by seccomp as under
perf_event_paranoid=3, so auto falls back to timer sampling; off = no samples;
in parentheses the source that sampled.
`

func writeHeader(w io.Writer, r *Result) {
	nconf := len(r.Levels)*len(r.Profilers) + 1
	fmt.Fprintf(w, "jitvm bench: %d program(s) × %d configurations (go + levels %s × profilers %s), %d measured run(s) each after %d warm-up, interleaved; ratios of %s time\n",
		len(r.Programs), nconf, strings.Join(r.Levels, ","), strings.Join(r.Profilers, ","), r.Count, r.Warmup, r.Metric)
	m := r.Machine
	parts := []string{}
	if m.CPU != "" {
		parts = append(parts, m.CPU)
	}
	parts = append(parts, fmt.Sprintf("%d CPUs", m.NumCPU), m.GOOS+"/"+m.GOARCH)
	if m.Kernel != "" {
		parts = append(parts, "kernel "+m.Kernel)
	}
	if m.PerfEventParanoid != "" {
		parts = append(parts, "perf_event_paranoid="+m.PerfEventParanoid)
	}
	if m.Go != "" {
		parts = append(parts, "baseline "+m.Go)
	}
	fmt.Fprintf(w, "machine: %s\n", strings.Join(parts, ", "))
	for _, n := range r.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	fmt.Fprintln(w)
}

// profilerCell is the profiler column: the configuration's profiler and,
// when it differs, the source that sampled.
func profilerCell(c *ConfigResult) string {
	if c.IsGo() {
		return "-"
	}
	if s := c.Summary; s != nil && s.Source != "" && s.Source != c.Profiler {
		return fmt.Sprintf("%s (%s)", c.Profiler, s.Source)
	}
	return c.Profiler
}

// cells are a configuration's columns from wall to status.
func cells(r *Result, c *ConfigResult) []string {
	s := c.Summary
	if s == nil {
		return []string{"-", "-", "-", "-", "-", "-", "-", "-", "-", "-", c.Status.String()}
	}
	spread := s.CPUNS
	if r.Metric == MetricWall {
		spread = s.WallNS
	}
	out := []string{
		secs(s.WallNS.Median), secs(s.CPUNS.Median),
		fmt.Sprintf("%s–%s", secsBare(spread.Min), secsBare(spread.Max)),
		ratio(s.XGo), ratio(s.XL0),
	}
	if c.IsGo() {
		out[3] = "1.00x"
		out = append(out, "-", "-", "-", "-")
	} else {
		first := "-"
		if s.TierUpRuns > 0 {
			first = millis(s.FirstTierUpNS)
			if s.TierUpRuns < s.Runs {
				first += fmt.Sprintf(" (%d/%d runs)", s.TierUpRuns, s.Runs)
			}
		}
		overhead := "-"
		if s.Overhead != nil {
			overhead = percent(*s.Overhead)
		}
		out = append(out, first, count(s.TierUps), count(s.Samples), overhead)
	}
	out = append(out, mib(s.PeakRSSBytes), c.Status.String())
	return out
}

// writeBlocked writes the perf-blocked comparison.
func writeBlocked(w io.Writer, r *Result) {
	bs := PerfBlocked(r)
	if len(bs) == 0 {
		return
	}
	fmt.Fprintln(w, "\nperf blocked: level=auto driven by timer samples (--deny-perf) against perf samples")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "program\t1st tier-up perf\ttimer\ttier-ups perf\ttimer\tauto %s perf\ttimer\ttotal\tsteady state\t\n", r.Metric)
	var totals, steadies []float64
	for _, b := range bs {
		fp, ft := "-", "-"
		if b.HasFirstPerf {
			fp = millis(b.FirstPerfNS)
		}
		if b.HasFirstTimer {
			ft = millis(b.FirstTimerNS)
		}
		steady := "-"
		if b.Steady > 0 {
			steady = fmt.Sprintf("%s (L%s cpu)", percent(b.Steady-1), b.SteadyLevel)
			steadies = append(steadies, b.Steady)
		}
		totals = append(totals, b.Total)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", b.Program, fp, ft, count(b.TierUpsPerf), count(b.TierUpsTimer),
			secs(b.AutoPerfNS), secs(b.AutoTimerNS), percent(b.Total-1), steady)
	}
	gs := "-"
	if g := GeoMean(steadies); g > 0 {
		gs = percent(g - 1)
	}
	fmt.Fprintf(tw, "geomean\t\t\t\t\t\t\t%s\t%s\t\n", percent(GeoMean(totals)-1), gs)
	tw.Flush()
	fmt.Fprintf(w, "total: timer's %s time over perf's at level=auto; steady state: timer's cpu time over perf's at the highest forced level measured\n", r.Metric)
}

func secs(ns float64) string     { return fmt.Sprintf("%.3fs", ns/1e9) }
func secsBare(ns float64) string { return fmt.Sprintf("%.3f", ns/1e9) }

func millis(ns float64) string {
	if ns < 1e6 {
		return fmt.Sprintf("%.2fms", ns/1e6)
	}
	return fmt.Sprintf("%.1fms", ns/1e6)
}

func ratio(x float64) string {
	if x <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.2fx", x)
}

func percent(x float64) string { return fmt.Sprintf("%+.1f%%", 100*x) }

func count(x float64) string {
	if x == float64(int64(x)) {
		return fmt.Sprintf("%d", int64(x))
	}
	return fmt.Sprintf("%.1f", x)
}

func mib(b float64) string { return fmt.Sprintf("%.1f MiB", b/(1<<20)) }

// errWriter keeps the first write error.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return len(p), nil
	}
	_, e.err = e.w.Write(p)
	return len(p), nil
}
