package profiler

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jitvm/jitvm/profiler/lockdown"
	"golang.org/x/sys/unix"
)

// Some tests need a process of their own: a seccomp filter cannot be
// removed, and dropping to another user cannot be undone. They re-execute
// this test binary with childEnv naming what to do; TestMain then runs
// that instead of the tests and prints a childResult as JSON.
const childEnv = "JITVM_PROFILER_CHILD"

func TestMain(m *testing.M) {
	if mode := os.Getenv(childEnv); mode != "" {
		res, err := runChildMode(mode)
		if err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(2)
		}
		json.NewEncoder(os.Stdout).Encode(res)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// childResult is what a child reports to its parent test.
type childResult struct {
	UID      int
	CapEff   string
	Paranoid string
	Report   Report // of an auto (or forced, see the mode) session
	Notice   string // its DegradeNotice

	ForcedPerfErr     string // Start with Source "perf"
	ForcedPerfIsErrno bool   // errors.Is(that error, the denied errno)
	ForcedSWErr       string // Start with Source "perf-sw"
}

func runChildMode(mode string) (childResult, error) {
	var r childResult
	st := readStatus()
	r.UID, r.CapEff = os.Getuid(), st["CapEff"]
	if b, err := os.ReadFile(paranoidPath); err == nil {
		r.Paranoid = strings.TrimSpace(string(b))
	}
	th := newVMThread()
	defer th.close()
	tgt := th.target(1)

	source := SourceAuto
	var errno unix.Errno
	switch mode {
	case "deny-perf-EACCES":
		errno = unix.EACCES
	case "deny-perf-EPERM":
		errno = unix.EPERM
	case "perf-sw":
		source = SourcePerfSW
	default:
		return r, fmt.Errorf("unknown mode %q", mode)
	}
	if errno != 0 {
		if err := lockdown.DenyPerf(errno); err != nil {
			return r, err
		}
	}
	s, err := Start(tgt, Options{Source: source})
	if err != nil {
		return r, err
	}
	th.run(func(th *vmThread) { spinCPU(th, 0, 500*time.Millisecond) })
	p := s.Stop()
	r.Report, r.Notice = p.Report(nil), p.DegradeNotice()

	if errno != 0 {
		for _, f := range []struct {
			src string
			msg *string
		}{{SourcePerf, &r.ForcedPerfErr}, {SourcePerfSW, &r.ForcedSWErr}} {
			s, err := Start(tgt, Options{Source: f.src})
			if err == nil {
				s.Stop()
				*f.msg = "<no error>"
				continue
			}
			*f.msg = err.Error()
			if f.src == SourcePerf {
				r.ForcedPerfIsErrno = errors.Is(err, errno)
			}
		}
	}
	return r, nil
}

// runChild runs this test binary in child mode, as cred's user if set.
func runChild(t *testing.T, mode string, cred *syscall.Credential) childResult {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	if cred != nil {
		// Another user cannot reach the test binary inside go test's
		// private work directory: give it a copy it can execute.
		dir, err := os.MkdirTemp("", "jitvm-profiler-child")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(dir) })
		copyExe := filepath.Join(dir, "profiler.test")
		if err := copyFile(exe, copyExe); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		cmd = exec.Command(copyExe, "-test.run=^$")
		cmd.Dir = dir
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	}
	cmd.Env = append(os.Environ(), childEnv+"="+mode)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child %s: %v\nstdout: %s\nstderr: %s", mode, err, out, stderr.String())
	}
	var r childResult
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("child %s: %v in %q", mode, err, out)
	}
	js, _ := json.MarshalIndent(r, "", "  ")
	t.Logf("child %s:\n%s", mode, js)
	return r
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// Under a seccomp filter denying perf_event_open, as in a container's
// default profile, auto must fall back to timer sampling, say why in one
// line, and forcing perf must fail with that reason.
func TestSeccompDeniedPerf(t *testing.T) {
	for _, errno := range []unix.Errno{unix.EACCES, unix.EPERM} {
		name := unix.ErrnoName(errno)
		t.Run(name, func(t *testing.T) {
			r := runChild(t, "deny-perf-"+name, nil)
			pr := r.Report.Profiler
			if pr.Source != SourceTimer {
				t.Fatalf("source %q, want timer", pr.Source)
			}
			if len(pr.Fallbacks) != 2 {
				t.Fatalf("fallbacks %+v, want perf-hw and perf-sw", pr.Fallbacks)
			}
			// The reason names seccomp (for EACCES at paranoid >= 3 the
			// paranoid level comes first, noting the filter too).
			for i, src := range []string{SourcePerfHW, SourcePerfSW} {
				f := pr.Fallbacks[i]
				if f.Source != src || f.Errno != name || !strings.Contains(f.Reason, "seccomp filter") {
					t.Errorf("fallback %d = %+v, want %s %s with the seccomp reason", i, f, src, name)
				}
			}
			reason := pr.Fallbacks[1].Reason
			want := "jitvm: " + reason + " (" + name + "); profiling with timer sampling instead"
			if r.Notice != want || strings.Contains(r.Notice, "\n") {
				t.Errorf("notice\n  %q\nwant\n  %q", r.Notice, want)
			}
			if r.Paranoid != "" && r.Paranoid < "3" && reason != seccompReason {
				t.Errorf("reason %q, want %q", reason, seccompReason)
			}
			if !strings.Contains(r.ForcedPerfErr, reason) || !r.ForcedPerfIsErrno {
				t.Errorf("forced perf: error %q (errors.Is errno: %v), want the reason %q", r.ForcedPerfErr, r.ForcedPerfIsErrno, reason)
			}
			if !strings.Contains(r.ForcedSWErr, reason) {
				t.Errorf("forced perf-sw: error %q, want the reason", r.ForcedSWErr)
			}
			// Timer sampling still works.
			if pr.Samples < 300 {
				t.Errorf("timer got %d samples in ~500ms of CPU", pr.Samples)
			}
		})
	}
}

// An unprivileged user (nobody, no capabilities) can still sample its own
// thread with perf-sw at paranoid 2, because the event excludes the kernel.
func TestUnprivilegedPerfSW(t *testing.T) {
	perfWorks(t)
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		u, err := user.Lookup("nobody")
		if err != nil {
			t.Skipf("no user nobody to drop to: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: []uint32{}}
	} else {
		t.Log("already unprivileged: running the child as the current user")
	}
	r := runChild(t, "perf-sw", cred)
	if r.UID == 0 {
		t.Fatalf("child still runs as root")
	}
	if cred != nil && strings.Trim(r.CapEff, "0") != "" {
		t.Errorf("child kept capabilities %s", r.CapEff)
	}
	pr := r.Report.Profiler
	if pr.Source != SourcePerfSW {
		t.Fatalf("source %q, want perf-sw (fallbacks %+v)", pr.Source, pr.Fallbacks)
	}
	t.Logf("uid %d at paranoid %s: %d samples, %.0f per CPU second", r.UID, r.Paranoid, pr.Samples, pr.Rate)
	if pr.Rate < 600 || pr.Rate > 1100 {
		t.Errorf("rate %.0f/s, want 600..1100", pr.Rate)
	}
}
