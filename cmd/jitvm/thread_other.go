//go:build !linux

package main

import "os"

// gettid stands in for a thread id where there is none: outside Linux the
// profiler has only the timer source, which does not use it.
func gettid() int { return os.Getpid() }
