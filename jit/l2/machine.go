//go:build amd64

package l2

import "github.com/jitvm/jitvm/vm"

// L2 keeps the VM's frame stack exact while native code calls native code
// (so that stack traces, Machine.Call from inside a native callee, and the
// profiler's published function are all right): native code pushes and
// pops vm.Frame records in the machine's frame stack and stores the
// running function in its current cell, through the API vm exports for
// tiers (vm/frames.go: Frames, Depth, SetDepth, SetRunning, CurrentCell).

// frameRec is a frame record; emit.go's frameSize and offsets describe it
// to generated code (TestMachineLayout checks them).
type frameRec = vm.Frame
