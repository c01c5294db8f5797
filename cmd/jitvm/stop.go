package main

// Stopping a run from outside the program: --timeout, --max-heap, and
// SIGINT, SIGTERM, SIGHUP. The VM stops at the program's next call or loop header
// (in every tier), the run's output is flushed, --stats, --report and
// --pprof are still written, and jitvm exits 2 (limits) or 128+signal.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jitvm/jitvm/vm"
)

// signalStop is the cause of a run stopped by a signal.
type signalStop struct{ sig syscall.Signal }

func (s signalStop) Error() string { return "stopped by " + s.sig.String() }

// timeoutStop is the cause of a run stopped by --timeout.
type timeoutStop struct{ after time.Duration }

func (t timeoutStop) Error() string {
	return fmt.Sprintf("timed out after %v (--timeout)", t.after)
}

// watchRun stops m on SIGINT, SIGTERM or SIGHUP (a closed terminal: Go's
// default would kill the process with the program's buffered output), and
// after timeout (if not zero).
// The returned function stops watching.
func watchRun(m *vm.Machine, timeout time.Duration) func() {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	var timer *time.Timer
	var expired <-chan time.Time
	if timeout > 0 {
		timer = time.NewTimer(timeout)
		expired = timer.C
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		select {
		case s := <-sigs:
			m.Interrupt(signalStop{s.(syscall.Signal)})
		case <-expired:
			m.Interrupt(timeoutStop{timeout})
		case <-done:
		}
	}()
	return func() {
		signal.Stop(sigs)
		if timer != nil {
			timer.Stop()
		}
		close(done)
		<-finished
	}
}

// writeStop reports a stopped run on stderr and returns the exit status:
// 128+n for signal n (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP), 2
// for a limit.
func writeStop(w io.Writer, e *vm.StopError) int {
	fmt.Fprintf(w, "jitvm: program stopped: %v\n", e.Cause)
	if len(e.Trace) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "goroutine 1 [running]:")
		for i, f := range e.Trace {
			args := "(...)"
			if i == len(e.Trace)-1 {
				args = "()"
			}
			fmt.Fprintf(w, "%s%s\n\t%s:%d\n", f.Func, args, f.File, f.Line)
		}
	}
	var ss signalStop
	if errors.As(e.Cause, &ss) {
		return 128 + int(ss.sig)
	}
	return exitPanic
}

// sizeRE is a byte size: a number and an optional unit.
var sizeRE = regexp.MustCompile(`^\s*([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]*)\s*$`)

// sizeUnits are the units parseSize accepts, lower-cased.
var sizeUnits = map[string]float64{
	"": 1, "b": 1,
	"kb": 1e3, "mb": 1e6, "gb": 1e9,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30,
}

// parseSize parses a byte size such as 256MB (decimal units KB, MB, GB) or
// 1GiB (binary units KiB, MiB, GiB); "" means no limit.
func parseSize(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	m := sizeRE.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("want a size like 256MB or 1GiB")
	}
	mult, ok := sizeUnits[strings.ToLower(m[2])]
	if !ok {
		return 0, fmt.Errorf("unknown unit %q (want B, KB, MB, GB, KiB, MiB or GiB)", m[2])
	}
	n, _ := strconv.ParseFloat(m[1], 64)
	if n*mult < 1 {
		return 0, fmt.Errorf("must be at least one byte")
	}
	return int64(n * mult), nil
}
