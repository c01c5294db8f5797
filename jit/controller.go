package jit

import (
	"fmt"
	"runtime"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/jitvm/jitvm/profiler"
	"github.com/jitvm/jitvm/vm"
	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// Tier is a compiler the controller can use.
type Tier struct {
	Level int
	Name  string
	// Compile compiles function fn; an error is the reason it cannot.
	Compile func(prog *bc.Program, fn int, h Hints) (vm.Code, error)
	Model   Model
	// Estimate, if set, is the tier's speed for one function where it
	// knows better than Model.Speedup: speedup 0 means Model's; why says,
	// for the report, why a function whose speedup is not above the
	// interpreter's (1) stays below this tier when it is the top one.
	Estimate func(prog *bc.Program, fn int) (speedup float64, why string)
	// Unavailable, when not empty, says why this tier cannot be used on
	// this machine (e.g. executable memory denied): the controller stops
	// below it.
	Unavailable string
}

// Hints are what the controller tells a compiler from the profile.
type Hints struct {
	// Inline reports whether callee is a small hot function worth inlining.
	Inline func(callee int) bool
}

// Options configure a controller.
type Options struct {
	// Level is "auto" (start at L0 and tier up from samples) or a number
	// that forces that level for every function from the start.
	Level string
	// Period is the profiler's sampling period: one sample stands for this
	// much CPU time.
	Period time.Duration
	// Tiers are the compilers available, by level (1, 2).
	Tiers []Tier
	// MinSamples is how many samples a function needs at its level before
	// the policy considers compiling it (0: DefaultMinSamples).
	MinSamples int
}

// DefaultMinSamples is Options.MinSamples' default. A single sample is
// often a stray: in the measured runs a cold main (matmul, fannkuch,
// sieve) or spectralnorm's mulAtAv took one sample in some runs of either
// profiler and was compiled in those runs only, so the set of compiled
// functions differed between runs and between perf and the timer. A
// function that is hot gets its second sample one period later, so
// waiting for it delays its first tier-up by about 1 ms.
const DefaultMinSamples = 2

// Event is one tier-up.
type Event struct {
	Func     string        `json:"func"`
	From     int           `json:"from"`
	To       int           `json:"to"`
	AtCPU    time.Duration `json:"at_cpu_ns"`    // VM thread CPU time when the code was installed
	FirstHot time.Duration `json:"first_hot_ns"` // VM thread CPU time of the function's first sample
	Samples  uint64        `json:"samples"`      // samples at the old level that triggered it
	Compile  time.Duration `json:"compile_ns"`   // time spent compiling
	Forced   bool          `json:"forced"`       // --level=N, before the run
	OSR      int           `json:"osr_entries"`  // running frames moved to the new code at loop headers
	// Reason is set on a recompilation at the same level: why the function
	// was compiled again (a callee it calls became inlinable).
	Reason string `json:"reason,omitempty"`
	// Inlined names the callees the new code inlined, once each. Their
	// time is then sampled as this function's at L1, whose closures have
	// no code map (L2's perf samples still name them).
	Inlined []string `json:"inlined,omitempty"`
}

// inliner is a tier's code that reports the callees it inlined, one per
// call (l1.Code, l2.Code).
type inliner interface{ Inlined() []int }

// inlined returns the callees code inlined, one per call.
func inlined(code vm.Code) []int {
	if ic, ok := code.(inliner); ok {
		return ic.Inlined()
	}
	return nil
}

// inlinedBy returns the names of the callees code inlined, once each, in
// the order of their first call.
func (c *Controller) inlinedBy(code vm.Code) []string {
	var names []string
	for _, fn := range inlined(code) {
		if name := c.prog.Funcs[fn].Name; !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	return names
}

// NotCompiled is a function that was hot but is not at the top level.
type NotCompiled struct {
	Func    string `json:"func"`
	Level   int    `json:"level"`
	Samples uint64 `json:"samples"`
	Reason  string `json:"reason"`
}

// Report is the JIT's story of a run.
type Report struct {
	Level       string        `json:"level"`
	TopLevel    int           `json:"top_level"`
	Unavailable []string      `json:"unavailable,omitempty"`
	Events      []Event       `json:"tier_ups"`
	NotCompiled []NotCompiled `json:"hot_not_compiled"`
}

// funcState is the controller's record of one function.
type funcState struct {
	level    int    // installed level
	pending  int    // level being compiled, or 0
	samples  uint64 // samples since it reached its level
	total    uint64
	firstHot time.Duration
	failed   map[int]string // level -> why it could not compile there
	event    []int          // indices into events
	// refused are the callees its installed code calls although the
	// compiler would have inlined them had they been sampled (see
	// recompileFor); recompiled says it was compiled again for one.
	refused    []int
	recompiled bool
	// The tiers' estimates for it (Tier.Estimate) by level, made at its
	// first decision (estimated).
	estimated bool
	estimates map[int]estimate
}

// estimate is a tier's speedup for one function, and why it would not
// help when that is not above 1.
type estimate struct {
	speedup float64
	why     string
}

// Controller decides, from the profiler's samples, which functions to
// recompile and at which level, compiles them on a background goroutine,
// and installs the code in the machine. See the package documentation for
// the policy.
type Controller struct {
	m      *vm.Machine
	prog   *bc.Program
	opts   Options
	models []Model
	given  []Model // the models as configured: learning stays near them
	tiers  map[int]Tier
	max    int // highest level the controller may use
	forced int // -1 for auto
	tid    int

	mu          sync.Mutex
	funcs       []funcState
	events      []Event
	unavailable []string

	work chan request
	done chan struct{}
}

type request struct {
	fn, level int
	samples   uint64
	reason    string // a recompilation: why (Event.Reason)
}

// New makes a controller for machine m running prog. With a forced level it
// compiles every function at that level now (a function a tier cannot
// compile drops to the next level down, and the report says why).
func New(m *vm.Machine, prog *bc.Program, opts Options) (*Controller, error) {
	c := &Controller{m: m, prog: prog, opts: opts, tiers: map[int]Tier{}, forced: -1}
	if c.opts.Period <= 0 {
		c.opts.Period = profiler.DefaultPeriod
	}
	if c.opts.MinSamples <= 0 {
		c.opts.MinSamples = DefaultMinSamples
	}
	c.models = []Model{{Speedup: 1}}
	for _, t := range opts.Tiers {
		for len(c.models) <= t.Level {
			c.models = append(c.models, Model{})
		}
		if t.Unavailable != "" {
			c.unavailable = append(c.unavailable, fmt.Sprintf("L%d (%s): %s", t.Level, t.Name, t.Unavailable))
			continue
		}
		c.tiers[t.Level] = t
		c.models[t.Level] = t.Model
		c.max = max(c.max, t.Level)
	}
	c.given = slices.Clone(c.models)
	c.funcs = make([]funcState, len(prog.Funcs))
	switch opts.Level {
	case "", "auto":
	default:
		var n int
		if _, err := fmt.Sscanf(opts.Level, "%d", &n); err != nil || n < 0 || fmt.Sprint(n) != opts.Level {
			return nil, fmt.Errorf("--level=%s: want auto, 0, 1 or 2", opts.Level)
		}
		if n > 0 {
			if _, ok := c.tiers[n]; !ok {
				if !c.unavailableLevel(n) {
					return nil, fmt.Errorf("--level=%d: %s", n, c.whyNoLevel(n))
				}
				// The machine denies this tier (executable memory): run at the
				// highest level below it, as auto would; the report says why.
				for n > 0 && c.tiers[n].Compile == nil {
					n--
				}
			}
		}
		c.forced, c.max = n, n
		c.compileAll(n)
	}
	return c, nil
}

// unavailableLevel reports whether level n exists in this build but cannot
// run on this machine.
func (c *Controller) unavailableLevel(n int) bool {
	for _, t := range c.opts.Tiers {
		if t.Level == n && t.Unavailable != "" {
			return true
		}
	}
	return false
}

func (c *Controller) whyNoLevel(n int) string {
	for _, t := range c.opts.Tiers {
		if t.Level == n && t.Unavailable != "" {
			return fmt.Sprintf("L%d is unavailable: %s", n, t.Unavailable)
		}
	}
	return fmt.Sprintf("there is no level %d", n)
}

// compileAll installs every function at level n, or the highest level below
// n that can compile it.
func (c *Controller) compileAll(n int) {
	for fn := range c.prog.Funcs {
		for lvl := n; lvl > 0; lvl-- {
			t, ok := c.tiers[lvl]
			if !ok {
				continue
			}
			start := time.Now()
			code, err := t.Compile(c.prog, fn, c.hints(fn, nil))
			if err != nil {
				c.funcs[fn].fail(lvl, err.Error())
				continue
			}
			c.m.Install(fn, code, lvl, false)
			c.funcs[fn].level = lvl
			c.events = append(c.events, Event{Func: c.prog.Funcs[fn].Name, To: lvl, Compile: time.Since(start), Forced: true,
				Inlined: c.inlinedBy(code)})
			c.funcs[fn].event = append(c.funcs[fn].event, len(c.events)-1)
			break
		}
	}
}

func (f *funcState) fail(level int, why string) {
	if f.failed == nil {
		f.failed = map[int]string{}
	}
	f.failed[level] = why
}

// Start begins background compilation; tid is the VM thread (its CPU clock
// stamps the events). Call it from vm.Options.OnStart.
func (c *Controller) Start(tid int) {
	c.tid = tid
	if c.forced >= 0 {
		return
	}
	c.work = make(chan request, len(c.prog.Funcs))
	c.done = make(chan struct{})
	go c.compiler(c.work)
}

func (c *Controller) cpu() time.Duration {
	d, err := profiler.ThreadCPU(c.tid)
	if err != nil {
		return 0
	}
	return d
}

// OnSample is the profiler's callback (profiler.Options.OnSample): one
// sample of function fn. It runs the policy for fn and, when the policy says
// so, queues fn for compilation. It is cheap and never blocks.
func (c *Controller) OnSample(fn int32) {
	if c.forced >= 0 || fn < 0 || int(fn) >= len(c.funcs) {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	f := &c.funcs[fn]
	f.samples++
	f.total++
	if f.total == 1 {
		f.firstHot = c.cpu()
		if c.work != nil {
			c.recompileCallers(int(fn))
		}
	}
	if f.pending != 0 || c.work == nil || f.samples < uint64(c.opts.MinSamples) {
		return
	}
	var buf [4]Model
	ch := decide(f.level, f.samples, c.opts.Period, len(c.prog.Funcs[fn].Code), c.modelsFor(int(fn), f, buf[:0]), c.maxFor(f))
	if ch.level < 0 {
		return
	}
	select {
	case c.work <- request{fn: int(fn), level: ch.level, samples: f.samples}:
		f.pending = ch.level
	default:
	}
}

// modelsFor returns the models to decide fn's level with: the tiers',
// with the speedups their estimates give for fn (Tier.Estimate), appended
// to buf.
func (c *Controller) modelsFor(fn int, f *funcState, buf []Model) []Model {
	if !f.estimated {
		f.estimated = true
		for lvl, t := range c.tiers {
			if t.Estimate == nil {
				continue
			}
			if sp, why := t.Estimate(c.prog, fn); sp > 0 {
				if f.estimates == nil {
					f.estimates = map[int]estimate{}
				}
				f.estimates[lvl] = estimate{sp, why}
			}
		}
	}
	if f.estimates == nil {
		return c.models
	}
	models := append(buf, c.models...)
	for lvl, e := range f.estimates {
		models[lvl].Speedup = e.speedup
	}
	return models
}

// maxFor is the highest level fn may still reach: below any level it
// failed to compile at.
func (c *Controller) maxFor(f *funcState) int {
	top := c.max
	for lvl := range f.failed {
		if lvl <= top {
			top = lvl - 1
		}
	}
	return top
}

// compiler is the background goroutine: it compiles queued functions and
// installs the code, which the running program picks up at its next call
// (or, for a frame running in the interpreter, its next loop header).
func (c *Controller) compiler(work <-chan request) {
	defer close(c.done)
	// Compiles are timed in this thread's CPU time (where the OS has one).
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	// work, not c.work: Stop sets c.work to nil, maybe before this
	// goroutine first runs.
	for req := range work {
		t := c.tiers[req.level]
		var refused []int
		start := time.Now()
		cpu0, cpuOK := threadCPU()
		code, err := t.Compile(c.prog, req.fn, c.hints(req.fn, &refused))
		took := time.Since(start)
		work := took
		if cpu1, ok := threadCPU(); ok && cpuOK {
			work = cpu1 - cpu0
		}
		c.mu.Lock()
		f := &c.funcs[req.fn]
		f.pending = 0
		if err != nil {
			f.fail(req.level, err.Error())
			c.mu.Unlock()
			continue
		}
		c.learn(req.level, len(c.prog.Funcs[req.fn].Code), work)
		from := f.level
		f.level = req.level
		f.samples = 0
		c.m.Install(req.fn, code, req.level, true)
		c.events = append(c.events, Event{
			Func: c.prog.Funcs[req.fn].Name, From: from, To: req.level, AtCPU: c.cpu(),
			FirstHot: f.firstHot, Samples: req.samples, Compile: took, Reason: req.reason,
			Inlined: c.inlinedBy(code),
		})
		f.event = append(f.event, len(c.events)-1)
		f.refused = refused
		// A callee sampled while this compile was under way.
		for _, callee := range refused {
			if c.funcs[callee].total > 0 && c.recompileFor(req.fn, callee) {
				break
			}
		}
		c.mu.Unlock()
	}
}

// learn corrects level's compile rate from a compile of size bytecodes that
// took work (CPU time of the compiling thread): a moving average, kept
// within a factor of learnRange of the configured rate. Without the bound,
// one slow compile (a GC, a page fault storm) made L2 look four times
// dearer, the model chose L1 for matmul's mul, and its frame, which then
// could not leave L1 code, ran the whole multiplication there: 11.8 s
// instead of 1.1 (it moves up at a loop header now, but later than the
// right choice would have).
func (c *Controller) learn(level, size int, work time.Duration) {
	if size <= 0 {
		return
	}
	m, given := &c.models[level], c.given[level]
	per := (work - m.CompileFixed) / time.Duration(size)
	if per <= 0 {
		return
	}
	m.CompilePerOp = min(max((3*m.CompilePerOp+per)/4, given.CompilePerOp/learnRange), given.CompilePerOp*learnRange)
}

// learnRange bounds how far the learned compile rate may stray from the
// configured one.
const learnRange = 2

// recompileCallers runs at callee's first sample, with c.mu held: every
// function whose installed code calls callee only because callee had no
// samples when it was compiled is compiled again, now inlining it.
func (c *Controller) recompileCallers(callee int) {
	for fn := range c.funcs {
		if slices.Contains(c.funcs[fn].refused, callee) {
			c.recompileFor(fn, callee)
		}
	}
}

// recompileFor queues fn, whose code calls callee without inlining it, to
// be compiled again at its level now that callee is sampled; c.mu is held.
// Which callees a caller's first compile inlines depends on a race (had
// the callee a sample yet?), and a small leaf callee in a caller's hot loop
// decides its speed (spectralnorm's mulAv runs 1.7x slower calling a than
// inlining it). Recompiling settles the race the same way every run. It
// happens at most once per function, so it costs at most one compile more
// per function; a frame already running the old code keeps it until it
// returns. It reports whether fn was queued.
func (c *Controller) recompileFor(fn, callee int) bool {
	f := &c.funcs[fn]
	if f.recompiled || f.pending != 0 || f.level == 0 || f.level != c.maxFor(f) {
		return false
	}
	reason := fmt.Sprintf("inline %s (first sampled after %s was compiled)", c.prog.Funcs[callee].Name, c.prog.Funcs[fn].Name)
	select {
	case c.work <- request{fn: fn, level: f.level, samples: f.samples, reason: reason}:
		f.pending = f.level
		f.recompiled = true
		return true
	default:
		return false
	}
}

// hints gives the compiler of fn the profile's inlining advice: callees
// that are small and have been sampled, or that fn's running code inlined
// (L1 does, and their time was then sampled as fn's). The small callees it
// turns down for want of samples are added to *refused, if refused is not
// nil.
func (c *Controller) hints(fn int, refused *[]int) Hints {
	running := inlined(c.m.CodeOf(fn))
	return Hints{Inline: func(callee int) bool {
		if callee < 0 || callee >= len(c.prog.Funcs) || len(c.prog.Funcs[callee].Code) > inlineMaxOps {
			return false
		}
		if c.forced >= 0 || slices.Contains(running, callee) {
			return true
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.funcs[callee].total > 0 {
			return true
		}
		if refused != nil && !slices.Contains(*refused, callee) {
			*refused = append(*refused, callee)
		}
		return false
	}}
}

// inlineMaxOps is the size, in bytecodes, below which a hot callee may be
// inlined.
const inlineMaxOps = 24

// Stop stops background compilation (waiting for a compile under way) and
// returns the report. Call it after the program has stopped.
func (c *Controller) Stop() Report {
	if c.work != nil {
		// No send may follow the close: OnSample and recompileFor (which
		// the compiler goroutine calls when a compile lands) send only
		// while c.work is not nil, under c.mu.
		c.mu.Lock()
		work := c.work
		c.work = nil
		c.mu.Unlock()
		close(work)
		<-c.done
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	r := Report{Level: c.opts.Level, TopLevel: c.max, Unavailable: c.unavailable}
	if r.Level == "" {
		r.Level = "auto"
	}
	for fn := range c.funcs {
		f := &c.funcs[fn]
		for i, ei := range f.event {
			if i == len(f.event)-1 {
				c.events[ei].OSR = c.m.OSREntries(fn)
			}
		}
		if f.total == 0 || f.level >= c.max || c.forced >= 0 {
			if c.forced >= 0 && f.level < c.forced {
				r.NotCompiled = append(r.NotCompiled, NotCompiled{Func: c.prog.Funcs[fn].Name, Level: f.level, Reason: f.reason(c.forced)})
			}
			continue
		}
		if f.total*100 < c.totalSamples() { // under 1% of the samples: not hot
			continue
		}
		r.NotCompiled = append(r.NotCompiled, NotCompiled{Func: c.prog.Funcs[fn].Name, Level: f.level, Samples: f.total, Reason: f.reason(c.max)})
	}
	r.Events = append(r.Events, c.events...)
	sort.SliceStable(r.Events, func(i, j int) bool { return r.Events[i].AtCPU < r.Events[j].AtCPU })
	return r
}

func (c *Controller) totalSamples() uint64 {
	var n uint64
	for i := range c.funcs {
		n += c.funcs[i].total
	}
	return n
}

// reason says why f is below level top.
func (f *funcState) reason(top int) string {
	for lvl := top; lvl > f.level; lvl-- {
		if why, ok := f.failed[lvl]; ok {
			return fmt.Sprintf("L%d cannot compile it: %s", lvl, why)
		}
	}
	if f.pending != 0 {
		return "its compilation had not finished when the program stopped"
	}
	if e, ok := f.estimates[top]; ok && e.speedup <= 1 {
		return e.why
	}
	return "the model expected compiling to cost more than it would save"
}
