package main

// The adaptive JIT, wired into "jitvm run": --level picks auto (tier up
// from the profiler's samples) or a level forced for every function, and
// the controller's report joins --stats and --report.

import (
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/jitvm/jitvm/jit"
	"github.com/jitvm/jitvm/vm"
	"github.com/jitvm/jitvm/vm/bytecode"
)

// newController makes the JIT controller for a run, or says why the flags
// cannot work together.
func newController(m *vm.Machine, prog *bytecode.Program, fl runFlags, to jit.TierOptions) (*jit.Controller, error) {
	level := fl.level
	if fl.profiler == sourceExact {
		// The exact profile counts bytecodes in the interpreter.
		if level != "auto" && level != "0" {
			return nil, fmt.Errorf("--profiler=exact counts bytecodes in the interpreter: it runs at --level=0, not %s", level)
		}
		level = "0"
	}
	return jit.New(m, prog, jit.Options{Level: level, Period: fl.samplePeriod, Tiers: jit.DefaultTiers(to)})
}

// denyExecErrnos are the values of --deny-exec.
var denyExecErrnos = map[string]unix.Errno{"eacces": unix.EACCES, "eperm": unix.EPERM}

// jitNotice is the one line a run prints when a tier it would have used is
// unavailable on this machine (executable memory denied): which tier is the
// top one instead, and why. A forced level above it runs at that top tier.
func jitNotice(r jit.Report) string {
	if len(r.Unavailable) == 0 || r.Level == "0" || (r.Level != "auto" && fmt.Sprint(r.TopLevel) == r.Level) {
		return ""
	}
	return fmt.Sprintf("jitvm: %s; L%d is the top tier", strings.Join(r.Unavailable, "; "), r.TopLevel)
}

// writeJITStats prints the controller's report for --stats.
func writeJITStats(w io.Writer, r jit.Report) {
	fmt.Fprintf(w, "jit: --level=%s, top level L%d\n", r.Level, r.TopLevel)
	for _, u := range r.Unavailable {
		fmt.Fprintf(w, "  unavailable: %s\n", u)
	}
	if len(r.Events) == 0 {
		fmt.Fprintln(w, "  no tier-ups")
	} else {
		fmt.Fprintf(w, "  %-10s %-10s %-24s %-8s %8s %10s %s\n", "at cpu", "first hot", "function", "tier", "samples", "compile", "notes")
		for _, e := range r.Events {
			at, first := ms(e.AtCPU), ms(e.FirstHot)
			if e.Forced {
				at, first = "before run", "-"
			}
			var notes []string
			if e.OSR > 0 {
				notes = append(notes, fmt.Sprintf("%d loop entries", e.OSR))
			}
			if e.Reason != "" {
				notes = append(notes, "recompiled: "+e.Reason)
			}
			if len(e.Inlined) > 0 {
				notes = append(notes, "inlines "+strings.Join(e.Inlined, ", "))
			}
			fmt.Fprintf(w, "  %-10s %-10s %-24s L%d->L%d %8d %10s %s\n", at, first, e.Func, e.From, e.To, e.Samples, e.Compile.Round(time.Microsecond), strings.Join(notes, "; "))
		}
	}
	for _, n := range r.NotCompiled {
		fmt.Fprintf(w, "  hot, stays at L%d: %s (%d samples): %s\n", n.Level, n.Func, n.Samples, n.Reason)
	}
}

func ms(d time.Duration) string {
	s := fmt.Sprintf("%.1fms", float64(d)/1e6)
	if t, ok := strings.CutSuffix(s, ".0ms"); ok {
		return t + "ms"
	}
	return s
}
