// Package l2 is jitvm's native tier: it compiles one function's bytecode to
// x86-64 machine code that runs in the interpreter's own frame window, so
// frames move freely between the interpreter and L2 (calls, returns,
// on-stack replacement at loop headers), and a panic in L2 code prints the
// interpreter's message and program stack trace.
//
//	code, err := l2.Compile(prog, fn, l2.Options{Inline: hot})  // err: why not
//	m.Install(fn, code, 2, osr)                                 // a vm.Code
//
// Available says whether L2 can run here (amd64, executable memory, the VM
// layout below). Code.Disasm prints the machine code next to the bytecode
// (jitvm disasm --level=2), Code.Range/PerfRanges give the addresses for
// the code map (NewCodeMap, for profiler.Target.CodeMap) and perf maps
// (OpenPerfMap, Options.PerfMap).
//
// # Pipeline
//
// ir.go decodes the bytecode and splices in inlined callees (expand);
// analysis.go finds blocks, reachability, loops and liveness and builds
// webs (the values of each bytecode register between its definitions and
// uses), their live ranges (with holes) and weights; rewrite.go rewrites
// slice idioms that would otherwise store slice headers (fuseGlobals,
// findVirtual) and the analysis runs again; regalloc.go coalesces copies
// and assigns machine registers by linear scan; emit*.go lower each
// instruction; code.go loads the result into W^X memory
// (jit/internal/execmem) and implements vm.Code.
//
// # Registers
//
//	RSP  the machine's native stack (jit/internal/native): a native call is
//	     a CALL; a function has no stack frame of its own
//	R15  the native.Context: Go-filled words (emit.go, w*) give the register
//	     file, globals, frame stack, published-function cell, direct-call
//	     table and exit operands
//	R14  g, for the preemption check
//	RBX  the frame window, &regs[base]: bytecode register r is [RBX+8r]
//	RBP  the running frame's record, &frames[depth-1]
//	RAX RCX RDX X14 X15   scratch of the instruction patterns
//	RSI RDI R8-R13 X0-X13 allocated
//
// When eight general registers spill, the function is allocated again with
// R14 too (its preemption checks then load g from the Context, and it puts
// g back in R14 before calls and returns) and, if it makes no calls, RBP
// (the frame record pointer then stays in the Context, RBP is restored at
// the return).
//
// Every web has a home: its register's slot in the frame window, the slot
// the interpreter uses. A web the allocator leaves without a machine
// register lives there; one in a register is written there (if native code
// computed it) wherever Go or the interpreter may read the window: before
// an exit or a call, at a return (results), before a preemption exit; and
// read back after. Slice registers always live in their slots (storing a
// slice header writes pointers, which native code never does); what native
// code needs of them (data pointer, length) are "derived" values, loaded
// into registers and reloaded after every exit. Global slices' headers and
// the globals' base are derived values too. Linear scan spills the
// interval of least weight (references weighted by 8^loop depth); a
// derived value without a register is loaded at each use.
//
// # Instructions
//
// Integer and float64 arithmetic, compares, branches (a compare feeding
// only the next JT/JF becomes compare-and-branch), element loads and stores
// with bounds checks (GET SET GLOAD GSTORE GET2 SET2), LEN CAP ISNIL, math
// builtins, scalar globals, calls and returns are machine code. Semantics
// are Go's: IDIV is avoided for a divisor of -1 (x / -1 = -x wraps, x % -1
// = 0), zero divisors and negative shift counts raise, shifts of 64 or
// more give 0 or the sign, int(float) is CVTTSD2SI (Go on amd64), min/max
// of floats follow runtime/minmax.go's NaN and ±0 rules, FLOOR/CEIL use
// ROUNDSD with SSE4.1 and exit to Go without it. Division by a constant
// power of two uses shifts. No FMA.
//
// Slice operations that store a header are "hybrids" (emit_slice.go):
// MOVES GETGS SETGS LOADNIL copy the header natively when the destination
// already holds the same pointer words (only lengths and capacities
// change: no pointer is written), APPEND of words stores the elements and
// the new length when there is spare capacity, COPY of word slices is a
// native memmove; otherwise they exit to Go out of line. GETS SETS MAKE
// APPSL SLICE and appends of slices, PRINT PANIC EXIT, always exit, with
// two exceptions found by rewrite.go: a chain that operates on a global
// slice through slice registers (g = append(g, x); len(g)) becomes an
// in-place append to the global's header and reads of it, and a GETS whose
// result is only indexed (row := m[i]; row[j]) and not live across an exit
// keeps the row's pointer and length in registers without storing the
// header (the slice of slices keeps the row reachable; preemption exits
// save those registers on the native stack).
//
// # Exits
//
// native code exits to Go (native.EmitExit) with code native.ExitUser+i,
// where i indexes the Code's exit descriptors (exits.go); Go finds the Code
// from the exit's resume address (native.Context.ResumeAddr, looked up in
// the machine's entered codes), recomputes the frame depth from RBP and
// the window base from RBX (stored in the Context at the exit), carries
// the instruction out as the interpreter would (or calls Machine.Call,
// Raise, Print, Exit, Interpret, Poll), refreshes the Context words (the
// register file or frame stack may have moved) and resumes. Go handling an
// exit may call L2 code again: that activation nests on the same native
// stack below the suspended one (native.Context.Nest); when the native
// stack is nearly exhausted a function entered from Go runs in the
// interpreter instead.
//
// # Calls and frame records
//
// A CALL of a function whose L2 code this machine has entered (the
// per-machine table, filled by Code.Enter) is a native call: the caller
// checks that the frame stack and the register file have room (else it
// exits to Machine.Call, which grows them or reports stack overflow),
// writes the frame records the interpreter would (caller's resume pc,
// callee's fn), moves RBP and RBX, publishes the callee as the running
// function for the profiler (not on self-recursion: it is already), and
// calls; after the return it restores them. Calls of anything else exit to
// Machine.Call. The frame stack is therefore exact at every exit: runtime
// errors go through Machine.Raise with the instruction's bytecode pc and
// print the interpreter's trace. The function prologue (functions that
// call) checks the preemption marker. There is no native stack check: the
// frame stack limit that native calls check is also set (by Go, per
// activation) below what the activation's share of the native stack can
// hold, 16 bytes a level; past it calls exit to Machine.Call, and a
// function entered from Go with too little native stack left runs in the
// interpreter.
//
// Native code pushes and pops frame records in the machine's frame stack
// and stores the running function in the profiler's cell itself, through
// the API vm exports for tiers (vm.Frame, Machine.Frames, SetDepth,
// SetRunning, CurrentCell; machine.go).
//
// # Inlining
//
// Calls of leaf callees (no CALL) of at most Options.MaxInline
// instructions that Options.Inline approves are spliced in: the callee's
// registers are the caller's from the call's A up, as its frame would be.
// A guard checks that the frame stack has room for one more record and the
// register file for the callee's frame, else the call is made for real.
// A runtime error (or a heap-limit stop) inside an inlined body first
// pushes the callee's frame record, so the trace is the interpreter's.
// Time in inlined bodies is published as the caller's (timer profiles);
// the code map and perf map name the callee.
//
// # Preemption, GC and interrupts
//
// Native code cannot be preempted by a signal. Every loop header and the
// prologue of every function that calls compare g.stackguard0 with the
// runtime's preemption marker (native.EmitPreemptCheck) and exit when it is
// set; Go calls native.Preempt (the runtime parks or yields the goroutine
// for a GC stop-the-world or stack scan) and, if the machine was
// interrupted (vm.Machine.Interrupt), Machine.Poll stops the run there.
// The runtime's 10 ms time-slice preemption brings a running loop there
// regularly, so interrupts take effect within about that.
//
// # On-stack replacement
//
// Every loop header of the function's own code (not of inlined bodies) is
// an entry: it loads the values live there from the frame window and jumps
// into the loop. CanEnter reports them.
//
// A frame leaves its L2 code for newer code of its function (recompiled
// to inline a callee, say) at the same headers, at their preemption exits:
// the exit has stored every value live at the header into the window,
// which is then the interpreter's frame at that pc. Go, handling the exit
// (machineRuntime.replace), asks vm.Machine.Replacement whether another
// Code of level 2 or above is installed for the function and can enter
// there; if so (it counts an OSR entry), it enters that code at the header
// as an activation nested below the suspended one, and when it returns
// (results in the window) tells the old code, through wArg0, to return at
// once: the old activation returns as if the function had, to Go or to its
// native caller. The hot path is unchanged: the move waits for a
// preemption request (the runtime's 10 ms time slice, a GC), so a frame
// moves within about 10 ms of running after the install. Not at a header
// where a virtual slice (findVirtual) is live: its slot was never written,
// so the frame stays in the old code there, and may move at another header
// of the loop nest (a request seen at such a header is spent there, so
// when it is the innermost header the move waits for a request that comes
// at an outer one: TestReplaceRunningL2Frame's virtual-row case took up to
// 10^4 of its polls). A row is virtual only if no call or exit happens
// while it is live, so a loop whose call a recompilation inlines is never
// such a header. Frames with under minNestRoom of native stack left stay
// too (they would run the newer code in the interpreter).
//
// # Memory
//
// Each Code is one W^X mapping (execmem). A machine keeps every Code it
// entered alive; a Code nobody references is unmapped by a cleanup, and
// Free unmaps it at once (only when no machine will run it again). Each
// machine has a 64 MiB native stack (reserved, not committed), freed with
// the machine.
//
// # Runtime internals relied on, and the tests that pin them
//
//	vm.Frame layout (Fn, PC, Base)             TestMachineLayout (vm checks it at compile time)
//	vm.Slice layout (W then S, 48 bytes)       TestMachineLayout
//	g.stackguard0, the preemption marker,      jit/internal/native tests
//	  R14 = g, the trampoline contract
//	preemption exits keep GCs short            TestGCDuringL2Loop, TestAutomaticGCDuringL2Loop
//	no mapping leaks, never W+X                TestNoMappingLeak
//	perf sees L2 code through the perf map     TestPerfReport
//	same output, exit status and trace as L0   TestDifferential (all examples, bench programs),
//	                                           TestSemantics, TestStackOverflow, TestOSREntry,
//	                                           TestReplaceRunningL2Frame
package l2
