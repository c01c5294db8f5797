package profiler

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// spinMap is a CodeMap that claims the machine code of spin (standing in
// for JIT code) as function 1.
type spinMap struct{}

func (spinMap) Lookup(ip uint64) (int32, bool) {
	if f := runtime.FuncForPC(uintptr(ip)); f != nil && strings.HasSuffix(f.Name(), ".spin") {
		return 1, true
	}
	return 0, false
}

// With a CodeMap, perf samples whose IP is in mapped code go to the
// function the map names, whatever function is published; the rest (here:
// the clock reads between spins) to the published one.
func TestCodeMapAttribution(t *testing.T) {
	perfWorks(t)
	th := startVMThread(t)
	tg := th.target(2)
	tg.CodeMap = spinMap{}
	s, err := Start(tg, Options{Source: SourcePerfSW})
	if err != nil {
		t.Fatal(err)
	}
	th.run(func(th *vmThread) { spinCPU(th, 0, 500*time.Millisecond) })
	p := s.Stop()
	t.Logf("%d samples: %d to the mapped code (fn 1), %d to the published function (fn 0), %d unattributed",
		p.Samples, p.PerFunc[1], p.PerFunc[0], p.Unattributed)
	if p.Samples < 100 {
		t.Fatalf("only %d samples", p.Samples)
	}
	if p.PerFunc[1] < p.Samples*7/10 {
		t.Errorf("mapped code got %d of %d samples, want most", p.PerFunc[1], p.Samples)
	}
}

// The timer source has no IP: it attributes to the published function.
func TestCodeMapIgnoredByTimer(t *testing.T) {
	th := startVMThread(t)
	tg := th.target(2)
	tg.CodeMap = spinMap{}
	s, err := Start(tg, Options{Source: SourceTimer})
	if err != nil {
		t.Fatal(err)
	}
	th.run(func(th *vmThread) { spinCPU(th, 0, 300*time.Millisecond) })
	p := s.Stop()
	if p.PerFunc[1] != 0 || p.PerFunc[0] == 0 {
		t.Errorf("timer samples: fn0 %d, fn1 %d; want all on the published fn 0", p.PerFunc[0], p.PerFunc[1])
	}
}
