package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestDisasmLevels(t *testing.T) {
	prog := filepath.Join("..", "..", "examples", "fib.go")
	for level, want := range map[string][]string{
		"0": {"func main.fib", "JGEK", "; 10: if n < 2 {"},
		"1": {"l1 main.fib", "call main.fib"},
		"2": {"func main.fib (L2,", "JGEK", "cmp rsi, 0x2", "call 0x"},
	} {
		stdout, stderr, code := runMain(t, "disasm", "--level="+level, prog, "fib")
		if code != 0 {
			t.Fatalf("--level=%s: exit %d: %s", level, code, stderr)
		}
		for _, w := range want {
			if !strings.Contains(stdout, w) {
				t.Errorf("--level=%s: output lacks %q:\n%s", level, w, clipString(stdout))
			}
		}
	}
	if _, stderr, code := runMain(t, "disasm", "--level=3", prog); code != 1 || !strings.Contains(stderr, "want 0, 1 or 2") {
		t.Errorf("--level=3: exit %d, stderr %q", code, stderr)
	}
}

// Linux perf names JIT-compiled functions through jitvm's perf map: perf
// record on "jitvm run --perf-map" attributes the hot loop's samples to
// jitvm:L2:main.<function>.
func TestPerfRecordNamesJITCode(t *testing.T) {
	perf, err := exec.LookPath("perf")
	if err != nil {
		t.Skip("the perf tool is not installed (.ci/run installs linux-perf)")
	}
	if testing.Short() {
		t.Skip("perf record and report take a few seconds")
	}
	bin := needJitvm(t)
	prog := writeProgram(t, "hot.go", `package main

import "fmt"

func spin(n int) int {
	x := 1
	for i := 0; i < n; i++ {
		x = x*6364136223846793005 + 1442695040888963407
	}
	return x
}

func main() {
	s := 0
	for i := 0; i < 40; i++ {
		s += spin(10000000)
	}
	fmt.Println(s)
}
`)
	dir := t.TempDir()
	data := filepath.Join(dir, "perf.data")
	rec := exec.Command(perf, "record", "-q", "-e", "cpu-clock", "-o", data, "--", bin, "run", "--perf-map", "--level=2", prog)
	if out, err := rec.CombinedOutput(); err != nil {
		t.Fatalf("perf record: %v\n%s", err, out)
	}
	rep := exec.Command(perf, "report", "--stdio", "-i", data, "--sort", "sym")
	out, err := rep.CombinedOutput()
	if err != nil {
		t.Fatalf("perf report: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "jitvm:L2:main.spin") {
		t.Errorf("perf report does not name the JIT-compiled hot function:\n%s", clipString(string(out)))
	}
	// The map is the process's own: /tmp/perf-PID.map, left for perf to read.
	maps, _ := filepath.Glob("/tmp/perf-*.map")
	for _, m := range maps {
		if b, _ := os.ReadFile(m); strings.Contains(string(b), "jitvm:L2:main.spin") {
			os.Remove(m)
		}
	}
}
