package l1

import (
	"runtime"
	"testing"

	"github.com/jitvm/jitvm/vm"
)

func TestCallCost(t *testing.T) {
	runtime.LockOSThread()
	prog, err := vm.CompileFile("/tmp/callbench/calls.go")
	if err != nil {
		t.Fatal(err)
	}
	codes := compiled(t, prog)
	for i := 0; i < 3; i++ {
		for level, cs := range [][]*Code{nil, codes} {
			t0 := threadCPU()
			runAt(prog, cs)
			t.Logf("level %d: %.2f ns/iteration", level, float64(threadCPU()-t0)/20e6)
		}
	}
}
