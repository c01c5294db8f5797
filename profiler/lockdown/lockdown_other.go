//go:build !linux

// Package lockdown reproduces locked-down kernels with seccomp filters; it
// works on Linux only.
package lockdown

import (
	"errors"

	"golang.org/x/sys/unix"
)

var errUnsupported = errors.New("lockdown: seccomp filters need Linux")

// DenyPerf is unsupported outside Linux.
func DenyPerf(errno unix.Errno) error { return errUnsupported }

// DenyExec is unsupported outside Linux.
func DenyExec(errno unix.Errno) error { return errUnsupported }
