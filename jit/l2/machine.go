//go:build amd64

package l2

import (
	"fmt"
	"reflect"
	"sync/atomic"
	"unsafe"

	"github.com/jitvm/jitvm/vm"
)

// L2 keeps the VM's frame stack exact while native code calls native code
// (so that stack traces, Machine.Call from inside a native callee, and the
// profiler's published function are all right), but package vm exports no
// way to push a frame record without running the callee. So L2 reads and
// writes four unexported words of vm.Machine directly: the frame stack
// (frames, a []frame of {fn, pc, base int}), its depth, the running
// frame's fn and base (which Machine.Interpret resumes), and the published
// function (current). Their offsets are found by name with reflect when
// the package loads, their types checked; TestMachineLayout pins them. A
// change of vm.Machine that breaks them makes Available fail rather than
// the JIT. The right fix is an exported API in vm; see doc.go.
type machineLayout struct {
	frames, depth, fn, base, current uintptr
}

// frameRec mirrors vm's frame record.
type frameRec struct {
	fn, pc, base int
}

var layout, layoutErr = findLayout()

func findLayout() (machineLayout, error) {
	var l machineLayout
	t := reflect.TypeFor[vm.Machine]()
	field := func(name string, want reflect.Type, off *uintptr) error {
		f, ok := t.FieldByName(name)
		if !ok {
			return fmt.Errorf("l2: vm.Machine has no field %s", name)
		}
		if f.Type.Kind() != want.Kind() || f.Type.Size() != want.Size() {
			return fmt.Errorf("l2: vm.Machine.%s is %v, want the layout of %v", name, f.Type, want)
		}
		*off = f.Offset
		return nil
	}
	intT := reflect.TypeFor[int]()
	for _, f := range []struct {
		name string
		t    reflect.Type
		off  *uintptr
	}{
		{"depth", intT, &l.depth},
		{"fn", intT, &l.fn},
		{"base", intT, &l.base},
		{"frames", reflect.TypeFor[[]frameRec](), &l.frames},
		{"current", reflect.TypeFor[atomic.Int32](), &l.current},
	} {
		if err := field(f.name, f.t, f.off); err != nil {
			return l, err
		}
	}
	ft, _ := t.FieldByName("frames")
	et := ft.Type.Elem()
	if et.Kind() != reflect.Struct || et.NumField() != 3 || et.Size() != unsafe.Sizeof(frameRec{}) {
		return l, fmt.Errorf("l2: vm frame record is %v, want {fn, pc, base int}", et)
	}
	for i, name := range []string{"fn", "pc", "base"} {
		f := et.Field(i)
		if f.Name != name || f.Type.Kind() != reflect.Int || f.Offset != uintptr(8*i) {
			return l, fmt.Errorf("l2: vm frame record field %d is %s %v at %d, want %s int at %d", i, f.Name, f.Type, f.Offset, name, 8*i)
		}
	}
	return l, nil
}

// vmState is a typed view of the machine words L2 uses.
type vmState struct{ m *vm.Machine }

func (s vmState) ptr(off uintptr) unsafe.Pointer { return unsafe.Add(unsafe.Pointer(s.m), off) }

func (s vmState) frames() []frameRec     { return *(*[]frameRec)(s.ptr(layout.frames)) }
func (s vmState) depth() int             { return *(*int)(s.ptr(layout.depth)) }
func (s vmState) setDepth(d int)         { *(*int)(s.ptr(layout.depth)) = d }
func (s vmState) current() *atomic.Int32 { return (*atomic.Int32)(s.ptr(layout.current)) }

// setRunning makes the frame on top of the stack the interpreter's running
// frame (before Machine.Interpret).
func (s vmState) setRunning(fn, base int) {
	*(*int)(s.ptr(layout.fn)) = fn
	*(*int)(s.ptr(layout.base)) = base
}
