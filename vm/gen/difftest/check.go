package difftest

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/jitvm/jitvm/vm"
)

// Options configure a check.
type Options struct {
	// Modes are the in-process modes to run (default Modes). The first is
	// the reference the others are compared with.
	Modes []Mode
	// Go, if set, also builds the program with the Go toolchain and
	// compares the first mode's run with the binary's.
	Go *GoRunner
	// Timeout limits each in-process run (default 10s).
	Timeout time.Duration
}

// Diff is one difference between two runs of a program.
type Diff struct {
	A, B   string // the runs: modes, or "go" for the Go toolchain
	What   string // "stdout", "exit status", "panic", "crash", "build"
	Detail string
}

func (d Diff) String() string {
	if d.B == "" {
		return fmt.Sprintf("%s: %s: %s", d.A, d.What, d.Detail)
	}
	return fmt.Sprintf("%s vs %s: %s differs: %s", d.A, d.B, d.What, d.Detail)
}

// Key identifies the kind of a difference, for the minimizer: a smaller
// program shows "the same bug" when it has a difference with the same key.
func (d Diff) Key() string {
	k := d.A + "/" + d.B + "/" + d.What
	if d.What == "crash" {
		// The crash's first line, without its numbers.
		line, _, _ := strings.Cut(d.Detail, "\n")
		k += "/" + digits.ReplaceAllString(line, "N")
	}
	return k
}

var digits = regexp.MustCompile(`[0-9]+`)

// Run is one run in a report.
type RunResult struct {
	Name    string
	Outcome Outcome
}

// Report is the result of a check.
type Report struct {
	Runs  []RunResult
	Diffs []Diff
	// Invalid is set when jitvm does not compile the program: a generator
	// bug, or a front-end bug if the Go toolchain compiles it.
	Invalid error
}

// HasKey reports whether the report has a difference with key k.
func (r Report) HasKey(k string) bool {
	for _, d := range r.Diffs {
		if d.Key() == k {
			return true
		}
	}
	return false
}

// Filename is the name programs are compiled under (stack traces show it).
const Filename = "prog.go"

// Check runs src in every mode (and with the Go toolchain) and reports the
// differences. seed draws the levels of Mix and the installation points of
// Staged.
func Check(src []byte, seed int64, o Options) Report {
	if len(o.Modes) == 0 {
		o.Modes = Modes
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	prog, err := vm.Compile(Filename, src)
	if err != nil {
		if o.Go != nil {
			if _, gerr := o.Go.Run(src); gerr == nil {
				return Report{Invalid: err, Diffs: []Diff{{A: "go", B: "jitvm", What: "build", Detail: "jitvm rejects a program Go compiles: " + err.Error()}}}
			}
		}
		return Report{Invalid: err}
	}
	var r Report
	for _, m := range o.Modes {
		out := Run(prog, m, seed, o.Timeout)
		r.Runs = append(r.Runs, RunResult{string(m), out})
		if out.Crash != "" {
			r.Diffs = append(r.Diffs, Diff{A: string(m), What: "crash", Detail: out.Crash})
		}
	}
	ref := r.Runs[0]
	if ref.Outcome.Crash == "" {
		for _, run := range r.Runs[1:] {
			if run.Outcome.Crash == "" {
				r.Diffs = append(r.Diffs, compare(ref.Name, run.Name, ref.Outcome, run.Outcome)...)
			}
		}
	}
	if o.Go != nil {
		g, err := o.Go.Run(src)
		if err != nil {
			r.Diffs = append(r.Diffs, Diff{A: "go", What: "build", Detail: err.Error()})
			return r
		}
		r.Runs = append(r.Runs, RunResult{"go", g})
		if ref.Outcome.Crash == "" {
			r.Diffs = append(r.Diffs, compareGo(ref.Name, ref.Outcome, g)...)
		}
	}
	return r
}

// compare compares two in-process runs: everything must be equal.
func compare(an, bn string, a, b Outcome) []Diff {
	var ds []Diff
	if a.Stdout != b.Stdout {
		ds = append(ds, Diff{an, bn, "stdout", firstDiff(a.Stdout, b.Stdout)})
	}
	if a.Code != b.Code {
		ds = append(ds, Diff{an, bn, "exit status", fmt.Sprintf("%d vs %d", a.Code, b.Code)})
	}
	if a.Trace != b.Trace {
		ds = append(ds, Diff{an, bn, "panic", fmt.Sprintf("\n--- %s\n%s--- %s\n%s", an, a.Trace, bn, b.Trace)})
	}
	return ds
}

var traceLine = regexp.MustCompile(regexp.QuoteMeta(Filename) + `:[0-9]+`)

// compareGo compares jitvm's run with the Go binary's: stdout and exit
// status; for a panic, the message and the innermost line of the
// program in the trace (Go's trace has more: goroutine states, pcs).
func compareGo(an string, a, g Outcome) []Diff {
	var ds []Diff
	if a.Stdout != g.Stdout {
		ds = append(ds, Diff{an, "go", "stdout", firstDiff(a.Stdout, g.Stdout)})
	}
	if a.Code != g.Code {
		ds = append(ds, Diff{an, "go", "exit status", fmt.Sprintf("%d vs %d; go's stderr:\n%s", a.Code, g.Code, clip(g.Trace))})
	}
	if g.Trace == "" && a.Trace == "" {
		return ds
	}
	al, gl := firstLine(a.Trace), firstLine(g.Trace)
	if al != gl {
		ds = append(ds, Diff{an, "go", "panic", fmt.Sprintf("%q vs %q", al, gl)})
	} else if at, gt := traceLine.FindString(a.Trace), traceLine.FindString(g.Trace); at != gt {
		ds = append(ds, Diff{an, "go", "panic", fmt.Sprintf("innermost frame at %s vs %s", at, gt)})
	}
	return ds
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// firstDiff describes the first differing line of a and b.
func firstDiff(a, b string) string {
	al, bl := strings.SplitAfter(a, "\n"), strings.SplitAfter(b, "\n")
	for i := 0; ; i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y || i >= len(al) && i >= len(bl) {
			return fmt.Sprintf("line %d: %q vs %q (%d vs %d lines)", i+1, clip(x), clip(y), len(al), len(bl))
		}
	}
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}
