package l1

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jitvm/jitvm/vm"
	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// longRunning are the examples that run long enough (0.1 s and more at L0)
// to measure a tier on; the bench programs are added to them.
var longRunning = []string{
	"ackermann", "bintrees", "collatz", "fannkuch", "fib", "hotcall", "hotloop", "life",
	"mandelbrot", "matmul", "nbody", "nqueens", "primes", "quicksort", "sieve", "spectralnorm", "twofuncs",
}

func benchFiles(t testing.TB) map[string]string {
	files := map[string]string{}
	for _, name := range longRunning {
		files[name] = "../../examples/" + name + ".go"
	}
	bench, _ := filepath.Glob("../../bench/programs/*.go")
	for _, f := range bench {
		files["bench-"+strings.TrimSuffix(filepath.Base(f), ".go")] = f
	}
	return files
}

// threadCPU is the CPU time of the calling thread: the machine is shared,
// and wall time measures the other tenants too.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// compiled compiles every function of prog at L1.
func compiled(t testing.TB, prog *bc.Program) []*Code {
	codes := make([]*Code, len(prog.Funcs))
	for fn := range prog.Funcs {
		c, err := Compile(prog, fn)
		if err != nil {
			t.Fatal(err)
		}
		codes[fn] = c
	}
	return codes
}

// runAt runs prog once at level 0, or with codes installed.
func runAt(prog *bc.Program, codes []*Code) error {
	m := vm.New(prog, vm.Options{Stdout: io.Discard})
	for fn, c := range codes {
		m.Install(fn, c, 1, false)
	}
	err := m.Run()
	if vm.ExitCode(err) != 0 && !strings.Contains(err.Error(), "exit status") {
		return err
	}
	return nil
}

// BenchmarkL1 runs each long-running example and bench program at L0 and at
// L1 as sub-benchmarks (BenchmarkL1/fib/level=0, .../level=1), reporting
// the thread's CPU time (cpu-ns/op) next to wall time:
//
//	go test ./jit/l1 -run '^$' -bench L1 -count 5 | benchstat -col /level -
func BenchmarkL1(b *testing.B) {
	files := benchFiles(b)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		prog, err := vm.CompileFile(files[name])
		if err != nil {
			b.Fatal(err)
		}
		codes := compiled(b, prog)
		for level, cs := range [][]*Code{nil, codes} {
			b.Run(fmt.Sprintf("%s/level=%d", name, level), func(b *testing.B) {
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				cpu := time.Duration(0)
				for i := 0; i < b.N; i++ {
					t0 := threadCPU()
					if err := runAt(prog, cs); err != nil {
						b.Fatal(err)
					}
					cpu += threadCPU() - t0
				}
				b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
			})
		}
	}
}

// TestSpeedup prints, for each long-running program, the least thread CPU
// time of L0 and L1 runs interleaved (and the medians), their ratio, and
// the geometric mean of the ratios over the examples. It is a measurement, not a check: it runs
// only with L1_SPEEDUP=N (N runs per level), e.g.
//
//	L1_SPEEDUP=5 go test ./jit/l1 -run Speedup -v
func TestSpeedup(t *testing.T) {
	var n int
	if _, err := fmt.Sscan(os.Getenv("L1_SPEEDUP"), &n); err != nil || n <= 0 {
		t.Skip("set L1_SPEEDUP=N to measure")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	files := benchFiles(t)
	if only := os.Getenv("L1_ONLY"); only != "" {
		for name := range files {
			if !slices.Contains(strings.Split(only, ","), name) {
				delete(files, name)
			}
		}
	}
	names := make([]string, 0, len(files))
	for name := range files {
		if !strings.HasPrefix(name, "bench-") || os.Getenv("L1_BENCH") != "" {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	logSum, count := 0.0, 0
	for _, name := range names {
		prog, err := vm.CompileFile(files[name])
		if err != nil {
			t.Fatal(err)
		}
		codes := compiled(t, prog)
		var l0, l1 []time.Duration
		for range n {
			for level, cs := range [][]*Code{nil, codes} {
				t0 := threadCPU()
				if err := runAt(prog, cs); err != nil {
					t.Fatal(err)
				}
				d := threadCPU() - t0
				if level == 0 {
					l0 = append(l0, d)
				} else {
					l1 = append(l1, d)
				}
			}
		}
		// The minimum estimates the cost without the other tenants'
		// interference best; the median is printed for comparison.
		slices.Sort(l0)
		slices.Sort(l1)
		m0, m1 := l0[0], l1[0]
		ratio := float64(m0) / float64(m1)
		t.Logf("%-20s L0 %8.1f ms   L1 %8.1f ms   x%.2f   (medians %.1f %.1f: x%.2f)", name, ms(m0), ms(m1), ratio,
			ms(l0[len(l0)/2]), ms(l1[len(l1)/2]), float64(l0[len(l0)/2])/float64(l1[len(l1)/2]))
		if !strings.HasPrefix(name, "bench-") {
			logSum += math.Log(ratio)
			count++
		}
	}
	if count > 0 {
		t.Logf("geometric mean over %d examples: x%.2f", count, math.Exp(logSum/float64(count)))
	}
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }
