//go:build !linux

package profiler

import "time"

// threadClock has no per-thread CPU clock to read outside Linux: it counts
// wall time since the process started, so the timer source samples an idle
// VM thread too. See the package documentation.
type threadClock struct{}

var clockBase = time.Now()

func newThreadClock(tid int) threadClock { return threadClock{} }

func (threadClock) read() (time.Duration, error) { return time.Since(clockBase), nil }

func gettid() int { return 1 }

// burnCPU spins for d of wall time.
func burnCPU(d time.Duration) {
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		busy(10000)
	}
}
