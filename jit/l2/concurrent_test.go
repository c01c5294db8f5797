//go:build amd64

package l2

import (
	"sync"
	"testing"
)

// The same compiled code runs on several machines at once (each machine
// has its own native stack, frame table and Context), and compiling runs
// concurrently with running, as with the background JIT.
func TestConcurrentMachines(t *testing.T) {
	file := "../../examples/quicksort.go"
	if raceEnabled || testing.Short() {
		file = "../../examples/slices2d.go"
	}
	prog := compileFile(t, file)
	want := run(t, prog, nil)
	codes, failed := compileAll(t, prog, Options{})
	if len(failed) > 0 {
		t.Fatal(failed)
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := 0; r < 3; r++ {
				if got := run(t, prog, installer(codes, func(fn int) bool { return (fn+g+r)%3 != 0 })); got != want {
					t.Errorf("goroutine %d run %d: %+v", g, r, got)
				}
				if _, err := Compile(prog, prog.Main, Options{}); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
}
