// Command jitvm-fuzz runs long random differential fuzzing campaigns: it
// generates programs (vm/gen), runs each in-process at every level and in
// every way jitvm can tier up (vm/gen/difftest: L0, L1, L2, a mix, staged
// installation with on-stack replacement, the adaptive controller with the
// perf and timer samplers), compares the runs with one another and, for
// one program in K, with the Go toolchain's binary, and minimizes every
// difference it finds.
//
//	jitvm-fuzz [-n N] [-seed S] [-go-every K] [-parallel P] [-timeout D] [-impure-calls]
//
// With -impure-calls, calls of functions with side effects appear inside
// expressions next to reads of the globals they change (Go leaves that
// order unspecified; gc is the reference): run it with -go-every 1.
//
// Programs run in P child processes (workers), so that a crash or a hang
// of jitvm costs one worker, not the campaign; a difference is minimized
// by running candidates in child processes too, and the smallest program
// is written to -out (testdata/fuzz/found) with a comment saying what
// differs. It prints progress, then a summary, and exits 1 if it found
// any difference.
//
// Reproduce one seed with: jitvm-fuzz -n 1 -seed S -go-every 1 -v; print its
// program with: jitvm-fuzz -print -seed S
package main

import (
	"os"
)

func main() {
	os.Exit(doMain(os.Args[1:], os.Stdout, os.Stderr))
}
