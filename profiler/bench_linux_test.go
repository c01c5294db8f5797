package profiler

import (
	"testing"
	"time"
)

// BenchmarkOverhead measures what sampling costs the VM thread: each op is
// about 1ms of CPU made of 1000 "calls" of ~1µs, each publishing the
// function index, run on a locked thread while a session samples it every
// 1ms. Compare ns/op (wall) and cpu-ns/op (the VM thread's CPU time, which
// includes the kernel's sampling interrupts) between the sub-benchmarks:
//
//	go test -run '^$' -bench Overhead -count 5 ./profiler
func BenchmarkOverhead(b *testing.B) {
	for _, src := range []string{SourceOff, SourceTimer, SourcePerfSW} {
		b.Run(src, func(b *testing.B) {
			th := startVMThread(b)
			perCall := max(1, calibrated()/1000)
			s, err := Start(th.target(2), Options{Source: src, Period: time.Millisecond})
			if err != nil {
				b.Skipf("%s: %v", src, err)
			}
			var cpu time.Duration
			b.ResetTimer()
			th.run(func(th *vmThread) {
				t0 := cpuNow()
				for range b.N {
					for j := range 1000 {
						th.cur.Store(int32(j & 1))
						spin(perCall)
					}
				}
				cpu = cpuNow() - t0
			})
			b.StopTimer()
			p := s.Stop()
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
			if p.ThreadCPU > 0 {
				b.ReportMetric(p.Rate(), "samples/cpu-s")
			}
		})
	}
}
