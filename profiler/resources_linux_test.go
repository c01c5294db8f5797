package profiler

import (
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func openFDs(t *testing.T) int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(ents)
}

// settle waits up to a second for f to report true.
func settle(f func() bool) bool {
	for range 100 {
		if f() {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return f()
}

// TestManySessions starts and stops many sessions of every source against
// a busy thread, some back to back and some overlapping, and checks that
// every file descriptor is closed and every goroutine joined.
func TestManySessions(t *testing.T) {
	th := startVMThread(t)
	var stopSpin atomic.Bool
	var spinning sync.WaitGroup
	spinning.Add(1)
	go func() {
		defer spinning.Done()
		th.run(func(th *vmThread) {
			th.cur.Store(0)
			for !stopSpin.Load() {
				spin(calibrated())
			}
			th.cur.Store(-1)
		})
	}()
	defer func() { stopSpin.Store(true); spinning.Wait() }()

	// Warm up whatever the runtime and go-perf create once.
	s, _ := Start(th.target(1), Options{})
	time.Sleep(5 * time.Millisecond)
	s.Stop()
	runtime.GC()
	baseFD, baseG := openFDs(t), runtime.NumGoroutine()

	var total uint64
	for i := range 40 {
		var sessions []*Session
		for _, src := range []string{SourceAuto, SourcePerfSW, SourceTimer, SourceOff} {
			if src == SourcePerfSW && i%2 == 1 {
				src = SourcePerf
			}
			s, err := Start(th.target(1), Options{Source: src, Period: 200 * time.Microsecond})
			if err != nil {
				if _, ok := err.(*UnavailableError); ok {
					continue // no perf on this machine
				}
				t.Fatal(err)
			}
			sessions = append(sessions, s)
		}
		time.Sleep(3 * time.Millisecond)
		for _, s := range sessions {
			total += s.Stop().Samples
		}
	}
	if total == 0 {
		t.Error("no samples at all")
	}
	fdOK := settle(func() bool { return openFDs(t) <= baseFD })
	gOK := settle(func() bool { return runtime.NumGoroutine() <= baseG })
	t.Logf("fds %d (baseline %d), goroutines %d (baseline %d), %d samples in all",
		openFDs(t), baseFD, runtime.NumGoroutine(), baseG, total)
	if !fdOK {
		t.Errorf("file descriptors leaked: %d open, baseline %d", openFDs(t), baseFD)
	}
	if !gOK {
		buf := make([]byte, 1<<16)
		t.Errorf("goroutines leaked: %d, baseline %d\n%s", runtime.NumGoroutine(), baseG, buf[:runtime.Stack(buf, true)])
	}
}

// TestOnSample checks the JIT's hook: called on the sampler goroutine for
// each attributed sample, with the function index, and never for
// unattributed ones.
func TestOnSample(t *testing.T) {
	for _, src := range []string{SourceTimer, SourcePerfSW} {
		t.Run(src, func(t *testing.T) {
			if src == SourcePerfSW {
				perfWorks(t)
			}
			th := startVMThread(t)
			var calls [3]atomic.Uint64 // fn 0, fn 1, anything else
			on := func(fn int32) {
				if fn == 0 || fn == 1 {
					calls[fn].Add(1)
				} else {
					calls[2].Add(1)
				}
			}
			s, err := Start(th.target(2), Options{Source: src, OnSample: on})
			if err != nil {
				t.Fatal(err)
			}
			th.run(func(th *vmThread) {
				spinCPU(th, 1, 150*time.Millisecond)
				spinCPU(th, 7, 50*time.Millisecond) // out of range: unattributed
			})
			p := s.Stop()
			t.Logf("%s: PerFunc %v, unattributed %d, OnSample calls %d %d %d",
				src, p.PerFunc, p.Unattributed, calls[0].Load(), calls[1].Load(), calls[2].Load())
			if calls[0].Load() != p.PerFunc[0] || calls[1].Load() != p.PerFunc[1] || calls[2].Load() != 0 {
				t.Errorf("OnSample calls do not match PerFunc")
			}
			if p.PerFunc[1] < 100 || p.Unattributed < 30 {
				t.Errorf("PerFunc %v unattributed %d: want ~150 for fn 1 and ~50 unattributed", p.PerFunc, p.Unattributed)
			}
		})
	}
}
