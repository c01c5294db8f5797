package harness

import (
	"fmt"
	"io"
	"strings"
	"unicode"
)

// WriteBench writes the measured runs as Go benchmark lines, one per run,
// which benchstat reads:
//
//	BenchmarkFib/level=auto/profiler=perf 1 1234567890 ns/op 1300000000 cpu-ns/op 4.12 x-go ...
//
// The go baseline is BenchmarkFib/level=go/profiler=none. Units: ns/op (wall),
// cpu-ns/op (user+system), x-go (the run's time over the go baseline's
// median, of the result's Metric: cpu or wall),
// first-tierup-ns (only for runs that tiered up), tierups, samples,
// peak-rss-bytes. Configurations that failed write no lines.
func WriteBench(w io.Writer, r *Result) error {
	ew := &errWriter{w: w}
	m := r.Machine
	fmt.Fprintf(ew, "goos: %s\ngoarch: %s\npkg: github.com/jitvm/jitvm/bench/programs\n", m.GOOS, m.GOARCH)
	if m.CPU != "" {
		fmt.Fprintf(ew, "cpu: %s\n", m.CPU)
	}
	if m.PerfEventParanoid != "" {
		fmt.Fprintf(ew, "perf_event_paranoid: %s\n", m.PerfEventParanoid)
	}
	if m.Go != "" {
		fmt.Fprintf(ew, "go-baseline: %s\n", m.Go)
	}
	for _, p := range r.Programs {
		var goTime float64
		if s := summaryOf(p, GoConfig); s != nil {
			goTime = r.Of(s)
		}
		for _, c := range p.Configs {
			if c.Summary == nil {
				continue
			}
			name := BenchName(p.Name, c.Config)
			for _, run := range c.Runs {
				if run.Warmup {
					continue
				}
				fmt.Fprintf(ew, "%s 1 %d ns/op %d cpu-ns/op", name, run.WallNS, run.CPUNS)
				if goTime > 0 {
					t := run.CPUNS
					if r.Metric == MetricWall {
						t = run.WallNS
					}
					fmt.Fprintf(ew, " %.4f x-go", float64(t)/goTime)
				}
				if !c.IsGo() {
					if run.TierUps > 0 && run.FirstTierUpNS >= 0 {
						fmt.Fprintf(ew, " %d first-tierup-ns", run.FirstTierUpNS)
					}
					fmt.Fprintf(ew, " %d tierups %d samples", run.TierUps, run.Samples)
				}
				fmt.Fprintf(ew, " %d peak-rss-bytes\n", run.MaxRSSBytes)
			}
		}
	}
	return ew.err
}

// BenchName is the benchmark name of program under c:
// BenchmarkFib/level=auto/profiler=perf.
func BenchName(program string, c Config) string {
	var b strings.Builder
	b.WriteString("Benchmark")
	for i, r := range program {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_':
			if i == 0 {
				r = unicode.ToUpper(r)
			}
			b.WriteRune(r)
		default:
			b.WriteRune('_')
		}
	}
	if c.IsGo() {
		b.WriteString("/level=go/profiler=none")
	} else {
		b.WriteString("/" + c.Name())
	}
	return b.String()
}
