package profiler

import (
	"fmt"
	"strings"

	"golang.org/x/sys/unix"
)

// Capability bits in /proc/self/status CapEff.
const (
	capSysAdmin = 21
	capPerfmon  = 38 // Linux 5.8+
)

// procEnv is what the process can see about why perf_event_open may fail.
// It is read from /proc and /sys (readProcEnv) and is an input to explain.
type procEnv struct {
	paranoid      int  // kernel.perf_event_paranoid
	paranoidKnown bool // false: no /proc/sys/kernel/perf_event_paranoid (kernel without perf events)
	seccomp       int  // Seccomp: in /proc/self/status: 0 none, 1 strict, 2 filter, -1 unknown
	capEff        uint64
	cpuPMU        bool // a hardware PMU is listed under /sys/bus/event_source/devices
}

func (e procEnv) capPerfmon() bool  { return e.capEff&(1<<capPerfmon) != 0 }
func (e procEnv) capSysAdmin() bool { return e.capEff&(1<<capSysAdmin) != 0 }

// privileges names the perf-relevant capabilities the process holds, or "".
func (e procEnv) privileges() string {
	var caps []string
	if e.capPerfmon() {
		caps = append(caps, "CAP_PERFMON")
	}
	if e.capSysAdmin() {
		caps = append(caps, "CAP_SYS_ADMIN")
	}
	return strings.Join(caps, " and ")
}

const seccompReason = "perf_event_open blocked by a seccomp filter (as in a container's default profile)"

// explain says, in one line, why perf_event_open failed with errno, given
// what the process can see. hardware tells a hardware event (cycles) from a
// software one (cpu-clock). It is a pure function; see TestExplain.
func explain(hardware bool, errno unix.Errno, env procEnv) string {
	switch errno {
	case unix.EACCES, unix.EPERM:
		privs := env.privileges()
		paranoidBlocks := errno == unix.EACCES && env.paranoidKnown && env.paranoid >= 3 && privs == ""
		var r string
		switch {
		case paranoidBlocks && env.seccomp == 2:
			r = fmt.Sprintf("perf_event_open blocked by kernel.perf_event_paranoid=%d (a seccomp filter is also installed)", env.paranoid)
		case paranoidBlocks:
			r = fmt.Sprintf("perf_event_open blocked by kernel.perf_event_paranoid=%d", env.paranoid)
		case env.seccomp == 2:
			r = seccompReason
		case errno == unix.EACCES && env.paranoidKnown && env.paranoid >= 2 && privs == "":
			r = fmt.Sprintf("perf_event_open denied at kernel.perf_event_paranoid=%d (which allows user-space sampling of the process's own threads only) or by a security module", env.paranoid)
		default:
			r = "perf_event_open denied by a security module (SELinux, AppArmor, BPF LSM) or kernel policy"
		}
		if privs != "" && env.seccomp != 2 {
			// Capabilities lift the paranoid limits, so something else
			// is in the way. (A seccomp filter applies whatever the
			// capabilities: no point in mentioning them then.)
			r += ", although the process has " + privs
		}
		return r
	case unix.ENOSYS:
		switch {
		case !env.paranoidKnown:
			return "kernel built without perf events"
		case env.seccomp == 2:
			return seccompReason
		default:
			return "perf_event_open is not implemented for this process (a sandbox answers ENOSYS)"
		}
	case unix.ENODEV:
		return "perf events not implemented by the kernel (gVisor-like sandbox)"
	case unix.ENOENT, unix.ENXIO, unix.EOPNOTSUPP:
		switch {
		case !hardware:
			return "the kernel does not support the software clock event"
		case !env.cpuPMU:
			return "no hardware PMU (virtual machine?)"
		case errno == unix.EOPNOTSUPP:
			return "the hardware PMU cannot sample (no overflow interrupt)"
		default:
			return "the hardware PMU does not offer a cycles event"
		}
	case unix.EINVAL:
		return "the kernel rejected the event attributes (kernel too old?)"
	case unix.EBUSY:
		return "the PMU is in exclusive use by another process"
	case unix.ESRCH:
		return "the VM thread does not exist (it has exited?)"
	case unix.EMFILE, unix.ENFILE:
		return "too many open files"
	}
	return "perf_event_open failed: " + errno.Error()
}
