//go:build !linux

package jit

import "time"

// threadCPU is not available here: compiles are timed by the wall clock.
func threadCPU() (time.Duration, bool) { return 0, false }
