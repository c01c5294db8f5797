package profiler

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync/atomic"
	"time"
)

// Diagnosis is what "jitvm doctor" reports about profiling on this
// machine: what the process can see (paranoid level, capabilities,
// seccomp, PMUs) and, from actually trying each source on a thread of its
// own, which one works and which one auto picks.
type Diagnosis struct {
	OS          string   `json:"os"`
	Kernel      string   `json:"kernel,omitempty"`
	UID         int      `json:"uid"`
	EUID        int      `json:"euid"`
	Paranoid    *int     `json:"perf_event_paranoid"` // nil: no /proc/sys/kernel/perf_event_paranoid
	CapEff      string   `json:"cap_eff,omitempty"`   // hex, as in /proc/self/status
	CapPerfmon  bool     `json:"cap_perfmon"`
	CapSysAdmin bool     `json:"cap_sys_admin"`
	Seccomp     int      `json:"seccomp"` // 0 none, 1 strict, 2 filter, -1 unknown
	NoNewPrivs  bool     `json:"no_new_privs"`
	PMUs        []string `json:"pmus"` // /sys/bus/event_source/devices
	HardwarePMU bool     `json:"hardware_pmu"`

	Probes        []Probe    `json:"probes"`         // each source, forced, tried for ProbeCPU
	Auto          string     `json:"auto"`           // the source auto picked when tried
	AutoFallbacks []Fallback `json:"auto_fallbacks"` // and why it passed the others
	AutoSamples   uint64     `json:"auto_samples"`
	Notice        string     `json:"notice,omitempty"` // the line jitvm would print on stderr
}

// Probe is one source tried on a busy thread.
type Probe struct {
	Source      string `json:"source"`
	OK          bool   `json:"ok"`
	Errno       string `json:"errno,omitempty"`
	Reason      string `json:"reason,omitempty"`
	Samples     uint64 `json:"samples"`
	ThreadCPUNS int64  `json:"thread_cpu_ns"`
}

// ProbeCPU is how much CPU each probe spins for.
const ProbeCPU = 50 * time.Millisecond

// Diagnose inspects the process and tries every source. It takes a few
// hundred milliseconds of CPU.
func Diagnose() Diagnosis {
	d := Diagnosis{OS: runtime.GOOS, Seccomp: -1, PMUs: []string{}}
	env := readProcEnv()
	if env.paranoidKnown {
		v := env.paranoid
		d.Paranoid = &v
	}
	d.Seccomp = env.seccomp
	d.CapPerfmon, d.CapSysAdmin = env.capPerfmon(), env.capSysAdmin()
	d.HardwarePMU = env.cpuPMU
	if pmus := listPMUs(); pmus != nil {
		d.PMUs = pmus
	}
	fillSystem(&d, env)

	th := newProbeThread()
	defer th.close()
	for _, src := range []string{SourcePerfHW, SourcePerfSW, SourceTimer} {
		pr := Probe{Source: src}
		p, err := th.try(src)
		var ue *UnavailableError
		switch {
		case errors.As(err, &ue):
			f := ue.Fallbacks[len(ue.Fallbacks)-1]
			pr.Errno, pr.Reason = f.Errno, f.Reason
		case err != nil:
			pr.Reason = err.Error()
		default:
			pr.OK = true
			pr.Samples, pr.ThreadCPUNS = p.Samples, p.ThreadCPU.Nanoseconds()
			if p.Samples == 0 {
				pr.OK = false
				pr.Reason = "opened, but delivered no samples"
			}
		}
		d.Probes = append(d.Probes, pr)
	}
	if p, err := th.try(SourceAuto); err == nil {
		d.Auto, d.AutoFallbacks, d.AutoSamples, d.Notice = p.Source, p.Fallbacks, p.Samples, p.DegradeNotice()
	}
	if d.AutoFallbacks == nil {
		d.AutoFallbacks = []Fallback{}
	}
	return d
}

// probeThread is a locked thread that spins on request, like a VM thread.
type probeThread struct {
	tid  int
	cur  atomic.Int32
	jobs chan chan struct{}
}

func newProbeThread() *probeThread {
	th := &probeThread{jobs: make(chan chan struct{})}
	tids := make(chan int)
	jobs := th.jobs
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		tids <- gettid()
		for done := range jobs {
			th.cur.Store(0)
			burnCPU(ProbeCPU)
			th.cur.Store(-1)
			close(done)
		}
	}()
	th.tid = <-tids
	return th
}

func (th *probeThread) try(src string) (*Profile, error) {
	s, err := Start(Target{Tid: th.tid, Current: &th.cur, NumFuncs: 1}, Options{Source: src})
	if err != nil {
		return nil, err
	}
	done := make(chan struct{})
	th.jobs <- done
	<-done
	return s.Stop(), nil
}

func (th *probeThread) close() { close(th.jobs) }

// WriteText writes the diagnosis for people, one aligned line per fact.
func (d Diagnosis) WriteText(w io.Writer) {
	line := func(k, format string, args ...any) {
		fmt.Fprintf(w, "  %-22s %s\n", k, fmt.Sprintf(format, args...))
	}
	fmt.Fprintln(w, "profiler:")
	if d.Kernel != "" {
		line("kernel", "%s %s", d.OS, d.Kernel)
	} else {
		line("os", "%s", d.OS)
	}
	line("user", "uid %d, euid %d", d.UID, d.EUID)
	if d.Paranoid != nil {
		line("perf_event_paranoid", "%d (%s)", *d.Paranoid, paranoidMeaning(*d.Paranoid))
	} else if d.OS == "linux" {
		line("perf_event_paranoid", "missing: kernel built without perf events")
	}
	if d.CapEff != "" {
		line("capabilities", "CAP_PERFMON %s, CAP_SYS_ADMIN %s (CapEff %s)", yesNo(d.CapPerfmon), yesNo(d.CapSysAdmin), d.CapEff)
	}
	if d.Seccomp >= 0 {
		line("seccomp", "%d (%s)%s", d.Seccomp, [...]string{"none", "strict", "filter"}[min(d.Seccomp, 2)],
			map[bool]string{true: ", no_new_privs set", false: ""}[d.NoNewPrivs])
	}
	if d.OS == "linux" {
		pmu := "no hardware PMU (virtual machine?)"
		if d.HardwarePMU {
			pmu = "hardware PMU present"
		}
		line("PMUs", "%s: %s", strings.Join(d.PMUs, ", "), pmu)
	}
	for _, p := range d.Probes {
		if p.OK {
			line("probe "+p.Source, "ok: %d samples in %v of thread CPU", p.Samples, time.Duration(p.ThreadCPUNS).Round(time.Millisecond))
		} else {
			line("probe "+p.Source, "FAILED: %s", Fallback{Errno: p.Errno, Reason: p.Reason}.describe())
		}
	}
	line("auto picks", "%s (%d samples)", d.Auto, d.AutoSamples)
	for _, f := range d.AutoFallbacks {
		line("  passed over "+f.Source, "%s", f.describe())
	}
	if d.Notice != "" {
		line("jitvm will print", "%s", d.Notice)
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// paranoidMeaning explains a kernel.perf_event_paranoid value for
// unprivileged processes (CAP_PERFMON or CAP_SYS_ADMIN bypass it).
func paranoidMeaning(v int) string {
	switch {
	case v < 0:
		return "no restrictions"
	case v == 0:
		return "unprivileged: no raw tracepoints"
	case v == 1:
		return "unprivileged: own processes, kernel and user space"
	case v == 2:
		return "unprivileged: own processes, user space only"
	default:
		return "unprivileged: no perf at all with the Debian/Android patch; like 2 on mainline kernels"
	}
}
