//go:build amd64 && linux

package l2

import (
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jitvm/jitvm/vm"
	bc "github.com/jitvm/jitvm/vm/bytecode"
	"golang.org/x/sys/unix"
)

// BenchmarkPrograms runs each bench program (and the long-running
// examples) in the interpreter (level=0), with every function compiled by
// L2 (level=2), and as the Go-native binary built from the same source
// (go), as sub-benchmarks of one run:
//
//	go test ./jit/l2 -run '^$' -bench Programs -benchtime 3x
//
// The L2 and L0 sub-benchmarks time the native binary between their own
// runs too, and report the ratios as x-go (wall time, measured under the
// same load) and x-go-cpu (CPU time: the VM thread's, and the native
// process's user+system, which is what to trust on a loaded machine).
// L2's compile time is not included in ns/op; it is reported as
// compile-ms.
func BenchmarkPrograms(b *testing.B) {
	if _, err := exec.LookPath("go"); err != nil {
		b.Skip("no go toolchain: no native baseline")
	}
	files, _ := filepath.Glob("../../bench/programs/*.go")
	for _, ex := range []string{"ackermann", "bintrees", "collatz", "hotcall", "hotloop", "life", "nqueens", "primes", "quicksort", "twofuncs"} {
		files = append(files, "../../examples/"+ex+".go")
	}
	dir := b.TempDir()
	for _, src := range files {
		name := strings.TrimSuffix(filepath.Base(src), ".go")
		if strings.Contains(src, "examples/") {
			name = "ex_" + name
		}
		prog, err := vm.CompileFile(src)
		if err != nil {
			b.Fatal(err)
		}
		bin := filepath.Join(dir, name)
		if out, err := exec.Command("go", "build", "-o", bin, src).CombinedOutput(); err != nil {
			b.Fatalf("go build %s: %v\n%s", src, err, out)
		}
		b.Run(name+"/go", func(b *testing.B) {
			for range b.N {
				if err := exec.Command(bin).Run(); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/level=2", func(b *testing.B) {
			benchLevel(b, prog, bin, true)
		})
		if !testing.Short() {
			b.Run(name+"/level=0", func(b *testing.B) {
				benchLevel(b, prog, bin, false)
			})
		}
	}
}

func benchLevel(b *testing.B, prog *bc.Program, bin string, l2 bool) {
	var vmTime, goTime, compile, vmCPU, goCPU time.Duration
	for range b.N {
		b.StopTimer()
		t0 := time.Now()
		cmd := exec.Command(bin)
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
		goTime += time.Since(t0)
		goCPU += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		var cpu0 time.Duration
		m := vm.New(prog, vm.Options{Stdout: io.Discard,
			OnStart: func(int, *atomic.Int32) { cpu0 = threadCPU() },
			OnStop:  func() { vmCPU += threadCPU() - cpu0 }})
		if l2 {
			t1 := time.Now()
			for fn := range prog.Funcs {
				if c, err := Compile(prog, fn, Options{}); err == nil {
					m.Install(fn, c, 2, false)
				}
			}
			compile += time.Since(t1)
		}
		b.StartTimer()
		t2 := time.Now()
		if err := m.Run(); err != nil {
			b.Fatal(err)
		}
		vmTime += time.Since(t2)
	}
	b.ReportMetric(float64(goTime.Nanoseconds())/float64(b.N), "go-ns/op")
	b.ReportMetric(float64(vmTime)/float64(goTime), "x-go")
	b.ReportMetric(float64(vmCPU)/float64(goCPU), "x-go-cpu")
	if l2 {
		b.ReportMetric(float64(compile.Milliseconds())/float64(b.N), "compile-ms")
	}
}

// threadCPU is the calling thread's CPU time (user and system).
func threadCPU() time.Duration {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_THREAD, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
