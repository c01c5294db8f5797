package bench

import (
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jitvm/jitvm/vm"
)

// buildNative builds a program with the Go toolchain into dir.
func buildNative(b *testing.B, src, dir string) string {
	b.Helper()
	bin := filepath.Join(dir, strings.TrimSuffix(filepath.Base(src), ".go"))
	cmd := exec.Command("go", "build", "-o", bin, src)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("go build %s: %v\n%s", src, err, out)
	}
	return bin
}

// BenchmarkPrograms runs each bench program in the L0 interpreter, with its
// Go-native binary interleaved, and reports the ratio.
func BenchmarkPrograms(b *testing.B) {
	if _, err := exec.LookPath("go"); err != nil {
		b.Skip("the go toolchain is not on PATH: no native baseline")
	}
	files, err := filepath.Glob("programs/*.go")
	if err != nil || len(files) == 0 {
		b.Fatal("no programs in bench/programs")
	}
	dir := b.TempDir()
	for _, src := range files {
		name := strings.TrimSuffix(filepath.Base(src), ".go")
		prog, err := vm.CompileFile(src)
		if err != nil {
			b.Fatal(err)
		}
		native := buildNative(b, src, dir)
		b.Run(name+"/level=0", func(b *testing.B) {
			var vmTime, goTime time.Duration
			for i := 0; i < b.N; i++ {
				// ns/op is the VM's time; the native run is timed apart.
				b.StopTimer()
				t0 := time.Now()
				if err := exec.Command(native).Run(); err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				b.StartTimer()
				if err := vm.New(prog, vm.Options{Stdout: io.Discard}).Run(); err != nil {
					b.Fatal(err)
				}
				goTime += t1.Sub(t0)
				vmTime += time.Since(t1)
			}
			b.ReportMetric(float64(goTime.Nanoseconds())/float64(b.N), "go-ns/op")
			b.ReportMetric(float64(vmTime)/float64(goTime), "x-go")
		})
	}
}
