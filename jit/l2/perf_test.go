//go:build amd64 && linux

package l2

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jitvm/jitvm/vm"
)

const perfChildEnv = "JITVM_L2_PERF_CHILD"

const perfSrc = `package main

import "fmt"

func hot(n int) int {
	x := 1
	for i := 0; i < n; i++ {
		x = x*6364136223846793005 + 1442695040888963407
		x ^= x >> 29
	}
	return x
}

func main() {
	fmt.Println(hot(400000000))
}
`

// TestPerfChild is the child process of TestPerfReport: it runs a hot loop
// compiled by L2 with the perf map written.
func TestPerfChild(t *testing.T) {
	if os.Getenv(perfChildEnv) != "1" {
		t.Skip("run by TestPerfReport")
	}
	pm, err := OpenPerfMap("")
	if err != nil {
		t.Fatal(err)
	}
	defer pm.Close()
	fmt.Printf("perfmap %s\n", pm.Path())
	prog := compileSrc(t, perfSrc)
	codes, failed := compileAll(t, prog, Options{PerfMap: pm})
	if len(failed) > 0 {
		t.Fatal(failed)
	}
	m := vm.New(prog, vm.Options{Stdout: io.Discard})
	installer(codes, func(int) bool { return true })(m)
	if err := m.Run(); err != nil {
		t.Fatal(err)
	}
}

// `perf record -e cpu-clock` of a process running an L2-compiled hot loop,
// with the perf map written, then `perf report` names the program
// function.
func TestPerfReport(t *testing.T) {
	perf, err := exec.LookPath("perf")
	if err != nil {
		t.Skip("perf is not installed (apt-get install linux-perf): cannot check that perf sees L2 code")
	}
	if testing.Short() {
		t.Skip("runs a child under perf for about a second")
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "perf.data")
	rec := exec.Command(perf, "record", "-q", "-e", "cpu-clock", "-o", data, "--",
		os.Args[0], "-test.run=^TestPerfChild$", "-test.v")
	rec.Env = append(os.Environ(), perfChildEnv+"=1")
	out, err := rec.CombinedOutput()
	if err != nil {
		t.Skipf("perf record does not work here: %v\n%s", err, out)
	}
	var mapPath string
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		if p, ok := strings.CutPrefix(sc.Text(), "perfmap "); ok {
			mapPath = p
		}
	}
	if mapPath == "" {
		t.Fatalf("child did not report its perf map:\n%s", out)
	}
	defer os.Remove(mapPath)
	m, err := os.ReadFile(mapPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(m), " jitvm:L2:main.hot") {
		t.Fatalf("perf map %s lacks main.hot:\n%s", mapPath, m)
	}
	rep := exec.Command(perf, "report", "--stdio", "-i", data, "--sort", "sym")
	rout, err := rep.CombinedOutput()
	if err != nil {
		t.Fatalf("perf report: %v\n%s", err, rout)
	}
	var top string
	for _, line := range strings.Split(string(rout), "\n") {
		if strings.Contains(line, "%") && !strings.HasPrefix(strings.TrimSpace(line), "#") {
			top = line
			break
		}
	}
	t.Logf("perf map:\n%sperf report's top line: %s", m, top)
	if !strings.Contains(top, "jitvm:L2:main.hot") { // inlined in main.main: named so
		t.Errorf("perf report's hottest symbol is not the L2 code of main.hot:\n%s", rout)
	}
}
