package profiler

import (
	"errors"
	"testing"

	"golang.org/x/sys/unix"
)

func TestExplain(t *testing.T) {
	const perfmon, sysadmin = uint64(1) << capPerfmon, uint64(1) << capSysAdmin
	vm := procEnv{paranoid: 2, paranoidKnown: true}                 // this machine: no PMU, no seccomp
	debian := procEnv{paranoid: 3, paranoidKnown: true}             // Debian/Android default
	docker := procEnv{paranoid: 2, paranoidKnown: true, seccomp: 2} // default container profile
	withPMU := procEnv{paranoid: 2, paranoidKnown: true, cpuPMU: true}
	noPerf := procEnv{} // no /proc/sys/kernel/perf_event_paranoid
	for _, c := range []struct {
		name  string
		hw    bool
		errno unix.Errno
		env   procEnv
		want  string
	}{
		{"paranoid 3", false, unix.EACCES, debian, "perf_event_open blocked by kernel.perf_event_paranoid=3"},
		{"paranoid 4 (Ubuntu)", false, unix.EACCES, procEnv{paranoid: 4, paranoidKnown: true}, "perf_event_open blocked by kernel.perf_event_paranoid=4"},
		{"paranoid 3 and seccomp", false, unix.EACCES, procEnv{paranoid: 3, paranoidKnown: true, seccomp: 2},
			"perf_event_open blocked by kernel.perf_event_paranoid=3 (a seccomp filter is also installed)"},
		{"paranoid 3 but CAP_PERFMON: not paranoid", false, unix.EACCES, procEnv{paranoid: 3, paranoidKnown: true, capEff: perfmon},
			"perf_event_open denied by a security module (SELinux, AppArmor, BPF LSM) or kernel policy, although the process has CAP_PERFMON"},
		{"paranoid 3, EPERM is not paranoid", false, unix.EPERM, debian,
			"perf_event_open denied by a security module (SELinux, AppArmor, BPF LSM) or kernel policy"},
		{"docker EPERM", false, unix.EPERM, docker, seccompReason},
		{"seccomp EACCES", true, unix.EACCES, docker, seccompReason},
		{"seccomp with CAP_SYS_ADMIN", false, unix.EPERM, procEnv{paranoid: 2, paranoidKnown: true, seccomp: 2, capEff: sysadmin},
			seccompReason},
		{"both caps", false, unix.EPERM, procEnv{paranoidKnown: true, capEff: perfmon | sysadmin},
			"perf_event_open denied by a security module (SELinux, AppArmor, BPF LSM) or kernel policy, although the process has CAP_PERFMON and CAP_SYS_ADMIN"},
		{"paranoid 2 EACCES", false, unix.EACCES, vm,
			"perf_event_open denied at kernel.perf_event_paranoid=2 (which allows user-space sampling of the process's own threads only) or by a security module"},
		{"no perf in kernel", false, unix.ENOSYS, noPerf, "kernel built without perf events"},
		{"ENOSYS from seccomp", false, unix.ENOSYS, docker, seccompReason},
		{"ENOSYS from a sandbox", false, unix.ENOSYS, vm, "perf_event_open is not implemented for this process (a sandbox answers ENOSYS)"},
		{"gVisor", false, unix.ENODEV, vm, "perf events not implemented by the kernel (gVisor-like sandbox)"},
		{"no PMU ENOENT", true, unix.ENOENT, vm, "no hardware PMU (virtual machine?)"},
		{"no PMU ENXIO", true, unix.ENXIO, vm, "no hardware PMU (virtual machine?)"},
		{"no PMU EOPNOTSUPP", true, unix.EOPNOTSUPP, vm, "no hardware PMU (virtual machine?)"},
		{"PMU without overflow interrupt", true, unix.EOPNOTSUPP, withPMU, "the hardware PMU cannot sample (no overflow interrupt)"},
		{"PMU without cycles", true, unix.ENOENT, withPMU, "the hardware PMU does not offer a cycles event"},
		{"software ENOENT", false, unix.ENOENT, vm, "the kernel does not support the software clock event"},
		{"EINVAL", false, unix.EINVAL, vm, "the kernel rejected the event attributes (kernel too old?)"},
		{"EBUSY", true, unix.EBUSY, withPMU, "the PMU is in exclusive use by another process"},
		{"EMFILE", false, unix.EMFILE, vm, "too many open files"},
		{"ESRCH", false, unix.ESRCH, vm, "the VM thread does not exist (it has exited?)"},
		{"other", false, unix.E2BIG, vm, "perf_event_open failed: " + unix.E2BIG.Error()},
	} {
		if got := explain(c.hw, c.errno, c.env); got != c.want {
			t.Errorf("%s: explain(%v, %v) =\n  %q\nwant\n  %q", c.name, c.hw, unix.ErrnoName(c.errno), got, c.want)
		}
	}
}

func TestFallbackFor(t *testing.T) {
	env := procEnv{paranoid: 2, paranoidKnown: true, seccomp: 2}
	f := fallbackFor(SourcePerfSW, &stageError{stage: "open", err: unix.EPERM}, env)
	if f.Source != SourcePerfSW || f.Errno != "EPERM" || f.Reason != seccompReason {
		t.Errorf("open EPERM: %+v", f)
	}
	f = fallbackFor(SourcePerfSW, &stageError{stage: "mmap", err: unix.EPERM}, env)
	if f.Errno != "EPERM" || f.Reason == seccompReason {
		t.Errorf("mmap EPERM must not be blamed on seccomp: %+v", f)
	}
	f = fallbackFor(SourceTimer, &stageError{stage: "clock", err: unix.EINVAL}, env)
	if f.Errno != "EINVAL" {
		t.Errorf("clock: %+v", f)
	}
	e := &UnavailableError{Requested: SourcePerf, Fallbacks: []Fallback{f}}
	if !errors.Is(e, unix.EINVAL) {
		t.Errorf("UnavailableError does not unwrap to its errno")
	}
}
