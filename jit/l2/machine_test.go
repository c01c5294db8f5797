//go:build amd64

package l2

import (
	"testing"
	"unsafe"

	"github.com/jitvm/jitvm/vm"
)

// TestMachineLayout pins the layouts generated code hard-codes (vm.Frame,
// vm.Slice): a change of the VM that moves them fails here.
func TestMachineLayout(t *testing.T) {
	if unsafe.Sizeof(frameRec{}) != frameSize || unsafe.Offsetof(frameRec{}.Fn) != frameFnOff ||
		unsafe.Offsetof(frameRec{}.PC) != framePCOff {
		t.Error("frame record constants do not match frameRec")
	}
	var s vm.Slice
	if unsafe.Sizeof(s) != sliceSize ||
		unsafe.Offsetof(s.W) != sliceWPtr || unsafe.Offsetof(s.S) != sliceSPtr {
		t.Error("slice header constants do not match vm.Slice")
	}
	// A machine running a program: the depth and the frame stack seen
	// through the layout match what the VM reports in a trace.
	prog := compileSrc(t, `package main

func f(n int) int {
	if n == 0 {
		return 1 / n
	}
	return f(n - 1)
}

func main() { f(3) }
`)
	codes, _ := compileAll(t, prog, Options{})
	r := run(t, prog, installer(codes, func(int) bool { return true }))
	want := run(t, prog, nil)
	if r.trace != want.trace || r.trace == "" {
		t.Errorf("trace through native frames:\n%s\nwant\n%s", r.trace, want.trace)
	}
	m := vm.New(prog, vm.Options{})
	if m.Depth() != 0 || len(m.Frames()) == 0 || m.CurrentCell().Load() != -1 {
		t.Errorf("new machine: depth %d, %d frames, current %d", m.Depth(), len(m.Frames()), m.CurrentCell().Load())
	}
}
