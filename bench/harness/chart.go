package harness

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// A chart series: one configuration, one bar per program.
type series struct {
	config Config
	label  string
	color  color.Color
}

// chartSeries picks the configurations the chart shows: each forced level
// once (with the profiler off when it ran: the sources differ there only by
// their overhead, which the table gives), and level=auto with every
// profiler, where the source changes what the JIT does. A configuration
// that finished on no program is left out.
func chartSeries(r *Result) []series {
	var ss []series
	has := func(c Config) bool {
		for _, p := range r.Programs {
			if summaryOf(p, c) != nil {
				return true
			}
		}
		return false
	}
	forcedProfiler := ProfilerOff
	if !contains(r.Profilers, ProfilerOff) && len(r.Profilers) > 0 {
		forcedProfiler = r.Profilers[0]
	}
	for _, l := range r.Levels {
		if l == "auto" {
			continue
		}
		c := Config{Level: l, Profiler: forcedProfiler}
		if has(c) {
			label := "level " + l + levelNames[l]
			if forcedProfiler != ProfilerOff {
				label += ", profiler " + forcedProfiler
			}
			ss = append(ss, series{c, label, levelColors[l]})
		}
	}
	if contains(r.Levels, "auto") {
		for _, p := range r.Profilers {
			c := Config{Level: "auto", Profiler: p}
			if has(c) {
				ss = append(ss, series{c, autoLabels[p], autoColors[p]})
			}
		}
	}
	return ss
}

var (
	levelColors = map[string]color.Color{
		"0": color.RGBA{0x9e, 0x9e, 0x9e, 0xff}, // grey: the interpreter
		"1": color.RGBA{0x90, 0xca, 0xf9, 0xff}, // light blue
		"2": color.RGBA{0x15, 0x65, 0xc0, 0xff}, // dark blue
	}
	levelNames = map[string]string{"0": ": interpreter", "1": ": closures", "2": ": x86-64 code"}
	autoColors = map[string]color.Color{
		ProfilerPerf:  color.RGBA{0x2e, 0x7d, 0x32, 0xff}, // green
		ProfilerTimer: color.RGBA{0xef, 0x6c, 0x00, 0xff}, // orange
		ProfilerOff:   color.RGBA{0xd7, 0xcc, 0xc8, 0xff}, // pale
	}
	autoLabels = map[string]string{
		ProfilerPerf:  "auto, perf samples",
		ProfilerTimer: "auto, timer samples (perf blocked)",
		ProfilerOff:   "auto, no samples (stays in L0)",
	}
)

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// WriteChart draws the grouped bar chart of the result, per program and
// configuration, of the time (the result's Metric) over the Go-native
// binary's, on a log scale; format is "svg" or "png". The legend stands to
// the right of the plot, so no bar can hide under it.
func WriteChart(w io.Writer, r *Result, format string) error {
	p, leg, width, height, err := chart(r)
	if err != nil {
		return err
	}
	legW := vg.Length(0)
	for _, s := range leg.labels {
		legW = max(legW, leg.TextStyle.Rectangle(" "+s).Max.X)
	}
	legW += leg.ThumbnailWidth + 0.3*vg.Inch
	width += legW
	drawAll := func(dc draw.Canvas) {
		p.Draw(draw.Crop(dc, 0, -legW, 0, 0))
		// Top-aligned with the plot's data area, below the title.
		top := p.Title.TextStyle.Rectangle(p.Title.Text).Size().Y + p.Title.Padding + 0.1*vg.Inch
		leg.Draw(draw.Crop(dc, width-legW+0.15*vg.Inch, 0, 0, -top))
	}
	switch format {
	case "svg":
		c := vgsvg.New(width, height)
		drawAll(draw.New(c))
		_, err = c.WriteTo(w)
	case "png":
		c := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(144), vgimg.UseBackgroundColor(color.White))
		drawAll(draw.New(c))
		_, err = vgimg.PngCanvas{Canvas: c}.WriteTo(w)
	default:
		err = fmt.Errorf("unknown chart format %q", format)
	}
	return err
}

// legend is a plot.Legend that remembers its labels (to measure them).
type legend struct {
	plot.Legend
	labels []string
}

func (l *legend) add(label string, t plot.Thumbnailer) {
	l.Add(label, t)
	l.labels = append(l.labels, label)
}

func chart(r *Result) (*plot.Plot, *legend, vg.Length, vg.Length, error) {
	// The baseline is the Go binary; without one, level 0.
	base := GoConfig
	baseName := "Go native"
	var programs []*ProgramResult
	for _, p := range r.Programs {
		if summaryOf(p, GoConfig) != nil {
			programs = append(programs, p)
		}
	}
	if len(programs) == 0 {
		for _, prof := range append([]string{ProfilerOff}, r.Profilers...) {
			base = Config{Level: "0", Profiler: prof}
			for _, p := range r.Programs {
				if summaryOf(p, base) != nil {
					programs = append(programs, p)
				}
			}
			if len(programs) > 0 {
				break
			}
		}
		baseName = "level 0"
	}
	ss := chartSeries(r)
	if len(programs) == 0 || len(ss) == 0 {
		return nil, nil, 0, 0, errors.New("nothing to chart: no program finished with a baseline and a jitvm configuration")
	}

	p := plot.New()
	leg := &legend{Legend: plot.NewLegend()}
	p.Title.Text = fmt.Sprintf("jitvm: %s time over %s's, per program (median; log scale, lower is better)", metricWords(r.Metric), baseName)
	if un := unavailableNote(r); un != "" {
		p.Title.Text += "\n" + un
	}
	p.Title.TextStyle.Font.Size = 13
	p.Title.Padding = 6
	p.X.Label.Text = "program"
	p.Y.Label.Text = fmt.Sprintf("%s time / %s's (log scale)", metricWords(r.Metric), baseName)
	p.Y.Label.TextStyle.Font.Size = 11
	p.X.Label.TextStyle.Font.Size = 11
	p.X.Tick.Label.Font.Size = 11
	p.Y.Tick.Label.Font.Size = 10

	names := make([]string, len(programs))
	lo, hi := 0.0, 0.0 // log10 of the ratios, with 1x inside
	ratios := make([][]float64, len(ss))
	for i := range ss {
		ratios[i] = make([]float64, len(programs))
	}
	for j, pr := range programs {
		names[j] = pr.Name
		b := r.Of(summaryOf(pr, base))
		for i, s := range ss {
			if sm := summaryOf(pr, s.config); sm != nil && b > 0 {
				x := r.Of(sm) / b
				ratios[i][j] = x
				lo, hi = math.Min(lo, math.Log10(x)), math.Max(hi, math.Log10(x))
			}
		}
	}

	// Sizes: a fifth of an inch per bar.
	nb := float64(len(ss))
	groupW := vg.Length(math.Max(nb*0.2+0.3, 1.0)) * vg.Inch
	width := groupW*vg.Length(len(programs)) + 1.4*vg.Inch
	width = max(width, 8*vg.Inch)
	height := 6 * vg.Inch
	barW := groupW * 0.8 / vg.Length(nb)
	if dataW := (width - 1.4*vg.Inch) / vg.Length(len(programs)); dataW < groupW {
		barW = dataW * 0.8 / vg.Length(nb)
	}

	p.Add(&horizontalGrid{})
	for i, s := range ss {
		vals := make(plotter.Values, len(programs))
		for j, x := range ratios[i] {
			if x > 0 {
				vals[j] = math.Log10(x)
			}
		}
		bars, err := plotter.NewBarChart(vals, barW)
		if err != nil {
			return nil, nil, 0, 0, err
		}
		bars.Color = s.color
		bars.LineStyle.Width = vg.Points(0.4)
		bars.LineStyle.Color = color.Gray{0x40}
		bars.Offset = vg.Length(float64(i)-(nb-1)/2) * barW
		p.Add(bars)
		leg.add(s.label, bars)

		// The ratio above each bar.
		var xys plotter.XYs
		var labels []string
		for j, x := range ratios[i] {
			if x <= 0 {
				continue
			}
			y := math.Max(math.Log10(x), 0)
			xys = append(xys, plotter.XY{X: float64(j), Y: y})
			labels = append(labels, fmtRatio(x))
		}
		if len(xys) > 0 {
			ls, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: labels})
			if err != nil {
				return nil, nil, 0, 0, err
			}
			for k := range ls.TextStyle {
				ls.TextStyle[k].Font.Size = 7.5
				ls.TextStyle[k].Rotation = math.Pi / 2
				ls.TextStyle[k].XAlign = draw.XLeft
				ls.TextStyle[k].YAlign = draw.YCenter
			}
			ls.Offset = vg.Point{X: bars.Offset, Y: 2}
			p.Add(ls)
		}
	}
	p.NominalX(names...)
	p.X.Min, p.X.Max = -0.5, float64(len(programs))-0.5 // room for the outer groups

	// Room above the tallest bar for its label.
	p.Y.Min = math.Min(lo, 0) - 0.05
	p.Y.Max = hi + 0.15
	p.Y.Tick.Marker = logTicks{}
	leg.Top, leg.Left = true, true
	leg.TextStyle.Font.Size = 10
	leg.ThumbnailWidth = 0.25 * vg.Inch
	leg.Padding = 4
	return p, leg, width, height, nil
}

func metricWords(m string) string {
	if m == MetricWall {
		return "wall"
	}
	return "CPU"
}

// unavailableNote names the configurations the chart lacks because this
// build or machine could not run them.
func unavailableNote(r *Result) string {
	seen := map[string]bool{}
	var levels []string
	for _, p := range r.Programs {
		for _, c := range p.Configs {
			if c.Status.Kind == Unavailable && !seen[c.Level] {
				seen[c.Level] = true
				levels = append(levels, c.Level)
			}
		}
	}
	var whole []string
	for _, l := range levels {
		all := true
		for _, p := range r.Programs {
			for _, c := range p.Configs {
				if c.Level == l && c.Status.Kind != Unavailable {
					all = false
				}
			}
		}
		if all {
			whole = append(whole, l)
		}
	}
	if len(whole) == 0 {
		return ""
	}
	return fmt.Sprintf("(level %s: not available in this build)", strings.Join(whole, ", "))
}

func fmtRatio(x float64) string {
	switch {
	case x >= 9.95: // what %.1f would print as 10.0
		return fmt.Sprintf("%.0f", x)
	default:
		return fmt.Sprintf("%.1f", x)
	}
}

// logTicks labels a log10 axis at 1, 2, 5 × powers of ten, as "2x".
type logTicks struct{}

func (logTicks) Ticks(min, max float64) []plot.Tick {
	var ts []plot.Tick
	for e := math.Floor(min) - 1; e <= math.Ceil(max); e++ {
		for _, m := range []float64{1, 2, 5} {
			v := e + math.Log10(m)
			if v < min || v > max {
				continue
			}
			x := math.Pow(10, v)
			label := strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", x), "0"), ".") + "x"
			ts = append(ts, plot.Tick{Value: v, Label: label})
		}
	}
	return ts
}

// horizontalGrid draws a line at each major Y tick and a darker one at 1x.
type horizontalGrid struct{}

func (horizontalGrid) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	for _, t := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
		if t.IsMinor() {
			continue
		}
		y := trY(t.Value)
		sty := draw.LineStyle{Color: color.Gray{0xdd}, Width: vg.Points(0.5)}
		if t.Value == 0 {
			sty = draw.LineStyle{Color: color.Gray{0x30}, Width: vg.Points(1)}
		}
		c.StrokeLine2(sty, c.Min.X, y, c.Max.X, y)
	}
}
