package harness

import (
	"math"
	"slices"
)

// Stat is the median, minimum and maximum of a figure over the measured
// runs.
type Stat struct {
	Median float64 `json:"median"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

func stat(xs []float64) Stat {
	if len(xs) == 0 {
		return Stat{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return Stat{Median: median(s), Min: s[0], Max: s[len(s)-1]}
}

// median of sorted xs: the middle one, or the mean of the middle two.
func median(sorted []float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

func medianOf(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return median(s)
}

// Summary is a configuration's figures over its measured runs (warm-up
// runs excluded). Ratios are 0 where they do not apply.
type Summary struct {
	Runs         int     `json:"runs"`
	WallNS       Stat    `json:"wall_ns"`
	CPUNS        Stat    `json:"cpu_ns"`
	PeakRSSBytes float64 `json:"peak_rss_bytes"` // median
	Source       string  `json:"profiler_source,omitempty"`
	Samples      float64 `json:"samples"`  // median
	TierUps      float64 `json:"tier_ups"` // median
	// FirstTierUpNS is the median, over the runs that tiered up
	// (TierUpRuns of them), of the VM-thread CPU time at the first
	// sample-driven tier-up.
	FirstTierUpNS float64 `json:"first_tier_up_ns,omitempty"`
	TierUpRuns    int     `json:"tier_up_runs"`
	// XGo is the median time (of the result's Metric) over the go
	// baseline's; XL0 over level=0 with the same profiler's.
	XGo float64 `json:"x_go,omitempty"`
	XL0 float64 `json:"x_level0,omitempty"`
	// Overhead, at a forced level, is the median CPU time over that of the
	// same level with the profiler off, minus 1: what sampling costs.
	Overhead *float64 `json:"profiler_overhead,omitempty"`
}

// Metrics: what the ratios compare.
const (
	MetricCPU  = "cpu"  // user+system time of the whole process
	MetricWall = "wall" // wall time from start to exit
)

// Of is the median of the result's metric in s.
func (r *Result) Of(s *Summary) float64 {
	if r.Metric == MetricWall {
		return s.WallNS.Median
	}
	return s.CPUNS.Median
}

// Summarize computes every configuration's summary and the ratios between
// them. Failed configurations get none.
func Summarize(r *Result) {
	for _, p := range r.Programs {
		for _, c := range p.Configs {
			c.Summary = nil
			if c.Status.Kind != OK && c.Status.Kind != Interrupted {
				continue
			}
			c.Summary = summarize(c.Runs)
		}
		goS := summaryOf(p, GoConfig)
		for _, c := range p.Configs {
			s := c.Summary
			if s == nil || c.IsGo() {
				continue
			}
			if goS != nil && r.Of(goS) > 0 {
				s.XGo = r.Of(s) / r.Of(goS)
			}
			if l0 := summaryOf(p, Config{Level: "0", Profiler: c.Profiler}); l0 != nil && r.Of(l0) > 0 {
				s.XL0 = r.Of(s) / r.Of(l0)
			}
			if c.Forced() && c.Profiler != ProfilerOff {
				if off := summaryOf(p, Config{Level: c.Level, Profiler: ProfilerOff}); off != nil && off.CPUNS.Median > 0 {
					o := s.CPUNS.Median/off.CPUNS.Median - 1
					s.Overhead = &o
				}
			}
		}
	}
}

// summaryOf is configuration c's summary on p, or nil.
func summaryOf(p *ProgramResult, c Config) *Summary {
	if cr := p.Config(c); cr != nil {
		return cr.Summary
	}
	return nil
}

func summarize(runs []Measurement) *Summary {
	var wall, cpu, rss, samples, tierups, first []float64
	s := &Summary{}
	for _, r := range runs {
		if r.Warmup {
			continue
		}
		wall = append(wall, float64(r.WallNS))
		cpu = append(cpu, float64(r.CPUNS))
		rss = append(rss, float64(r.MaxRSSBytes))
		samples = append(samples, float64(r.Samples))
		tierups = append(tierups, float64(r.TierUps))
		if r.FirstTierUpNS >= 0 && r.TierUps > 0 {
			first = append(first, float64(r.FirstTierUpNS))
		}
		if s.Source == "" {
			s.Source = r.Source
		}
	}
	if len(wall) == 0 {
		return nil
	}
	s.Runs = len(wall)
	s.WallNS, s.CPUNS = stat(wall), stat(cpu)
	s.PeakRSSBytes = medianOf(rss)
	s.Samples, s.TierUps = medianOf(samples), medianOf(tierups)
	s.TierUpRuns = len(first)
	if len(first) > 0 {
		s.FirstTierUpNS = medianOf(first)
	}
	return s
}

// Blocked compares, for one program, level=auto with timer sampling under
// --deny-perf against level=auto with perf: what the JIT loses when perf
// is blocked.
type Blocked struct {
	Program string `json:"program"`
	// The first sample-driven tier-up (VM-thread CPU ns, median over the
	// runs that had one) and the number of tier-ups, perf and timer.
	FirstPerfNS   float64 `json:"first_tier_up_perf_ns"`
	FirstTimerNS  float64 `json:"first_tier_up_timer_ns"`
	HasFirstPerf  bool    `json:"tiered_up_perf"`
	HasFirstTimer bool    `json:"tiered_up_timer"`
	TierUpsPerf   float64 `json:"tier_ups_perf"`
	TierUpsTimer  float64 `json:"tier_ups_timer"`
	// Time at level=auto (median of the result's Metric), and timer's
	// over perf's.
	AutoPerfNS  float64 `json:"auto_perf_ns"`
	AutoTimerNS float64 `json:"auto_timer_ns"`
	Total       float64 `json:"total_timer_over_perf"`
	// CPU time at SteadyLevel, the highest forced level measured with
	// both sources (median), and timer's over perf's; Steady 0: none.
	SteadyLevel   string  `json:"steady_level,omitempty"`
	SteadyPerfNS  float64 `json:"steady_perf_cpu_ns,omitempty"`
	SteadyTimerNS float64 `json:"steady_timer_cpu_ns,omitempty"`
	Steady        float64 `json:"steady_timer_over_perf,omitempty"`
}

// PerfBlocked is the perf-blocked comparison of every program that has both
// level=auto/profiler=perf and level=auto/profiler=timer. The steady-state
// figure is the highest forced level measured with both sources: its code
// does not change with the source, so only the sampling's cost differs.
func PerfBlocked(r *Result) []Blocked {
	var out []Blocked
	for _, p := range r.Programs {
		perf := summaryOf(p, Config{Level: "auto", Profiler: ProfilerPerf})
		timer := summaryOf(p, Config{Level: "auto", Profiler: ProfilerTimer})
		if perf == nil || timer == nil {
			continue
		}
		b := Blocked{
			Program:     p.Name,
			TierUpsPerf: perf.TierUps, TierUpsTimer: timer.TierUps,
			AutoPerfNS: r.Of(perf), AutoTimerNS: r.Of(timer),
			FirstPerfNS: perf.FirstTierUpNS, FirstTimerNS: timer.FirstTierUpNS,
			HasFirstPerf: perf.TierUpRuns > 0, HasFirstTimer: timer.TierUpRuns > 0,
		}
		if b.AutoPerfNS > 0 {
			b.Total = b.AutoTimerNS / b.AutoPerfNS
		}
		for _, lvl := range []string{"2", "1", "0"} {
			sp := summaryOf(p, Config{Level: lvl, Profiler: ProfilerPerf})
			st := summaryOf(p, Config{Level: lvl, Profiler: ProfilerTimer})
			if sp != nil && st != nil && sp.CPUNS.Median > 0 {
				b.SteadyLevel = lvl
				b.SteadyPerfNS, b.SteadyTimerNS = sp.CPUNS.Median, st.CPUNS.Median
				b.Steady = st.CPUNS.Median / sp.CPUNS.Median
				break
			}
		}
		out = append(out, b)
	}
	return out
}

// GeoMean is the geometric mean of the positive xs (0 if there are none).
func GeoMean(xs []float64) float64 {
	sum, n := 0.0, 0
	for _, x := range xs {
		if x > 0 {
			sum += math.Log(x)
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return math.Exp(sum / float64(n))
}
