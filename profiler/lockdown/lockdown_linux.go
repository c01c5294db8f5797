// Package lockdown reproduces locked-down kernels inside one process, for
// tests and for "jitvm doctor --simulate": it installs real seccomp
// filters (github.com/elastic/go-seccomp-bpf) on every thread of the
// process, the way a container runtime's default profile or a hardened
// sandbox would, so that code degrades for real instead of against a mock.
//
// Every filter is irreversible for the life of the process: run it in a
// child process (tests re-exec their own binary).
package lockdown

import (
	"errors"
	"fmt"
	"runtime"

	seccomp "github.com/elastic/go-seccomp-bpf"
	"golang.org/x/sys/unix"
)

// DenyPerf makes perf_event_open fail with errno on every thread of the
// process: EACCES as under kernel.perf_event_paranoid=3, EPERM as under
// Docker's default seccomp profile, ENOSYS as on a kernel without perf.
func DenyPerf(errno unix.Errno) error {
	return load(errno, seccomp.SyscallGroup{Names: []string{"perf_event_open"}})
}

// DenyExec makes mmap, mprotect and pkey_mprotect fail with errno whenever
// they ask for PROT_EXEC (their third argument), as SELinux's execmem
// denial or a W^X-enforcing sandbox would: no new executable memory, while
// ordinary allocation, GC and new threads keep working. All three calls
// are covered, or one would be a way around the others.
func DenyExec(errno unix.Errno) error {
	execArg := seccomp.ArgumentConditions{{Argument: 2, Operation: seccomp.BitsSet, Value: unix.PROT_EXEC}}
	return load(errno, seccomp.SyscallGroup{NamesWithCondtions: []seccomp.NameWithConditions{
		{Name: "mmap", Conditions: execArg},
		{Name: "mprotect", Conditions: execArg},
		{Name: "pkey_mprotect", Conditions: execArg},
	}})
}

// load installs one filter denying g with errno. TSYNC applies it to every
// thread of the process (without it only the calling thread is filtered).
func load(errno unix.Errno, g seccomp.SyscallGroup) error {
	if errno == 0 || errno > 4095 {
		return fmt.Errorf("lockdown: errno %d out of range", int(errno))
	}
	// ActionErrno's low 16 bits carry the errno; 0 there means EPERM.
	g.Action = seccomp.ActionErrno | seccomp.Action(errno)
	f := seccomp.Filter{
		Flag: seccomp.FilterFlagTSync,
		Policy: seccomp.Policy{
			DefaultAction: seccomp.ActionAllow,
			Syscalls:      []seccomp.SyscallGroup{g},
		},
	}
	// prctl(no_new_privs) and seccomp() are two calls on the calling
	// thread: keep them on the same one.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	// With CAP_SYS_ADMIN (root, usually) a filter may be installed
	// without no_new_privs, which would also disarm setuid binaries the
	// process runs; without it the kernel insists (EACCES).
	err := seccomp.LoadFilter(f)
	if errors.Is(err, unix.EACCES) {
		f.NoNewPrivs = true
		err = seccomp.LoadFilter(f)
	}
	if err != nil {
		return fmt.Errorf("lockdown: %w", err)
	}
	return nil
}
