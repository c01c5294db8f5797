package profiler

import (
	"context"
	"encoding/binary"
	"errors"
	"os"
	"sync"
	"syscall"
	"time"

	"github.com/elastic/go-perf"
	"golang.org/x/sys/unix"
)

// ringPages is the size of the sample ring buffer in pages (a power of 2).
// Records are 16 bytes and are read as they arrive, so 64 KiB holds
// seconds of backlog while staying far below the kernel's per-user mlock
// allowance for unprivileged users (kernel.perf_event_mlock_kb, 516 KiB),
// so that several sessions can run at once.
const ringPages = 16

// perfAttr is the event configuration for src. Both events sample only the
// target thread's user-space execution (ExcludeKernel is what paranoid 2
// requires of unprivileged users) and wake the reader on every sample.
//
// With withIP each sample also records the instruction pointer, which the
// accumulator looks up in the Target's CodeMap (samples in JIT code).
func perfAttr(src string, period time.Duration, withClock, withIP bool) *perf.Attr {
	a := &perf.Attr{
		SampleFormat: perf.SampleFormat{Time: true, IP: withIP},
		Options: perf.Options{
			Disabled:          true, // enabled once the reader runs
			ExcludeKernel:     true,
			ExcludeHypervisor: true,
		},
	}
	if withClock {
		// Timestamps on CLOCK_MONOTONIC let the reader measure how late
		// it attributes each sample.
		a.Options.UseClockID = true
		a.ClockID = unix.CLOCK_MONOTONIC
	}
	if src == SourcePerfHW {
		perf.CPUCycles.Configure(a)
		// Cycles per period is unknown (frequency scaling, no PMU spec),
		// so let the kernel adapt the period to the wanted frequency.
		a.SetSampleFreq(uint64(max(1, time.Second/period)))
	} else {
		// task-clock counts exactly the thread's CPU time, so one sample
		// per period of it is one sample per period of VM CPU.
		perf.TaskClock.Configure(a)
		a.SetSamplePeriod(uint64(period.Nanoseconds()))
	}
	a.SetWakeupEvents(1)
	return a
}

// openPerf opens src on thread tid and maps its ring buffer. The event is
// disabled; the caller enables it. withClock reports whether samples carry
// CLOCK_MONOTONIC timestamps.
func openPerf(src string, tid int, period time.Duration, withIP bool) (ev *perf.Event, withClock bool, err error) {
	withClock = true
	ev, err = perf.Open(perfAttr(src, period, true, withIP), tid, perf.AnyCPU, nil)
	if errors.Is(err, unix.EINVAL) {
		// Kernels before 4.1 have no use_clockid.
		withClock = false
		ev, err = perf.Open(perfAttr(src, period, false, withIP), tid, perf.AnyCPU, nil)
	}
	if err != nil {
		return nil, false, &stageError{stage: "open", err: err}
	}
	if err := ev.MapRingNumPages(ringPages); err != nil {
		ev.Close()
		return nil, false, &stageError{stage: "mmap", err: err}
	}
	return ev, withClock, nil
}

// perfSampler reads the ring buffer of one perf event in a goroutine and
// attributes each sample record to the function published when it reads
// the record.
//
// The reader waits for records in Go's netpoller (the event's fd, dup'ed
// into an *os.File) rather than in a blocking ppoll(2), go-perf's
// ReadRawRecord included. A goroutine blocked in a system call keeps the
// runtime's sysmon thread polling every 20µs to take its P away, and with
// a wakeup per sample those extra threads kept preempting the VM thread
// (3 to 16 involuntary context switches of the VM thread per sample, and
// 5 to 20% of its CPU time, on a 2-CPU VM). Through the netpoller a sample
// costs one thread wakeup. Records are decoded with go-perf's non-blocking
// fast path.
type perfSampler struct {
	ev        *perf.Event
	file      *os.File // a dup of the event's fd, registered with the netpoller
	withClock bool
	withIP    bool // sample records start with the IP (Target.CodeMap is set)
	acc       *accumulator
	cpu       *cpuTracker
	lateAfter time.Duration // see lateAfter
	wg        sync.WaitGroup
	drained   context.Context // already cancelled: makes ReadRawRecord non-blocking
}

// lateAfter is how long after it was taken a sample may be read and still
// be attributed by the published function: two periods, and at least 2ms.
// On a quiet machine the reader wakes within tens of microseconds; under
// load (a test machine at load 11 on 2 cores) it waited 70ms on average,
// and crediting those samples to the function running then moved a 25%
// share to 41%.
func lateAfter(period time.Duration) time.Duration { return max(2*time.Millisecond, 2*period) }

func startPerf(src string, tid int, cpu *cpuTracker, acc *accumulator, period time.Duration) (sampler, error) {
	withIP := acc.codeMap != nil
	ev, withClock, err := openPerf(src, tid, period, withIP)
	if err != nil {
		return nil, err
	}
	perffd, err := ev.FD()
	if err == nil {
		// The event fd is non-blocking (go-perf sets it), so os.NewFile
		// registers the dup with the netpoller.
		perffd, err = unix.FcntlInt(uintptr(perffd), unix.F_DUPFD_CLOEXEC, 0)
	}
	if err != nil {
		ev.Close()
		return nil, &stageError{stage: "dup", err: err}
	}
	drained, cancel := context.WithCancel(context.Background())
	cancel()
	s := &perfSampler{ev: ev, file: os.NewFile(uintptr(perffd), "perf_event"),
		withClock: withClock, withIP: withIP, acc: acc, cpu: cpu, drained: drained,
		lateAfter: lateAfter(period)}
	// Only a file the netpoller took supports deadlines: check, or the
	// reader would return at once and attribute every sample at Stop.
	if err := s.file.SetReadDeadline(time.Time{}); err != nil {
		s.close()
		return nil, &stageError{stage: "netpoll", err: err}
	}
	rc, err := s.file.SyscallConn()
	if err == nil {
		err = ev.Enable()
	}
	if err != nil {
		s.close()
		return nil, &stageError{stage: "enable", err: err}
	}
	s.wg.Add(1)
	go s.loop(rc)
	return s, nil
}

func (s *perfSampler) loop(rc syscall.RawConn) {
	defer s.wg.Done()
	// Read calls the function, and each time it returns false waits until
	// the fd is readable again; it returns when stop closes the file.
	rc.Read(func(uintptr) bool {
		s.drain()
		s.cpu.update() // once per batch: keeps ThreadCPU if the thread exits
		return false
	})
}

// drain handles every record in the ring buffer.
func (s *perfSampler) drain() {
	var raw perf.RawRecord
	for s.ev.HasRecord() && s.ev.ReadRawRecord(s.drained, &raw) == nil {
		s.handle(&raw)
	}
}

func (s *perfSampler) handle(raw *perf.RawRecord) {
	switch raw.Header.Type {
	case perf.RecordTypeSample:
		// Read Current first: the closer to the sample, the better.
		cur := s.acc.cur.Load()
		// The record holds the fields of SampleFormat in the kernel's
		// order: ip (with withIP), then time.
		data := raw.Data
		var ip uint64
		hasIP := s.withIP && len(data) >= 8
		if hasIP {
			ip = binary.LittleEndian.Uint64(data)
			data = data[8:]
		}
		late := false
		if s.withClock && len(data) >= 8 {
			d := monotonicNow() - time.Duration(binary.LittleEndian.Uint64(data))
			s.acc.delay(d)
			late = d > s.lateAfter
		}
		s.acc.sample(cur, ip, hasIP, late)
	case perf.RecordTypeLost:
		// struct { u64 id; u64 lost; }
		if len(raw.Data) >= 16 {
			s.acc.lost += binary.LittleEndian.Uint64(raw.Data[8:])
		}
	case perf.RecordTypeThrottle:
		s.acc.throttled++
	}
}

func (s *perfSampler) stop() {
	s.ev.Disable()
	s.file.Close() // wakes the reader
	s.wg.Wait()
	s.drain() // the records written before Disable
	s.ev.Close()
}

func (s *perfSampler) close() {
	s.file.Close()
	s.ev.Close()
}
