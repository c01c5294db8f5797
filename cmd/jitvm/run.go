package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/jitvm/jitvm/jit"
	"github.com/jitvm/jitvm/jit/l2"
	"github.com/jitvm/jitvm/profiler"
	"github.com/jitvm/jitvm/profiler/lockdown"
	"github.com/jitvm/jitvm/vm"
	"github.com/jitvm/jitvm/vm/bytecode"
)

type vmProgram = bytecode.Program

type runFlags struct {
	maxStack     int
	profiler     string        // --profiler: a profiler source, or exact
	samplePeriod time.Duration // --sample-period
	denyPerf     string        // --deny-perf: "" or a key of denyPerfErrnos
	stats        bool          // --stats
	report       string        // --report=FILE.json
	pprof        string        // --pprof=FILE
	level        string        // --level: auto or a forced level
	denyExec     string        // --deny-exec: "" or eacces/eperm
	perfMap      bool          // --perf-map
	maxHeap      string        // --max-heap=SIZE
	timeout      time.Duration // --timeout
}

func newRunCmd(stdout, stderr io.Writer) *cobra.Command {
	var fl runFlags
	cmd := &cobra.Command{
		Use:   "run [flags] FILE.go",
		Short: "Compile a program and run it",
		Args:  cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkProfilerFlags(fl); err != nil {
				setStatus(cmd, exitFailure)
				return argError(stderr, cmd, "%v", err)
			}
			if len(args) != 1 {
				setStatus(cmd, exitFailure)
				return argError(stderr, cmd, "want exactly one FILE.go, got %d arguments", len(args))
			}
			if fl.maxStack < 1 {
				setStatus(cmd, exitFailure)
				return argError(stderr, cmd, "--max-stack=%d: must be at least 1 frame", fl.maxStack)
			}
			status := runProgram(args[0], fl, stdout, stderr)
			setStatus(cmd, status)
			if status != exitOK {
				return errors.New("failed")
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&fl.maxStack, "max-stack", vm.DefaultMaxFrames, "stop with a stack overflow beyond this call depth (frames)")
	f.StringVar(&fl.profiler, "profiler", profiler.SourceAuto,
		"how to profile: auto (perf-hw, perf-sw, timer, off: the first that works), perf (perf-hw or perf-sw), perf-hw, perf-sw, timer, off, or exact (count bytecodes, no sampling)")
	f.DurationVar(&fl.samplePeriod, "sample-period", profiler.DefaultPeriod, "VM-thread CPU time between samples")
	f.StringVar(&fl.denyPerf, "deny-perf", "",
		"before running, install a seccomp filter that makes perf_event_open fail with this errno: eacces, eperm or enosys (as a locked-down kernel or container would)")
	f.Lookup("deny-perf").NoOptDefVal = "eacces"
	f.StringVar(&fl.denyExec, "deny-exec", "",
		"before running, install a seccomp filter that makes executable mappings fail with this errno: eacces or eperm (as SELinux execmem denial or PaX MPROTECT would); L1 is then the top tier")
	f.Lookup("deny-exec").NoOptDefVal = "eacces"
	f.BoolVar(&fl.stats, "stats", false, "after the run, print the profile on stderr")
	f.StringVar(&fl.report, "report", "", "after the run, write the profile as JSON to `FILE.json`")
	f.StringVar(&fl.pprof, "pprof", "", "after the run, write the profile for go tool pprof to `FILE`")
	f.BoolVar(&fl.perfMap, "perf-map", false, "write /tmp/perf-PID.map, so that Linux perf record/report names JIT-compiled (L2) functions")
	f.StringVar(&fl.maxHeap, "max-heap", "", "stop the program when its heap exceeds `SIZE` bytes (e.g. 256MB, 1GiB)")
	f.DurationVar(&fl.timeout, "timeout", 0, "stop the program after this much wall time (e.g. 1s, 2m)")
	f.StringVar(&fl.level, "level", "auto", "auto: start in the interpreter and compile hot code from the profile; 0, 1 or 2: run every function at that level")
	return cmd
}

func runProgram(path string, fl runFlags, stdout, stderr io.Writer) int {
	prog, ok := compile(path, stderr)
	if !ok {
		return exitFailure
	}
	report := outputFile{flag: "--report", path: fl.report}
	pprof := outputFile{flag: "--pprof", path: fl.pprof}
	if err := checkOutputs(path, report, pprof); err != nil {
		fmt.Fprintf(stderr, "jitvm run: %v\n", err)
		return exitFailure
	}
	if fl.denyPerf != "" {
		if err := lockdown.DenyPerf(denyPerfErrnos[strings.ToLower(fl.denyPerf)]); err != nil {
			fmt.Fprintf(stderr, "jitvm run: --deny-perf: %v\n", err)
			return exitFailure
		}
	}
	if fl.denyExec != "" {
		errno, ok := denyExecErrnos[strings.ToLower(fl.denyExec)]
		if !ok {
			fmt.Fprintf(stderr, "jitvm run: --deny-exec=%s: unknown errno (want eacces or eperm)\n", fl.denyExec)
			return exitFailure
		}
		if err := lockdown.DenyExec(errno); err != nil {
			fmt.Fprintf(stderr, "jitvm run: --deny-exec: %v\n", err)
			return exitFailure
		}
	}
	if forced(fl.profiler) {
		if err := preflight(fl.profiler, fl.samplePeriod); err != nil {
			fmt.Fprintf(stderr, "jitvm run: %s\n", forcedError(fl.profiler, err))
			return exitFailure
		}
	}

	maxHeap, err := parseSize(fl.maxHeap)
	if err != nil {
		fmt.Fprintf(stderr, "jitvm run: --max-heap=%s: %v\n", fl.maxHeap, err)
		return exitFailure
	}
	if fl.timeout < 0 {
		fmt.Fprintf(stderr, "jitvm run: --timeout=%v: must not be negative\n", fl.timeout)
		return exitFailure
	}
	rp := newRunProfiler(prog, fl.profiler, fl.samplePeriod)
	var ctl *jit.Controller
	var m *vm.Machine
	m = vm.New(prog, vm.Options{
		Stdout:    stdout,
		MaxFrames: fl.maxStack,
		MaxHeap:   maxHeap,
		CountOps:  fl.profiler == sourceExact,
		OnStart: func(tid int, current *atomic.Int32) {
			ctl.Start(tid)
			rp.onSample = ctl.OnSample
			rp.onStart(tid, current)
		},
		OnStop: rp.onStop,
	})
	var tiers jit.TierOptions
	if fl.perfMap {
		pm, err := l2.OpenPerfMap("")
		if err != nil {
			fmt.Fprintf(stderr, "jitvm run: --perf-map: %v\n", err)
			return exitFailure
		}
		defer pm.Close()
		tiers.PerfMap = pm
	}
	rp.codeMap = l2.NewCodeMap(prog)
	ctl, err = newController(m, prog, fl, tiers)
	if err != nil {
		fmt.Fprintf(stderr, "jitvm run: %v\n", err)
		return exitFailure
	}
	stopWatch := watchRun(m, fl.timeout)
	err = m.Run()
	stopWatch()
	rp.counts = m.Counts()
	jitReport := ctl.Stop()

	var rerr *vm.RuntimeError
	var eerr *vm.ExitError
	var serr *vm.StopError
	status := exitOK
	switch {
	case err == nil:
	case errors.As(err, &eerr):
		status = eerr.Code
	case errors.As(err, &serr):
		status = writeStop(stderr, serr)
	case errors.As(err, &rerr):
		rerr.WriteTrace(stderr)
		status = exitPanic
	default:
		fmt.Fprintf(stderr, "jitvm: %v\n", err)
		status = exitFailure
	}

	if err := rp.failure(); err != nil {
		fmt.Fprintf(stderr, "jitvm run: %s\n", forcedError(fl.profiler, err))
		status = max(status, exitFailure)
	}
	if n := rp.notice(); n != "" {
		fmt.Fprintln(stderr, n)
	}
	if n := jitNotice(jitReport); n != "" {
		fmt.Fprintln(stderr, n)
	}
	if fl.stats {
		rp.writeStats(stderr)
		writeJITStats(stderr, jitReport)
	}
	failed := false
	if report.path != "" {
		abs, _ := filepath.Abs(path)
		sec, fns := rp.report()
		r := runReport{Program: abs, ExitStatus: status, Profiler: sec, Functions: fns, JIT: &jitReport}
		if rerr != nil {
			r.Panic = rerr.Error()
		}
		err := report.write(func(w io.Writer) error {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(r)
		})
		if err != nil {
			fmt.Fprintf(stderr, "jitvm run: --report: %v\n", err)
			failed = true
		}
	}
	if pprof.path != "" {
		if err := pprof.write(rp.writePprof); err != nil {
			fmt.Fprintf(stderr, "jitvm run: --pprof: %v\n", err)
			failed = true
		}
	}
	if failed && status == exitOK {
		status = exitFailure
	}
	return status
}
