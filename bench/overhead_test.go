package bench

import (
	"io"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jitvm/jitvm/profiler"
	"github.com/jitvm/jitvm/vm"
	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// runProfiled runs prog in the interpreter with a profiler session of
// source and returns the VM thread's CPU time for the run.
func runProfiled(b *testing.B, prog *bc.Program, source string) time.Duration {
	var sess *profiler.Session
	var tid int
	var start, cpu time.Duration
	m := vm.New(prog, vm.Options{
		Stdout: io.Discard,
		OnStart: func(t int, cur *atomic.Int32) {
			tid = t
			if source != profiler.SourceOff {
				var err error
				sess, err = profiler.Start(profiler.Target{Tid: t, Current: cur, NumFuncs: len(prog.Funcs)},
					profiler.Options{Source: source})
				if err != nil {
					b.Error(err)
				}
			}
			start, _ = profiler.ThreadCPU(tid)
		},
		OnStop: func() {
			end, _ := profiler.ThreadCPU(tid)
			cpu = end - start
			if sess != nil {
				sess.Stop()
			}
		},
	})
	if err := m.Run(); err != nil {
		b.Fatal(err)
	}
	return cpu
}

// BenchmarkProfilerOverhead measures what sampling at 1 ms costs the VM
// thread: each iteration runs the program with the profiler off, with
// perf-sw and with timer, interleaved, and reports the CPU-time ratios.
//
//	go test ./bench -run '^$' -bench ProfilerOverhead -benchtime 5x
func BenchmarkProfilerOverhead(b *testing.B) {
	for _, name := range []string{"fib", "loop", "nbody"} {
		prog, err := vm.CompileFile("programs/" + name + ".go")
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			var off, perf, timer time.Duration
			for i := 0; i < b.N; i++ {
				off += runProfiled(b, prog, profiler.SourceOff)
				perf += runProfiled(b, prog, profiler.SourcePerfSW)
				timer += runProfiled(b, prog, profiler.SourceTimer)
			}
			b.ReportMetric(float64(off.Nanoseconds())/float64(b.N), "off-cpu-ns/op")
			b.ReportMetric(float64(perf)/float64(off), "perf-sw/off")
			b.ReportMetric(float64(timer)/float64(off), "timer/off")
		})
	}
}
