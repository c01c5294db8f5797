// Command jitvm runs programs written in jitvm's Go subset on a bytecode VM
// with a self-profiling JIT.
//
//	jitvm run prog.go        compile and run
//	jitvm disasm prog.go [F] print the bytecode, with source lines
//	jitvm doctor [--json]    what this machine allows the profiler
//
// Profiling flags of run (profile.go):
//
//	--profiler=auto|perf|perf-sw|perf-hw|timer|off|exact   source (default auto)
//	--sample-period=1ms      VM-thread CPU time between samples
//	--stats                  the profile on stderr after the run
//	--report=FILE.json       the profile as JSON
//	--pprof=FILE             the profile for go tool pprof
//	--deny-perf[=eacces|eperm|enosys]  seccomp-deny perf_event_open first
//
// main is os.Exit(doMain(...)) so that tests can run the CLI in-process.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
)

func main() {
	os.Exit(doMain(os.Args[1:], os.Stdout, os.Stderr))
}

// Exit statuses, as a Go binary's would be: the program's own os.Exit code,
// 2 for a panic, and 1 for anything jitvm itself rejects; 70 (EX_SOFTWARE)
// when jitvm itself fails (a Go panic in jitvm: a bug).
const (
	exitOK       = 0
	exitFailure  = 1
	exitPanic    = 2
	exitInternal = 70
)

// doMain runs the command line args and returns the exit status.
func doMain(args []string, stdout, stderr io.Writer) (status int) {
	defer func() {
		if r := recover(); r != nil {
			status = internalError(stderr, args, r, debug.Stack())
		}
	}()
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	status = exitOK
	root.SetContext(withStatus(root.Context(), &status))
	if err := root.Execute(); err != nil {
		if status == exitOK {
			status = exitFailure
			// Errors of cobra's own (an unknown command) are not printed
			// anywhere else; a command's errors were.
			var pe printedError
			if !errors.As(err, &pe) {
				fmt.Fprintf(stderr, "jitvm: %v\nRun 'jitvm --help' for usage.\n", err)
			}
		}
	}
	return status
}

// printedError is an error whose message is already on stderr.
type printedError struct{ error }

// internalError reports a Go panic inside jitvm (a bug in jitvm, not in the
// program) without a Go stack trace: one line saying so, and the trace in
// a file to attach to a bug report. It returns exitInternal.
func internalError(stderr io.Writer, args []string, r any, stack []byte) int {
	fmt.Fprintf(stderr, "jitvm: internal error: %v\n", r)
	fmt.Fprintln(stderr, "jitvm: this is a bug in jitvm, not in the program.")
	f, err := os.CreateTemp("", "jitvm-crash-*.txt")
	if err == nil {
		fmt.Fprintf(f, "jitvm %s\npanic: %v\n\n%s", strings.Join(args, " "), r, stack)
		if info, ok := debug.ReadBuildInfo(); ok {
			fmt.Fprintf(f, "\n%s", info)
		}
		err = f.Close()
	}
	if err != nil {
		fmt.Fprintf(stderr, "jitvm: could not write the details to a file: %v\n", err)
	} else {
		fmt.Fprintf(stderr, "jitvm: please report it with the program and %s\n", f.Name())
	}
	return exitInternal
}
