package profiler

import (
	"sync"
	"time"
)

// timerSampler is the source that needs no perf at all: a goroutine wakes
// up every period of wall time, reads how much CPU the VM thread has used
// since the last sample it emitted, and emits one sample per whole period
// of that CPU time, attributed to the function published at that moment.
// An idle or descheduled VM thread accumulates no CPU, so it gets no
// samples.
type timerSampler struct {
	done chan struct{}
	wg   sync.WaitGroup
}

func startTimer(cpu *cpuTracker, acc *accumulator, period time.Duration) (sampler, error) {
	t := &timerSampler{done: make(chan struct{})}
	t.wg.Add(1)
	go t.loop(cpu, acc, period)
	return t, nil
}

func (t *timerSampler) loop(cpu *cpuTracker, acc *accumulator, period time.Duration) {
	defer t.wg.Done()
	tick := time.NewTicker(period)
	defer tick.Stop()
	accounted := cpu.last // CPU time already turned into samples
	for {
		select {
		case <-t.done:
			return
		case <-tick.C:
		}
		if !cpu.update() {
			// The thread exited: nothing more to sample.
			<-t.done
			return
		}
		if owed := cpu.last - accounted; owed >= period {
			n := owed / period
			accounted += n * period
			acc.take(uint64(n))
		}
	}
}

func (t *timerSampler) stop() {
	close(t.done)
	t.wg.Wait()
}

// ThreadCPU returns the CPU time thread tid of this process has used so far
// (on Linux; elsewhere, wall time since the process started). The JIT
// stamps its tier-up events with the VM thread's CPU time through it.
func ThreadCPU(tid int) (time.Duration, error) { return newThreadClock(tid).read() }
