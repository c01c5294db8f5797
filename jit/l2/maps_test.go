//go:build amd64 && linux

package l2

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// anonBytes sums the sizes of the anonymous mappings of this process with
// permissions perm ("r-xp": generated code; the Go binary's own text has a
// path). The kernel merges adjacent mappings with equal permissions, so
// bytes, not lines, are what to count.
func anonBytes(t *testing.T, perm string) (total uint64, wx bool) {
	t.Helper()
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 5 {
			continue
		}
		if strings.Contains(fields[1], "w") && strings.Contains(fields[1], "x") {
			wx = true
		}
		if fields[1] != perm || len(fields) > 5 {
			continue
		}
		lo, hi, _ := strings.Cut(fields[0], "-")
		a, _ := strconv.ParseUint(lo, 16, 64)
		b, _ := strconv.ParseUint(hi, 16, 64)
		total += b - a
	}
	return total, wx
}

// Compiling many functions and freeing them (explicitly, or by dropping
// them for the garbage collector) leaves no executable mapping behind, and
// no mapping is ever writable and executable.
func TestNoMappingLeak(t *testing.T) {
	prog := compileFile(t, "../../examples/quicksort.go")
	// Let the code other tests dropped be unmapped first.
	before, _ := anonBytes(t, "r-xp")
	for i := 0; i < 50; i++ {
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
		now, _ := anonBytes(t, "r-xp")
		if now == before && i > 3 {
			break
		}
		before = now
	}
	rounds := 100
	if raceEnabled {
		rounds = 10
	}
	var peak uint64
	for r := 0; r < rounds; r++ {
		var codes []*Code
		for fn := range prog.Funcs {
			c, err := Compile(prog, fn, Options{})
			if err != nil {
				t.Fatal(err)
			}
			codes = append(codes, c)
		}
		if r == 0 {
			peak, _ = anonBytes(t, "r-xp")
		}
		for _, c := range codes {
			if err := c.Free(); err != nil {
				t.Fatal(err)
			}
			if err := c.Free(); err == nil {
				t.Fatal("a second Free succeeded")
			}
		}
	}
	after, wx := anonBytes(t, "r-xp")
	t.Logf("executable anonymous bytes: %d before, %d with one program's %d functions, %d after %d rounds of compile+Free",
		before, peak, len(prog.Funcs), after, rounds)
	if peak <= before {
		t.Fatalf("compiled code did not show up in /proc/self/maps (%d -> %d)", before, peak)
	}
	if after > before {
		t.Errorf("executable mappings leaked: %d bytes before, %d after", before, after)
	}
	if wx {
		t.Error("a mapping is writable and executable")
	}

	// Code nobody references is unmapped by the garbage collector, and so
	// is a machine's native stack once the machine is gone.
	stacksBefore, _ := anonBytes(t, "rw-p")
	for r := 0; r < 20; r++ {
		codes, _ := compileAll(t, prog, Options{})
		got := run(t, prog, installer(codes, func(int) bool { return true }))
		if got.code != 0 {
			t.Fatalf("exit %d", got.code)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
		now, _ := anonBytes(t, "r-xp")
		if now <= before || time.Now().After(deadline) {
			t.Logf("after dropping 20 programs' code and machines: %d executable bytes (want %d)", now, before)
			if now > before {
				t.Errorf("unreferenced code was not unmapped: %d bytes, want %d", now, before)
			}
			break
		}
	}
	stacksAfter, _ := anonBytes(t, "rw-p")
	t.Logf("anonymous rw-p: %s before the 20 machines, %s after they were collected", mib(stacksBefore), mib(stacksAfter))
	if stacksAfter > stacksBefore+2*uint64(nativeStackSize) {
		t.Errorf("native stacks of dropped machines not unmapped: rw-p anonymous %s -> %s", mib(stacksBefore), mib(stacksAfter))
	}
}

func mib(n uint64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
