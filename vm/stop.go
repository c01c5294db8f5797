package vm

import (
	"fmt"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
)

// StopError is how a run ends when it was stopped from outside the program
// (Interrupt: a timeout, a signal) or by a resource limit: Cause says why,
// and Trace says where the program was.
type StopError struct {
	Cause error
	Trace []TraceFrame
}

func (e *StopError) Error() string { return e.Cause.Error() }
func (e *StopError) Unwrap() error { return e.Cause }

// Interrupt stops the running program at its next call or loop header, in
// every tier, with cause (Run returns a *StopError wrapping it). It is safe
// to call from any goroutine, any number of times; the first cause wins.
func (m *Machine) Interrupt(cause error) {
	m.stopCause.CompareAndSwap(nil, &cause)
	for i := range m.state {
		m.state[i].Or(stateStop)
	}
}

// Stopping reports whether Interrupt was called. Compiled code checks it at
// loop headers (or calls Poll).
func (m *Machine) Stopping() bool { return m.stopCause.Load() != nil }

// Poll stops the program if it was interrupted; pc is the instruction of
// the function on top of the frame stack being executed. Compiled code
// calls it at loop headers.
func (m *Machine) Poll(pc int) {
	if m.stopCause.Load() != nil {
		m.stopNow(pc)
	}
}

// stopNow ends the run with the interrupt's cause.
func (m *Machine) stopNow(pc int) {
	cause := m.stopCause.Load()
	if cause == nil {
		return
	}
	panic(unwind{&StopError{Cause: *cause, Trace: m.trace(pc + 1)}})
}

// HeapLimitError is the cause of a StopError when the program's heap grew
// past Options.MaxHeap.
type HeapLimitError struct{ Limit, Live int64 }

func (e *HeapLimitError) Error() string {
	return fmt.Sprintf("out of memory: the program's heap (%d bytes live) exceeds the limit of %d bytes (--max-heap)", e.Live, e.Limit)
}

// AllocError is the cause of a StopError when, without Options.MaxHeap,
// one allocation is larger than the machine's memory and swap. Go's
// runtime would die trying (fatal error: out of memory, and a Go stack
// trace); the run stops before the allocation instead.
type AllocError struct{ Bytes, Memory int64 }

func (e *AllocError) Error() string {
	return fmt.Sprintf("out of memory: cannot allocate %d bytes, more than this machine's memory and swap (%d bytes)", e.Bytes, e.Memory)
}

// heapMeter enforces Options.MaxHeap. Slice allocations are counted; every
// time they add up to an eighth of the limit, the live heap is read from
// the runtime (runtime/metrics, no stop-the-world) and, when live plus new
// allocation is over the limit, a GC confirms it before the run stops.
type heapMeter struct {
	limit int64
	since atomic.Int64 // bytes allocated since the last measurement
}

// alloc records an allocation of n bytes and reports a *HeapLimitError
// when the heap is over the limit.
func (h *heapMeter) alloc(n int64) error {
	if h.limit <= 0 {
		if n > 1<<30 {
			if mem := machineMemory(); mem > 0 && n > mem {
				return &AllocError{Bytes: n, Memory: mem}
			}
		}
		return nil
	}
	if h.since.Add(n) < h.limit/8 && n < h.limit/8 {
		return nil
	}
	s := h.since.Swap(0)
	live := readLive()
	if live+s <= h.limit {
		return nil
	}
	runtime.GC()
	if live = readLive(); live+n > h.limit {
		return &HeapLimitError{Limit: h.limit, Live: live + n}
	}
	return nil
}

func readLive() int64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}

// account charges an allocation of n bytes to the heap limit, stopping the
// run when it is exceeded; pc is the allocating instruction.
func (m *Machine) account(n int64, pc int) {
	if err := m.heap.alloc(n); err != nil {
		panic(unwind{&StopError{Cause: err, Trace: m.trace(pc + 1)}})
	}
}
