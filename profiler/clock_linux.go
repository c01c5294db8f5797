package profiler

import (
	"time"

	"golang.org/x/sys/unix"
)

// threadClock reads one thread's CPU clock. Linux encodes a thread's clock
// as the clockid (^tid << 3) | CPUCLOCK_PERTHREAD_MASK | CPUCLOCK_SCHED
// (include/linux/posix-timers.h); clock_gettime accepts it from any thread
// of the same process, with no signal and no perf event. The value is the
// scheduler's exact runtime of the thread, user plus kernel.
type threadClock struct{ id int32 }

const (
	cpuclockPerThread = 4
	cpuclockSched     = 2
)

func newThreadClock(tid int) threadClock {
	return threadClock{id: ^int32(tid)<<3 | cpuclockPerThread | cpuclockSched}
}

// read returns the thread's CPU time so far; it fails (EINVAL) once the
// thread has exited.
func (c threadClock) read() (time.Duration, error) {
	var ts unix.Timespec
	if err := unix.ClockGettime(c.id, &ts); err != nil {
		return 0, err
	}
	return time.Duration(ts.Nano()), nil
}

// monotonicNow is CLOCK_MONOTONIC, the clock perf timestamps samples with
// when asked (Attr.ClockID).
func monotonicNow() time.Duration {
	var ts unix.Timespec
	_ = unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts)
	return time.Duration(ts.Nano())
}

func gettid() int { return unix.Gettid() }

// burnCPU spins the calling thread for d of its CPU time.
func burnCPU(d time.Duration) {
	now := func() time.Duration {
		var ts unix.Timespec
		_ = unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts)
		return time.Duration(ts.Nano())
	}
	end := now() + d
	for now() < end {
		busy(10000)
	}
}
