package profiler

import "sync/atomic"

var busySink atomic.Uint64

// busy is register-only work for the probes of Diagnose.
//
//go:noinline
func busy(n int) {
	x := uint64(n) | 1
	for range n {
		x = x*6364136223846793005 + 1442695040888963407
		x ^= x >> 29
	}
	busySink.Store(x)
}
