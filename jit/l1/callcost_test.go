package l1

import (
	"io"
	"os"
	"runtime"
	"testing"

	"github.com/jitvm/jitvm/vm"
)

// fakeLoop is a tier whose code calls function callee n times.
type fakeLoop struct{ callee, n int }

func (f fakeLoop) Enter(m *vm.Machine, base, pc int) {
	for i := 0; i < f.n; i++ {
		m.Call(f.callee, base+1, 0)
	}
}
func (fakeLoop) CanEnter(int) bool { return true }

type fakeEmpty struct{}

func (fakeEmpty) Enter(m *vm.Machine, base, pc int) {}
func (fakeEmpty) CanEnter(int) bool                 { return true }

// TestCallCost measures the VM's share of a call from compiled code: the
// cost of vm.Machine.Call into code that does nothing, against an L0 loop
// of calls and an L1 one. It prints; run it with L1_CALLCOST=1.
func TestCallCost(t *testing.T) {
	if os.Getenv("L1_CALLCOST") == "" {
		t.Skip("set L1_CALLCOST=1")
	}
	runtime.LockOSThread()
	const n = 20000000
	prog, err := vm.Compile("calls.go", []byte(`package main

func f() {}

func loop() {
	for i := 0; i < 20000000; i++ {
		f()
	}
}

func main() {
	loop()
}
`))
	if err != nil {
		t.Fatal(err)
	}
	codes := compiled(t, prog)
	f, loop := prog.FuncIndex("main.f"), prog.FuncIndex("main.loop")
	for range 3 {
		t0 := threadCPU()
		runAt(prog, nil)
		t1 := threadCPU()
		runAt(prog, codes)
		t2 := threadCPU()
		m := vm.New(prog, vm.Options{Stdout: io.Discard})
		m.Install(loop, fakeLoop{f, n}, 1, false)
		m.Install(f, fakeEmpty{}, 1, false)
		m.Run()
		t3 := threadCPU()
		t.Logf("per call: L0 loop %.2f ns, L1 loop %.2f ns, vm.Machine.Call into empty code %.2f ns",
			float64(t1-t0)/n, float64(t2-t1)/n, float64(t3-t2)/n)
	}
}
