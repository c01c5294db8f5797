// Package execmem holds the machine code of jitvm's native tier (L2) in
// executable memory, under a strict W^X rule.
//
// # W^X
//
// A region is never writable and executable at the same time. Load maps
// fresh anonymous memory read+write (never executable), copies the code in,
// then mprotects it to read+execute; from then on nobody can write it. To
// change code, load new code and Free the old region. This is the rule
// SELinux's execmem denial, PaX MPROTECT and hardened kernels enforce; a JIT
// that maps RWX (wazero does on amd64) fails or is killed there. Even so, a
// locked-down system may refuse *any* executable anonymous memory:
// mprotect(PROT_EXEC) then fails with EACCES (SELinux, a seccomp filter
// returning EACCES) or EPERM (PaX, a seccomp filter's default errno). Such
// errors satisfy errors.Is(err, ErrExecDenied), which tells the JIT to stay
// at L1 rather than fail; the errno stays reachable with errors.Is(err,
// unix.EACCES). Probe checks once, at startup, whether the system allows it.
// Errors are returned, never panicked.
//
// # Allocation
//
// One mmap per Load, rounded up to whole pages, released by Free (munmap).
// The compiler should put a batch of functions into one Load rather than one
// function each. Code is position-independent (package amd64), so the
// address is only known after Load.
//
// # Tests
//
// execmem_test.go checks the permissions of each region in /proc/self/maps
// (rw-p while the code is copied, r-xp after, never w and x together
// anywhere in the process), that many Load/Free cycles leave no mapping
// behind, that writing loaded code faults, and — in a child process with a
// seccomp filter that denies PROT_EXEC with EACCES, then EPERM — that Load
// and Probe return ErrExecDenied.
package execmem
