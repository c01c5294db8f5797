package profiler

import (
	"fmt"
	"io"

	"github.com/google/pprof/profile"
)

// WritePprof writes p as a gzipped pprof protocol buffer, readable by
// "go tool pprof". Each program function is one frame (name, file and
// line from funcs); the profile has no call stacks, only the function that
// was running. Sample types are samples/count and cpu/nanoseconds (samples
// × period); the default is cpu. Samples taken while no function was
// published appear under the frame "(no function)".
func WritePprof(w io.Writer, p *Profile, funcs []FuncInfo) error {
	period := p.Period.Nanoseconds()
	pp := &profile.Profile{
		SampleType: []*profile.ValueType{
			{Type: "samples", Unit: "count"},
			{Type: "cpu", Unit: "nanoseconds"},
		},
		DefaultSampleType: "cpu",
		PeriodType:        &profile.ValueType{Type: "cpu", Unit: "nanoseconds"},
		Period:            period,
		DurationNanos:     p.Wall.Nanoseconds(),
		Comments: []string{
			fmt.Sprintf("jitvm profiler: source %s (asked for %s), %d samples, %d lost",
				p.Source, p.Requested, p.Samples, p.Lost),
		},
	}
	if !p.Start.IsZero() {
		pp.TimeNanos = p.Start.UnixNano()
	}
	for _, f := range p.Fallbacks {
		pp.Comments = append(pp.Comments, "fallback from "+f.Source+": "+f.describe())
	}
	// The functions are already symbolized: say so, so that pprof does not
	// go looking for a binary to symbolize addresses with.
	m := &profile.Mapping{ID: 1, File: "jitvm", HasFunctions: true, HasFilenames: true, HasLineNumbers: true}
	pp.Mapping = []*profile.Mapping{m}

	add := func(fi FuncInfo, n uint64) {
		id := uint64(len(pp.Function) + 1)
		fn := &profile.Function{ID: id, Name: fi.Name, SystemName: fi.Name, Filename: fi.File, StartLine: int64(fi.Line)}
		loc := &profile.Location{ID: id, Mapping: m, Line: []profile.Line{{Function: fn, Line: int64(fi.Line)}}}
		pp.Function = append(pp.Function, fn)
		pp.Location = append(pp.Location, loc)
		pp.Sample = append(pp.Sample, &profile.Sample{
			Location: []*profile.Location{loc},
			Value:    []int64{int64(n), int64(n) * period},
		})
	}
	for i, n := range p.PerFunc {
		if n > 0 {
			add(funcInfo(funcs, i), n)
		}
	}
	if p.Unattributed > 0 {
		add(FuncInfo{Name: noFunction}, p.Unattributed)
	}
	if err := pp.CheckValid(); err != nil {
		return fmt.Errorf("profiler: building pprof profile: %w", err)
	}
	return pp.Write(w)
}
