package native

// The runtime internals that generated code hard-codes (linux/amd64, Go 1.26).
// TestRuntimeConstants and TestPreemptMarkerVisible pin them.
const (
	// GStackguard0Offset is the offset of stackguard0 in the runtime's g
	// (after stack.lo and stack.hi).
	GStackguard0Offset = 16
	// StackPreempt is the value the runtime stores in g.stackguard0 to ask a
	// running goroutine to stop (runtime.stackPreempt, 0xfffffade as a
	// sign-extended 32-bit immediate).
	StackPreempt = 0xfffffffffffffade
	// TLSGOffset is where g lives relative to FS in executables linked by
	// Go's internal linker (runtime.tlsg): MOV reg, FS:[-8]. Not valid with
	// external linking or c-shared; generated code uses R14 or Context.g.
	TLSGOffset = -8
)

func getg() uintptr
func getR14() uintptr
func stackguard0() uintptr
func gWord(i int) uintptr
func spinUntilStackguard(want uintptr, max uint64) (got uintptr, n uint64)
