package harness

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"syscall"
	"time"
)

// childResult is one child process's outcome. err is set when the child
// could not be started, was killed (timeout, signal) or its status is not
// known; an exit status is a normal result.
type childResult struct {
	stdout, stderr []byte
	exit           int
	wall           time.Duration
	user, sys      time.Duration
	maxRSS         int64 // bytes
	err            error
}

// maxStderr bounds the stderr kept of a run (a runaway panic trace).
const maxStderr = 64 << 10

// runChild runs name with args in dir, with stdin from /dev/null, in a
// process group of its own: a Ctrl-C at the terminal reaches only the
// bench, which kills the child's group itself. A cancelled ctx or the
// timeout kills the group.
func runChild(ctx context.Context, timeout time.Duration, dir, name string, args ...string) childResult {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	var stdout bytes.Buffer
	stderr := &limitedBuffer{max: maxStderr}
	cmd.Stdout, cmd.Stderr = &stdout, stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	cmd.WaitDelay = 5 * time.Second

	start := time.Now()
	err := cmd.Run()
	r := childResult{wall: time.Since(start), stdout: stdout.Bytes(), stderr: stderr.buf.Bytes()}
	if ps := cmd.ProcessState; ps != nil {
		r.user, r.sys = ps.UserTime(), ps.SystemTime()
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			r.maxRSS = maxRSSBytes(ru)
		}
	}
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded):
		r.err = fmt.Errorf("killed after %v (--timeout)", timeout)
	case ctx.Err() != nil:
		r.err = errors.New("interrupted")
	case errors.As(err, &exit) && exit.Exited():
		r.exit = exit.ExitCode()
	case errors.As(err, &exit):
		r.err = fmt.Errorf("killed by %v", exit.ProcessState)
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			r.err = fmt.Errorf("killed by signal %v", ws.Signal())
		}
	case err != nil:
		r.err = err
	}
	return r
}

// limitedBuffer keeps the first max bytes written to it.
type limitedBuffer struct {
	buf bytes.Buffer
	max int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.max - l.buf.Len(); room > 0 {
		l.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
