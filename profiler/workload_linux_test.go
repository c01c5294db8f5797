package profiler

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// vmThread stands in for the VM: a goroutine locked to one OS thread that
// runs jobs and publishes the function it is "running" into Current, the
// way the interpreter does on every call and return.
type vmThread struct {
	tid  int
	cur  atomic.Int32
	jobs chan func(*vmThread)
	wg   sync.WaitGroup
}

func startVMThread(tb testing.TB) *vmThread {
	tb.Helper()
	th := newVMThread()
	tb.Cleanup(th.close)
	return th
}

func newVMThread() *vmThread {
	jobs := make(chan func(*vmThread))
	th := &vmThread{jobs: jobs}
	th.cur.Store(-1)
	tids := make(chan int)
	th.wg.Add(1)
	go func() {
		defer th.wg.Done()
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		tids <- unix.Gettid()
		for job := range jobs {
			job(th)
		}
	}()
	th.tid = <-tids
	return th
}

// run runs job on the thread and waits for it.
func (th *vmThread) run(job func(*vmThread)) {
	done := make(chan struct{})
	th.jobs <- func(th *vmThread) { job(th); close(done) }
	<-done
}

func (th *vmThread) close() {
	if th.jobs != nil {
		close(th.jobs)
		th.jobs = nil
		th.wg.Wait()
	}
}

func (th *vmThread) target(numFuncs int) Target {
	return Target{Tid: th.tid, Current: &th.cur, NumFuncs: numFuncs}
}

// cpuNow is the calling thread's CPU time.
func cpuNow() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		panic(err)
	}
	return time.Duration(ts.Nano())
}

var sink atomic.Uint64

// spin is the body of every synthetic function: n rounds of register-only
// arithmetic (no memory traffic, so the race detector does not slow it).
//
//go:noinline
func spin(n int) {
	x := uint64(n) | 1
	for i := 0; i < n; i++ {
		x = x*6364136223846793005 + 1442695040888963407
		x ^= x >> 29
	}
	sink.Store(x)
}

var calibrated = sync.OnceValue(func() int {
	// Iterations of spin per millisecond of CPU, measured on a locked
	// thread over a few runs, keeping the fastest.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	const n = 2_000_000
	best := time.Hour
	for range 5 {
		t0 := cpuNow()
		spin(n)
		best = min(best, cpuNow()-t0)
	}
	return max(1, int(float64(n)*float64(time.Millisecond)/float64(best)))
})

// spinCPU spins for about d of CPU time while publishing fn.
func spinCPU(th *vmThread, fn int32, d time.Duration) {
	perMS := calibrated()
	th.cur.Store(fn)
	end := cpuNow() + d
	for cpuNow() < end {
		spin(perMS)
	}
	th.cur.Store(-1)
}

// workload is what the accuracy tests profile. The synthetic one stands in
// for the VM; a VM-backed one will run a bytecode program on the thread and
// report the VM's exact per-function CPU counters through the same shape.
type workload interface {
	name() string
	funcs() []FuncInfo
	want() []float64                  // the shares the program is built to have
	run(th *vmThread) []time.Duration // runs on the VM thread; exact CPU per function
}

// twoFuncs is the synthetic two-function program: the same loop body run
// 1x in function 0 and 3x in function 1, alternating for many rounds, so
// the exact split is 25/75.
type twoFuncs struct {
	total time.Duration // CPU time the whole run should take
}

func (w twoFuncs) name() string    { return "twoFuncs" }
func (w twoFuncs) want() []float64 { return []float64{0.25, 0.75} }
func (w twoFuncs) funcs() []FuncInfo {
	return []FuncInfo{{Name: "light", File: "two.go", Line: 3}, {Name: "heavy", File: "two.go", Line: 9}}
}

func (w twoFuncs) run(th *vmThread) []time.Duration {
	const rounds = 50                                                   // phases of ~12 and ~37ms: long next to the perf attribution delay
	unit := calibrated() * int(w.total/time.Millisecond) / (4 * rounds) // iterations of fn 0 per round
	exact := make([]time.Duration, 2)
	for range rounds {
		t0 := cpuNow()
		th.cur.Store(0)
		spin(unit)
		t1 := cpuNow()
		th.cur.Store(1)
		spin(3 * unit)
		th.cur.Store(-1)
		t2 := cpuNow()
		exact[0] += t1 - t0
		exact[1] += t2 - t1
	}
	return exact
}
