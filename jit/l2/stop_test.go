//go:build amd64

package l2

import (
	"errors"
	"testing"
	"time"

	"github.com/jitvm/jitvm/vm"
)

// vm.Machine.Interrupt stops L2 code too: loops, calls and recursion exit
// at a preemption check within about the runtime's time slice, and the run
// ends with a StopError whose trace ends in main.main.
func TestInterruptStopsL2Code(t *testing.T) {
	for name, src := range map[string]string{
		"loop": `package main

func main() {
	x := 0
	for {
		x++
	}
}
`,
		"calls": `package main

func f(x int) int { return x + 1 }

func main() {
	x := 0
	for {
		x = f(x)
	}
}
`,
		"recursion": `package main

func f(n int) int {
	if n == 0 {
		return 1
	}
	return f(n-1) + f(n-1)
}

func main() { f(60) }
`,
	} {
		t.Run(name, func(t *testing.T) {
			prog := compileSrc(t, src)
			codes, failed := compileAll(t, prog, Options{Inline: NoInline})
			if len(failed) > 0 {
				t.Fatal(failed)
			}
			m := vm.New(prog, vm.Options{})
			installer(codes, func(int) bool { return true })(m)
			cause := errors.New("timed out")
			askedAt := make(chan time.Time, 1)
			go func() {
				time.Sleep(50 * time.Millisecond)
				askedAt <- time.Now()
				m.Interrupt(cause)
			}()
			err := m.Run()
			took := time.Since(<-askedAt)
			var se *vm.StopError
			if !errors.As(err, &se) || !errors.Is(err, cause) {
				t.Fatalf("run ended with %v, want a StopError for %v", err, cause)
			}
			if len(se.Trace) == 0 || se.Trace[len(se.Trace)-1].Func != "main.main" {
				t.Errorf("trace %+v does not end in main.main", se.Trace)
			}
			if d := m.Depth(); d != 0 {
				t.Errorf("frame depth %d after the run", d)
			}
			t.Logf("stopped %v after the interrupt, in %s", took, se.Trace[0].Func)
			if took > 500*time.Millisecond {
				t.Errorf("took %v to stop", took)
			}
		})
	}
}

// The heap limit stops an L2 loop whose appends grow a slice, at the
// append, as in the interpreter.
func TestMaxHeapL2(t *testing.T) {
	prog := compileSrc(t, `package main

import "fmt"

func main() {
	var s []int
	for i := 0; i < 100000000; i++ {
		s = append(s, i)
	}
	fmt.Println(len(s))
}
`)
	codes, _ := compileAll(t, prog, Options{})
	m := vm.New(prog, vm.Options{MaxHeap: 64 << 20})
	installer(codes, func(int) bool { return true })(m)
	err := m.Run()
	var hl *vm.HeapLimitError
	var se *vm.StopError
	if !errors.As(err, &hl) || !errors.As(err, &se) {
		t.Fatalf("run ended with %v, want a heap limit StopError", err)
	}
	if se.Trace[0].Func != "main.main" || se.Trace[0].Line != 8 {
		t.Errorf("stopped at %+v, want the append (main.main line 8)", se.Trace[0])
	}
}
