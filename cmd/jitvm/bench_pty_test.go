//go:build linux

package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// openPty opens a pseudo-terminal cols wide: the master to read, the
// terminal to hand a child.
func openPty(t *testing.T, cols uint16) (master, tty *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	fd := int(master.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Skipf("unlockpt: %v", err)
	}
	n, err := unix.IoctlGetUint32(fd, unix.TIOCGPTN)
	if err != nil {
		t.Skipf("ptsname: %v", err)
	}
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("open pts: %v", err)
	}
	if err := unix.IoctlSetWinsize(int(tty.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: 24, Col: cols}); err != nil {
		t.Fatal(err)
	}
	return master, tty
}

// TestBenchProgress: with stderr a terminal the bench draws its progress
// bar there, in place and within the terminal's width, and clears it; the
// table on stdout is unchanged.
func TestBenchProgress(t *testing.T) {
	bin := needJitvm(t)
	prog := writeIn(t, t.TempDir(), "tiny.go", tinySource)
	master, tty := openPty(t, 72)
	defer master.Close()

	cmd := exec.Command(bin, "bench", "--count=2", "--warmup=1", "--levels=0,auto", "--profilers=perf,off", "--go=off", prog)
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, tty
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close() // the child has it
	var screen bytes.Buffer
	copied := make(chan struct{})
	go func() {
		io.Copy(&screen, master) // until EIO: the child closed the terminal
		close(copied)
	}()
	err := cmd.Wait()
	<-copied
	if err != nil {
		t.Fatalf("%v; terminal:\n%q", err, screen.String())
	}
	s := screen.String()
	t.Logf("terminal: %q", s)
	if !strings.Contains(s, "\r\x1b[K[") || !strings.HasSuffix(s, "\r\x1b[K") {
		t.Errorf("no progress bar drawn in place and cleared at the end")
	}
	for _, w := range []string{"/12 runs", "tiny auto/perf warm-up 1/1", "tiny 0/off run 2/2", "12/12 runs"} {
		if !strings.Contains(s, w) {
			t.Errorf("the progress bar never showed %q", w)
		}
	}
	for _, line := range strings.Split(s, "\r\x1b[K") {
		if len(line) > 71 {
			t.Errorf("progress line wider than the terminal (72): %q", line)
		}
	}
	if strings.Contains(stdout.String(), "\x1b") || !strings.Contains(stdout.String(), "status") {
		t.Errorf("stdout is not the plain table:\n%s", stdout.String())
	}
}
