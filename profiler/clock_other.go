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
