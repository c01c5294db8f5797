// Package profiler is jitvm's self-profiler: it samples the one OS thread
// the VM runs a program on, and counts, per program function, how often
// that function was running. The JIT uses the counts to pick hot
// functions; jitvm's statistics and pprof output show them to people.
//
// # What is sampled, and why the VM publishes its function
//
// An interpreter's machine instructions are the same whatever program it
// runs: an instruction-pointer sample lands in the dispatch loop and says
// nothing about which program function is hot. The unit that matters is
// the program function, and only the VM knows it. So the VM publishes it:
// on every call and return it stores the index of the function now running
// into an atomic.Int32 (one plain store on x86-64; -1 when none). The
// profiler reads that cell whenever it takes a sample and credits the
// sample to that function. This is all the profiler knows about the VM:
// a thread id and a cell (Target). The package never imports vm/, and vm/
// never imports it; cmd/jitvm wires the two together, and the JIT
// subscribes through Options.OnSample.
//
// Counts are self time: the innermost function, with no call stacks.
// Native code the JIT emits must keep publishing on calls and returns, or
// its time is credited to whichever function published last.
//
// Native code can be attributed better than by the published word: its
// instruction addresses are the JIT's own, so with Target.CodeMap set, the
// perf sources ask the kernel for each sample's instruction pointer
// (PERF_SAMPLE_IP) and credit samples whose IP is in JIT code to the
// function the map names, an inlined callee included; other samples still
// go to the published function. The map is an interface (Lookup), so the
// profiler still imports nothing of the VM or the JIT.
//
// # Sources, and the ladder auto walks down
//
// A sample must stand for a fixed amount of the VM thread's CPU time, so
// that an idle or descheduled VM gets no samples and the counts are shares
// of CPU. Sources, best first:
//
//   - perf-hw: the hardware cycle counter of the VM thread, via
//     perf_event_open (frequency mode, user space only). Precise in CPU
//     work rather than time, but virtual machines usually have no PMU
//     (ENOENT).
//   - perf-sw: the kernel's task-clock software event on the VM thread,
//     one sample every Period of its CPU time, written to a ring buffer
//     (MapRing) with a wakeup per sample, read by a goroutine. It needs
//     only what kernel.perf_event_paranoid=2 grants an unprivileged
//     process (its own threads, user space: ExcludeKernel is set).
//   - timer: no perf at all. A goroutine wakes every Period of wall time,
//     reads the VM thread's CPU clock (clockid (^tid<<3)|6, readable from
//     any thread of the process), and emits one sample per whole Period
//     of CPU the thread used since the last one.
//   - off.
//
// Start tries the sources in that order (or only the ones asked for) and
// keeps the first that starts. Each one that fails leaves a Fallback with
// the errno and a reason derived from the errno and what the process can
// see (explain: perf_event_paranoid, Seccomp: in /proc/self/status, CapEff,
// the PMUs under /sys/bus/event_source/devices), the way Linux perf's own
// evsel__fallback does. Dropping from perf-hw to perf-sw is what every VM
// without a PMU does and is silent; landing on timer or off makes
// Profile.DegradeNotice return the one line jitvm prints to stderr. A
// forced source that cannot start is an error, so asking for perf in a
// container says why it cannot work instead of quietly using the timer.
// Diagnose ("jitvm doctor") tries every source for real on a busy thread.
//
// # What precision is lost
//
// The sample is taken at one moment and the function is read at another.
//
//   - perf: the kernel takes the sample exactly when the thread has run a
//     full period, but the published function is read when the reader
//     goroutine handles the record: after a wakeup, a few tens of
//     microseconds later on average, milliseconds in the worst case on a
//     loaded machine (Profile.AttributionDelay measures it from the
//     samples' CLOCK_MONOTONIC timestamps). Functions that run for less
//     than that between calls are smeared onto their neighbours, and
//     records read in one batch all get the function current at reading.
//     A record read more than two periods (at least 2ms) after its
//     timestamp is dropped and counted (Profile.Late) rather than credited
//     to whatever runs by then: lateness comes from the machine's load,
//     not from the function sampled, so the remaining shares stay
//     unbiased.
//   - timer: the tick comes on wall time, not when a period of CPU has
//     elapsed, so a sample stands for the last period of CPU but goes to
//     whatever runs at the tick. Over many samples that averages out
//     (25.7/73.7 against an exact 25/75 in FACTS.md; within a point here),
//     but a program whose phases line up with the tick would alias; and
//     when the sampler is late, the periods it owes all go to one
//     function.
//   - perf-sw drops samples that land in the kernel (ExcludeKernel), while
//     the thread's CPU clock, and so the timer, counts system calls and
//     page faults too. Lost and throttled records are counted, not hidden.
//
// On a synthetic 25/75 workload both perf-sw and timer come within a
// percentage point of the exact per-function CPU time on this project's
// 2-CPU VM, at about 950-1000 samples per CPU second for a 1ms period.
//
// # Overhead
//
// Sampling every 1ms costs the VM thread about 1% of its CPU time with
// timer and 1-5% with perf-sw (BenchmarkOverhead; the kernel's sampling
// interrupt and the wakeup are charged to the VM thread). The perf reader
// waits in Go's netpoller, not in a blocking poll: a goroutine blocked in a
// system call keeps the runtime's sysmon thread waking every 20µs, and on
// two CPUs those threads preempted the VM thread 3 to 16 times per sample.
//
// # Platforms
//
// perf and per-thread CPU clocks are Linux (perf_linux.go, clock_linux.go,
// env_linux.go). Elsewhere only timer and off exist, and timer counts wall
// time instead of the thread's CPU time. Package lockdown installs real
// seccomp filters that deny perf_event_open or executable mappings, so
// that tests (in child processes) exercise the ladder against a kernel
// that says no, instead of against a mock.
//
// A Session is owned by the run that started it; nothing here is global.
package profiler
