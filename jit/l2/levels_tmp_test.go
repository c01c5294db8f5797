//go:build amd64 && linux

package l2

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jitvm/jitvm/jit/l1"
	"github.com/jitvm/jitvm/vm"
)

func TestLevelsTmp(t *testing.T) {
	if os.Getenv("LEVELS") == "" {
		t.Skip()
	}
	files, _ := filepath.Glob("../../bench/programs/*.go")
	for _, ex := range []string{"ackermann", "bintrees", "collatz", "hotcall", "hotloop", "life", "nqueens", "primes", "quicksort", "twofuncs"} {
		files = append(files, "../../examples/"+ex+".go")
	}
	dir := t.TempDir()
	for _, src := range files {
		prog := compileFile(t, src)
		bin := filepath.Join(dir, "x")
		if out, err := exec.Command("go", "build", "-o", bin, src).CombinedOutput(); err != nil {
			t.Fatal(string(out))
		}
		best := func(f func() time.Duration) time.Duration {
			b := time.Hour
			for i := 0; i < 3; i++ {
				b = min(b, f())
			}
			return b
		}
		goT := best(func() time.Duration {
			cmd := exec.Command(bin)
			cmd.Run()
			return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		})
		level := func(l int) time.Duration {
			return best(func() time.Duration {
				var cpu0, cpu time.Duration
				m := vm.New(prog, vm.Options{Stdout: io.Discard,
					OnStart: func(int, *atomic.Int32) { cpu0 = threadCPU() },
					OnStop:  func() { cpu = threadCPU() - cpu0 }})
				for fn := range prog.Funcs {
					switch l {
					case 1:
						if c, err := l1.Compile(prog, fn); err == nil {
							m.Install(fn, c, 1, false)
						}
					case 2:
						if c, err := Compile(prog, fn, Options{}); err == nil {
							m.Install(fn, c, 2, false)
						}
					}
				}
				if err := m.Run(); err != nil {
					t.Fatal(err)
				}
				return cpu
			})
		}
		l0, l1t, l2t := level(0), level(1), level(2)
		name := strings.TrimSuffix(filepath.Base(src), ".go")
		fmt.Printf("%-14s go %7.1fms  L0 %8.1fms (%5.1fx)  L1 %8.1fms (%5.1fx)  L2 %7.1fms (%5.2fx)  L1/L2 %5.1f  L0/L2 %5.1f\n", name,
			ms(goT), ms(l0), ratio(l0, goT), ms(l1t), ratio(l1t, goT), ms(l2t), ratio(l2t, goT), ratio(l1t, l2t), ratio(l0, l2t))
	}
}

func ms(d time.Duration) float64       { return float64(d) / 1e6 }
func ratio(a, b time.Duration) float64 { return float64(a) / float64(b) }
