package vm

// Replacement is on-stack replacement of compiled code by newer compiled
// code, for a tier whose running frame can leave its code only at certain
// loop headers (L2: where it exits to Go for preemption, having written
// the bytecode's state at the header back to the frame window).
//
// The frame on top of the frame stack runs function fn in code running
// and is at loop header pc, with every value live there in its window.
// Replacement returns fn's installed code when that is not running, is of
// level minLevel or above, and can enter at pc; it then counts an entry
// (OSREntries), and the caller enters it there (Code.Enter, which returns
// when the function has returned, its results in the window) and leaves
// its own activation as if the function had returned. Otherwise it returns
// nil and the frame goes on in running.
//
// It does not look at Install's osr flag, which is about frames in the
// interpreter, and does not clear it: every frame of the older code moves,
// whenever it reaches such a header.
func (m *Machine) Replacement(fn int, running Code, minLevel, pc int) Code {
	in := m.code[fn].Load()
	if in == nil || in.code == running || in.level < minLevel || !in.code.CanEnter(pc) {
		return nil
	}
	m.osrEntries[fn]++
	return in.code
}
