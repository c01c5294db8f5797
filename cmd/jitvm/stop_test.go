package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// loopForever prints a line, then loops (calling a function) until stopped.
const loopForever = `package main

import "fmt"

func step(x int) int { return x*7 + 1 }

func main() {
	fmt.Println("started")
	x := 0
	for {
		x = step(x)
	}
}
`

// levels are the levels the limit tests run at.
var limitLevels = []string{"0", "1", "2", "auto"}

func TestTimeout(t *testing.T) {
	prog := writeProgram(t, "forever.go", loopForever)
	for _, level := range limitLevels {
		t.Run("level="+level, func(t *testing.T) {
			start := time.Now()
			stdout, stderr, code := runMain(t, "run", "--level="+level, "--timeout=200ms", prog)
			if code != 2 {
				t.Fatalf("exit status %d, want 2; stderr:\n%s", code, stderr)
			}
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("stopping took %v", took)
			}
			if stdout != "started\n" {
				t.Errorf("stdout %q: the output before the stop is flushed", stdout)
			}
			for _, want := range []string{"jitvm: program stopped: timed out after 200ms (--timeout)", "goroutine 1 [running]:", "main.main()", "forever.go:"} {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
		})
	}
}

func TestMaxHeapFlag(t *testing.T) {
	prog := writeProgram(t, "grow.go", `package main

import "fmt"

func main() {
	var s [][]int
	for i := 0; i < 1000000; i++ {
		s = append(s, make([]int, 1000))
	}
	fmt.Println(len(s))
}
`)
	for _, level := range limitLevels {
		_, stderr, code := runMain(t, "run", "--level="+level, "--max-heap=64MB", prog)
		if code != 2 || !strings.Contains(stderr, "out of memory: the program's heap") || !strings.Contains(stderr, "limit of 64000000 bytes (--max-heap)") {
			t.Errorf("level %s: exit %d, stderr:\n%s", level, code, stderr)
		}
	}
	for _, bad := range []string{"--max-heap=lots", "--max-heap=10XB", "--max-heap=0", "--timeout=-1s"} {
		_, stderr, code := runMain(t, "run", bad, prog)
		if code != 1 || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%s: exit %d, want 1 and one line; stderr:\n%s", bad, code, stderr)
		}
	}
}

func TestMaxStackFlag(t *testing.T) {
	prog := writeProgram(t, "deep.go", `package main

func f(n int) int { return f(n+1) + 1 }

func main() { f(0) }
`)
	for _, level := range limitLevels {
		_, stderr, code := runMain(t, "run", "--level="+level, "--max-stack=10000", prog)
		if code != 2 || !strings.Contains(stderr, "fatal error: stack overflow") || !strings.Contains(stderr, "10000-frame limit") {
			t.Errorf("level %s: exit %d, stderr:\n%s", level, code, clipString(stderr))
		}
	}
}

// SIGINT and SIGTERM stop the program, flush its output, write the asked
// for reports (whole: written to a temporary name and renamed), and exit
// 130 and 143.
func TestSignals(t *testing.T) {
	bin := needJitvm(t)
	prog := writeProgram(t, "forever.go", loopForever)
	for _, c := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}, {syscall.SIGHUP, 129}} {
		for _, level := range limitLevels {
			t.Run(c.sig.String()+"/level="+level, func(t *testing.T) {
				dir := t.TempDir()
				report, pprofFile := filepath.Join(dir, "r.json"), filepath.Join(dir, "p.pb.gz")
				cmd := exec.Command(bin, "run", "--level="+level, "--stats", "--report="+report, "--pprof="+pprofFile, prog)
				var stdout, stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				time.Sleep(300 * time.Millisecond)
				if err := cmd.Process.Signal(c.sig); err != nil {
					t.Fatal(err)
				}
				done := make(chan error, 1)
				go func() { done <- cmd.Wait() }()
				select {
				case <-done:
				case <-time.After(10 * time.Second):
					cmd.Process.Kill()
					t.Fatal("jitvm did not stop within 10s of the signal")
				}
				if got := cmd.ProcessState.ExitCode(); got != c.code {
					t.Fatalf("exit status %d, want %d; stderr:\n%s", got, c.code, stderr.String())
				}
				if stdout.String() != "started\n" {
					t.Errorf("stdout %q", stdout.String())
				}
				if !strings.Contains(stderr.String(), "jitvm: program stopped: stopped by "+c.sig.String()) || !strings.Contains(stderr.String(), "profiler: ") {
					t.Errorf("stderr lacks the stop and the stats:\n%s", stderr.String())
				}
				var r struct {
					ExitStatus int `json:"exit_status"`
				}
				data, err := os.ReadFile(report)
				if err != nil || json.Unmarshal(data, &r) != nil || r.ExitStatus != c.code {
					t.Errorf("report: %v, exit_status %d, want %d", err, r.ExitStatus, c.code)
				}
				if fi, err := os.Stat(pprofFile); err != nil || fi.Size() == 0 {
					t.Errorf("pprof file: %v", err)
				}
				if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
					t.Errorf("temporary files left: %v", left)
				}
			})
		}
	}
}
