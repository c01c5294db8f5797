//go:build amd64

package l2

import (
	"sync/atomic"

	"github.com/jitvm/jitvm/vm"
)

// L2 keeps the VM's frame stack exact while native code calls native code
// (so that stack traces, Machine.Call from inside a native callee, and the
// profiler's published function are all right): native code pushes and
// pops vm.Frame records in the machine's frame stack and stores the
// running function in its current cell, through the API vm exports for
// tiers (vm/frames.go). vmState is the view of it the runtime uses.
type vmState struct{ m *vm.Machine }

// frameRec is a frame record; emit.go's frameSize and offsets describe it
// to generated code (TestMachineLayout checks them).
type frameRec = vm.Frame

func (s vmState) frames() []frameRec     { return s.m.Frames() }
func (s vmState) depth() int             { return s.m.Depth() }
func (s vmState) setDepth(d int)         { s.m.SetDepth(d) }
func (s vmState) current() *atomic.Int32 { return s.m.CurrentCell() }

// setRunning makes the frame on top of the stack the interpreter's running
// frame (before Machine.Interpret).
func (s vmState) setRunning(fn, base int) { s.m.SetRunning(fn, base) }
