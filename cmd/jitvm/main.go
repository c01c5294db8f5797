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
	"io"
	"os"
)

func main() {
	os.Exit(doMain(os.Args[1:], os.Stdout, os.Stderr))
}

// Exit statuses, as a Go binary's would be: the program's own os.Exit code,
// 2 for a panic, and 1 for anything jitvm itself rejects.
const (
	exitOK      = 0
	exitFailure = 1
	exitPanic   = 2
)

// doMain runs the command line args and returns the exit status.
func doMain(args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	status := exitOK
	root.SetContext(withStatus(root.Context(), &status))
	if err := root.Execute(); err != nil {
		if status == exitOK {
			status = exitFailure
		}
	}
	return status
}
