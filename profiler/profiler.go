package profiler

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// Source names, in the order "auto" tries them.
const (
	SourceAuto   = "auto"
	SourcePerf   = "perf" // perf-hw, then perf-sw; never timer
	SourcePerfHW = "perf-hw"
	SourcePerfSW = "perf-sw"
	SourceTimer  = "timer"
	SourceOff    = "off"
)

// DefaultPeriod is the CPU time between samples when Options.Period is zero.
const DefaultPeriod = time.Millisecond

// MinPeriod is the shortest period Start accepts. A shorter one can
// livelock the sampled thread: on this project's 2-core virtual machine a
// cpu-clock period of 10µs made a 40µs program run for up to 14 s (each
// timer interrupt costs about as much CPU as the period, which counts it,
// so the next one is due as the last returns), 15-20µs still slowed
// programs down 5-20x, and 30µs was clean. 50µs leaves a margin for
// loaded or slower machines; it is 20,000 samples a second.
const MinPeriod = 50 * time.Microsecond

// ladders lists, for each source a user can ask for, the sources Start tries
// in order. The first that starts wins; each one that fails leaves a Fallback.
var ladders = map[string][]string{
	SourceAuto:   {SourcePerfHW, SourcePerfSW, SourceTimer, SourceOff},
	SourcePerf:   {SourcePerfHW, SourcePerfSW},
	SourcePerfHW: {SourcePerfHW},
	SourcePerfSW: {SourcePerfSW},
	SourceTimer:  {SourceTimer},
	SourceOff:    {SourceOff},
}

// Target is the thread being profiled and the cell where it publishes the
// function it is running.
type Target struct {
	Tid      int           // OS thread id of the VM thread (unix.Gettid on the locked thread)
	Current  *atomic.Int32 // function index running now, -1 = none
	NumFuncs int           // valid indexes are 0..NumFuncs-1; others count as Unattributed

	// CodeMap, if set, maps instruction addresses in JIT-generated machine
	// code to function indexes. The perf sources then record each sample's
	// instruction pointer (PERF_SAMPLE_IP) and credit a sample whose IP is
	// in JIT code to the function the map names (an inlined callee
	// included), and only the others to Current. The timer source has no
	// IP and always uses Current.
	CodeMap CodeMap
}

// CodeMap maps an instruction address to the function whose generated
// machine code contains it. Lookup is called on the sampler goroutine
// while the program runs, so it must be safe for concurrent use, cheap,
// and must not block.
type CodeMap interface {
	Lookup(ip uint64) (fn int32, ok bool)
}

// Options configures a Session. The zero value means auto source, 1ms period.
type Options struct {
	Source string        // "auto" (default), "perf", "perf-hw", "perf-sw", "timer", "off"
	Period time.Duration // CPU time of the target thread between samples, default 1ms

	// OnSample, if set, is called on the sampler goroutine with the function
	// index of each attributed sample (never for unattributed ones). It must
	// be cheap and must not block: it delays the next sample.
	OnSample func(fn int32)
}

// Fallback records one step down the ladder: the source that could not be
// used, the errno that said so ("" when there was none) and a human reason.
type Fallback struct {
	Source string `json:"source"`
	Errno  string `json:"errno"`
	Reason string `json:"reason"`

	err error // the underlying error, for errors.Is through UnavailableError
}

// Profile is the result of a Session.
type Profile struct {
	Requested string        // the Options.Source asked for, after defaulting
	Source    string        // the source that ran
	Fallbacks []Fallback    // every source tried before Source, and why it was not used
	Period    time.Duration // CPU time one sample stands for
	Start     time.Time     // wall clock when sampling started
	Wall      time.Duration // wall time the session lasted

	Samples      uint64   // all samples, attributed or not
	PerFunc      []uint64 // samples per function index, len == Target.NumFuncs
	Unattributed uint64   // samples taken while Current was -1 or out of range
	Lost         uint64   // samples the kernel dropped (PERF_RECORD_LOST), counted from the ring buffer
	Throttled    uint64   // PERF_RECORD_THROTTLE notices (the kernel slowed sampling down)
	// Late counts perf samples read too long after they were taken (more
	// than two periods, at least 2ms) to be attributed by the published
	// function; they are dropped, not in Samples.
	Late uint64

	ThreadCPU time.Duration // CPU time the VM thread used during the session

	// AttributionDelay is the mean time between the kernel taking a sample
	// and the profiler reading Current for it (perf sources only; 0 when
	// unknown). MaxAttributionDelay is the worst case seen.
	AttributionDelay    time.Duration
	MaxAttributionDelay time.Duration
}

// Rate is the achieved number of samples per second of VM-thread CPU time
// (0 when the thread used no CPU). With a 1ms period the ideal is 1000.
func (p *Profile) Rate() float64 {
	if p.ThreadCPU <= 0 {
		return 0
	}
	return float64(p.Samples) / p.ThreadCPU.Seconds()
}

// ExpectedRate is the sample rate per second of CPU the period asks for.
func (p *Profile) ExpectedRate() float64 {
	if p.Period <= 0 {
		return 0
	}
	return float64(time.Second) / float64(p.Period)
}

// Degraded reports whether auto had to settle for less than perf-sw. Going
// from perf-hw to perf-sw (a VM without a PMU) is expected and not degraded.
func (p *Profile) Degraded() bool {
	return p.Requested == SourceAuto && p.Source != SourcePerfHW && p.Source != SourcePerfSW
}

// DegradeNotice is the one line jitvm prints to stderr when auto degraded
// below perf-sw, naming the reason perf could not be used; "" otherwise.
func (p *Profile) DegradeNotice() string {
	if !p.Degraded() {
		return ""
	}
	// The most telling reason is the last perf source's.
	var why *Fallback
	for i := range p.Fallbacks {
		if p.Fallbacks[i].Source == SourcePerfHW || p.Fallbacks[i].Source == SourcePerfSW {
			why = &p.Fallbacks[i]
		}
	}
	instead := "profiling with timer sampling instead"
	if p.Source == SourceOff {
		instead = "profiling is off"
	}
	if why == nil {
		return "jitvm: perf events unavailable; " + instead
	}
	return "jitvm: " + why.describe() + "; " + instead
}

func (f Fallback) describe() string {
	if f.Errno == "" {
		return f.Reason
	}
	return f.Reason + " (" + f.Errno + ")"
}

// UnavailableError is returned by Start when every source the user asked
// for failed (only possible when a source other than auto or off was
// forced). Its message is the reason of the last one; errors.Is sees the
// errno.
type UnavailableError struct {
	Requested string
	Fallbacks []Fallback
}

func (e *UnavailableError) Error() string {
	f := e.Fallbacks[len(e.Fallbacks)-1]
	return f.Source + ": " + f.describe()
}

func (e *UnavailableError) Unwrap() error { return e.Fallbacks[len(e.Fallbacks)-1].err }

// Session is one profiling run over one Target. It is owned by its
// creator: Stop must be called exactly once from one goroutine (further
// calls return the same Profile).
type Session struct {
	prof *Profile
	acc  *accumulator
	cpu  *cpuTracker
	smp  sampler // nil for "off"

	stopOnce sync.Once
}

// sampler is one running source. stop stops it, joins its goroutines and
// closes its file descriptors; afterwards the accumulator and cpuTracker
// are owned by the caller again.
type sampler interface {
	stop()
}

// Start begins profiling t. It returns an error only when the options are
// invalid, or when a source other than auto or off was forced and could not
// be started (then the error is an *UnavailableError carrying the reason).
func Start(t Target, o Options) (*Session, error) {
	if o.Source == "" {
		o.Source = SourceAuto
	}
	ladder, ok := ladders[o.Source]
	if !ok {
		return nil, fmt.Errorf("profiler: unknown source %q (want auto, perf, perf-hw, perf-sw, timer or off)", o.Source)
	}
	if o.Period == 0 {
		o.Period = DefaultPeriod
	}
	if o.Period < MinPeriod {
		return nil, fmt.Errorf("profiler: period %v is too short (minimum %v)", o.Period, MinPeriod)
	}
	if o.Source != SourceOff && (t.Current == nil || t.Tid <= 0 || t.NumFuncs < 0) {
		return nil, errors.New("profiler: Target needs a Tid, a Current cell and NumFuncs >= 0")
	}
	if o.Source != SourceOff {
		if err := checkThread(t.Tid); err != nil {
			return nil, err
		}
	}

	p := &Profile{Requested: o.Source, Period: o.Period, PerFunc: make([]uint64, max(t.NumFuncs, 0))}
	s := &Session{prof: p, acc: &accumulator{cur: t.Current, perFunc: p.PerFunc, onSample: o.OnSample, codeMap: t.CodeMap}}
	var env *procEnv // read lazily, on the first failure
	for _, src := range ladder {
		if src == SourceOff {
			p.Source = SourceOff
			break
		}
		cpu, err := newCPUTracker(t.Tid)
		var smp sampler
		if err == nil {
			switch src {
			case SourceTimer:
				smp, err = startTimer(cpu, s.acc, o.Period)
			default:
				smp, err = startPerf(src, t.Tid, cpu, s.acc, o.Period)
			}
		}
		if err == nil {
			p.Source, s.smp, s.cpu = src, smp, cpu
			break
		}
		if env == nil {
			e := readProcEnv()
			env = &e
		}
		p.Fallbacks = append(p.Fallbacks, fallbackFor(src, err, *env))
	}
	if p.Source == "" {
		return nil, &UnavailableError{Requested: o.Source, Fallbacks: p.Fallbacks}
	}
	p.Start = time.Now()
	return s, nil
}

// Source is the source the session is sampling with.
func (s *Session) Source() string { return s.prof.Source }

// Stop stops sampling, closes every file descriptor, joins every goroutine
// and returns the profile.
func (s *Session) Stop() *Profile {
	s.stopOnce.Do(func() {
		p := s.prof
		if s.smp != nil {
			s.smp.stop()
		}
		if !p.Start.IsZero() {
			p.Wall = time.Since(p.Start)
		}
		if s.cpu != nil {
			s.cpu.update()
			p.ThreadCPU = s.cpu.elapsed()
		}
		a := s.acc
		p.Samples, p.Unattributed, p.Lost, p.Throttled, p.Late = a.samples, a.unattributed, a.lost, a.throttled, a.late
		if a.delays > 0 {
			p.AttributionDelay = a.delaySum / time.Duration(a.delays)
			p.MaxAttributionDelay = a.delayMax
		}
	})
	return s.prof
}

// accumulator counts samples. Exactly one goroutine (the sampler's) writes
// it while the session runs; Stop reads it after joining that goroutine.
type accumulator struct {
	cur      *atomic.Int32
	perFunc  []uint64
	onSample func(int32)
	codeMap  CodeMap // nil: attribute by Current only

	samples, unattributed, lost, throttled, late uint64

	delaySum, delayMax time.Duration
	delays             uint64
}

// take attributes n samples to the function published right now.
func (a *accumulator) take(n uint64) { a.credit(n, a.cur.Load()) }

// sample attributes one perf sample: to the function whose JIT code
// contains its instruction address ip (hasIP), else to cur, the function
// published when the sample was read, unless the sample is late: read so
// long after it was taken (the reading goroutine waited for a CPU) that
// cur says nothing about it. A late sample is counted, not attributed:
// lateness depends on the machine's load, not on the function running,
// so dropping late samples leaves the shares unbiased, where crediting
// them to whatever runs later would not.
func (a *accumulator) sample(cur int32, ip uint64, hasIP, late bool) {
	if hasIP && a.codeMap != nil {
		if fn, ok := a.codeMap.Lookup(ip); ok {
			a.credit(1, fn)
			return
		}
	}
	if late {
		a.late++
		return
	}
	a.credit(1, cur)
}

func (a *accumulator) credit(n uint64, fn int32) {
	a.samples += n
	if fn < 0 || int(fn) >= len(a.perFunc) {
		a.unattributed += n
		return
	}
	a.perFunc[fn] += n
	if a.onSample != nil {
		for range n {
			a.onSample(fn)
		}
	}
}

func (a *accumulator) delay(d time.Duration) {
	if d < 0 {
		d = 0
	}
	a.delaySum += d
	a.delays++
	a.delayMax = max(a.delayMax, d)
}

// cpuTracker follows the CPU time of one thread. It remembers the last
// value it could read, so that a thread that exits before Stop still has
// its CPU time accounted up to the last reading.
type cpuTracker struct {
	clk         threadClock
	start, last time.Duration
	gone        bool // the thread has exited
}

func newCPUTracker(tid int) (*cpuTracker, error) {
	clk := newThreadClock(tid)
	now, err := clk.read()
	if err != nil {
		return nil, &stageError{stage: "clock", err: err}
	}
	return &cpuTracker{clk: clk, start: now, last: now}, nil
}

// update reads the clock; it returns false once the thread is gone.
func (c *cpuTracker) update() bool {
	if c.gone {
		return false
	}
	now, err := c.clk.read()
	if err != nil {
		c.gone = true
		return false
	}
	c.last = now
	return true
}

func (c *cpuTracker) elapsed() time.Duration { return c.last - c.start }

// stageError is a failure to start a source, with the step that failed.
type stageError struct {
	stage string // "open" (perf_event_open), "mmap" (ring buffer), "clock", ...
	err   error
}

func (e *stageError) Error() string { return e.stage + ": " + e.err.Error() }
func (e *stageError) Unwrap() error { return e.err }

// fallbackFor turns a failure to start src into a Fallback.
func fallbackFor(src string, err error, env procEnv) Fallback {
	f := Fallback{Source: src, err: err}
	var errno unix.Errno
	hasErrno := errors.As(err, &errno)
	if hasErrno {
		f.Errno = unix.ErrnoName(errno)
		if f.Errno == "" {
			f.Errno = fmt.Sprintf("errno %d", int(errno))
		}
	}
	var se *stageError
	stage := "open"
	if errors.As(err, &se) {
		stage = se.stage
	}
	switch {
	case stage == "clock":
		f.Reason = "cannot read the VM thread's CPU clock: " + err.Error()
	case stage == "mmap":
		f.Reason = "cannot map the perf ring buffer (kernel.perf_event_mlock_kb or RLIMIT_MEMLOCK?)"
	case hasErrno:
		f.Reason = explain(src == SourcePerfHW, errno, env)
	default:
		f.Reason = err.Error()
	}
	return f
}
