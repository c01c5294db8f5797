//go:build !linux

package profiler

import (
	"time"

	"golang.org/x/sys/unix"
)

// startPerf: perf events exist only on Linux.
func startPerf(src string, tid int, cpu *cpuTracker, acc *accumulator, period time.Duration) (sampler, error) {
	return nil, &stageError{stage: "open", err: unix.ENOSYS}
}
