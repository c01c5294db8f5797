package l1

import bc "github.com/jitvm/jitvm/vm/bytecode"

// CallBoundSpeedup is what L1 makes of a call-bound function's speed (see
// CallBound), relative to the interpreter's: measured, fib 0.95x and
// ackermann 1.01x (L1_SPEEDUP=7 L1_ONLY=fib,ackermann go test ./jit/l1
// -run Speedup -v), 0.83x and 0.96x before calls pushed their frame
// record inline (vm.Machine.PushFast). Not above 1: compiling such a
// function buys nothing.
const CallBoundSpeedup = 0.95

// CallBound reports whether function fn of prog is one L1 does not make
// faster: it has no loop, and it makes a call that L1 does not inline
// (fib, ackermann). Each run of it is then a few instructions between
// calls, and an L1 call costs what the interpreter's does (the frame
// record, the return stack, the run loop's dispatch), so L1 runs it no
// faster than L0. A function that loops, or whose only calls are inlined,
// is not call-bound.
func CallBound(prog *bc.Program, fn int) bool {
	calls := false
	for _, in := range prog.Funcs[fn].Code {
		switch op := in.Op(); {
		case op.IsJump() && in.C() < 0:
			return false // a loop
		case op == bc.CALL:
			if callee := in.B(); callee == fn || !inlinable(prog, callee) {
				calls = true
			}
		}
	}
	return calls
}
