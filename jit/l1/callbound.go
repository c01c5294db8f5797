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
// faster: it has no loop, and it calls itself, and every other call it
// makes L1 inlines, and it has no guard (guardOf) for L1 to splice into
// its calls (its quick return calls, or it has none). Each
// run of it is then a few instructions between calls, and an L1 call costs
// what the interpreter's does (the frame record, the return stack, the run
// loop's dispatch), so L1 runs it no faster than L0. With a guard (fib),
// the calls that would return at once cost no call: L1 runs fib 1.45x
// faster than L0.
//
// Only recursion counts: a function that calls another one, which may run
// at L1, is left alone, since leaving it at L0 would make each of those
// calls, and each call of it from L1 code, a switch between tiers
// (vm.Machine.Call), dearer than either tier's own calls.
func CallBound(prog *bc.Program, fn int) bool {
	self := false
	for _, in := range prog.Funcs[fn].Code {
		switch op := in.Op(); {
		case op.IsJump() && in.C() < 0:
			return false // a loop
		case op == bc.CALL:
			switch callee := in.B(); {
			case callee == fn:
				self = true
			case !inlinable(prog, callee):
				return false
			}
		}
	}
	return self && guardOf(prog, fn) == nil
}
