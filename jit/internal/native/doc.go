// Package native runs generated x86-64 code (jitvm's L2 tier) from Go: the
// entry trampoline, the separate native stack, exits to Go and resumption,
// the preemption check that keeps the GC working, and the runtime constants
// all of that relies on. It sits on packages amd64 (encoding) and execmem
// (W^X memory); it knows nothing about bytecode.
//
// # W^X
//
// Code is loaded by execmem: mapped read+write, filled, then mprotected
// read+execute; never writable and executable at once. When the system
// forbids executable memory, execmem's errors match execmem.ErrExecDenied
// and the JIT stays at L1.
//
// # Entering native code: the trampoline
//
// Context.Call(pc) and Context.Resume go through enter (trampoline_amd64.s,
// ABI0, NOSPLIT|NOFRAME, no cgo). It saves Go's SP and BP in the Context,
// loads g from TLS into R14 (the assembler's (TLS) form is right for every
// build mode) and into Context.g, puts the *Context in R15, switches RSP to
// the Context's own mmapped stack and CALLs pc. Native code never runs on a
// goroutine stack: Go's stack is only 8-byte aligned there and guarantees
// ~800 bytes below a NOSPLIT function.
//
// Register contract, at native entry:
//
//	R15 = *Context (CtxReg). It must hold the Context again at every exit
//	      and when the bottom frame returns; native code may use it in
//	      between only if it restores it.
//	R14 = g (GReg), the running goroutine, for the preemption check.
//	RSP = Context stack top - 8 (a return address): 16-byte aligned before
//	      the CALL, as in the SysV ABI. There is no red zone below RSP that
//	      Go respects, but nothing else uses this stack: signals run on the
//	      thread's signal stack (Go installs handlers with SA_ONSTACK).
//	Every other general register (RBP included), every XMM (X15 included)
//	and the flags are undefined, and may be clobbered freely: after enter
//	returns, the Go caller restores R14 and zeroes X15 itself (checked in
//	the compiled Call with go tool objdump; TestClobberEverything), and the
//	trampoline restores SP and BP. The direction flag must be clear and
//	MXCSR unchanged on return, as Go expects.
//
// Native code must not write Go pointers anywhere (no write barriers run),
// must check bounds and divisors itself (a fault in native code kills the
// process: Go's signal handler cannot unwind it), and should check its stack
// at function entry (EmitStackCheck) — the stack has a PROT_NONE guard page
// below it, so an unchecked overflow faults rather than corrupts.
//
// # Exits to Go and resumption
//
// Native code never calls Go. To ask Go for something (allocate, call a
// helper, report an error, yield) it exits: EmitExit stores a code in
// Context.ExitCode and CALLs the module's exit stub (EmitExitStub), which
// saves RSP — pointing at the resume address the CALL pushed — in the
// Context and jumps back to the trampoline through the base of the native
// stack. Call/Resume return the code; Go does the work (it may run
// arbitrary Go code: GC, goroutine switches, stack growth) and calls
// Resume, which switches back to the saved RSP and jumps to the resume
// address. The native stack is untouched meanwhile, so native frames — even
// several nested native calls deep — survive; registers do not: after a
// resume only RSP, R14 and R15 are defined, so the compiler spills live
// values around an exit. Operands go through Context.ExitArg and
// Context.Scratch. Call while an exit is pending abandons it (e.g. after a
// runtime error). When the bottom frame finally returns, Call/Resume report
// ExitReturn. ResumeAddr tells Go which exit site exited (the address its
// CALL pushed), so a compiler needs no per-site identifier in the exit.
//
// Go may run native code again while handling an exit (a native caller
// exits to Go, which calls a function that has native code): Nest saves the
// pending exit and moves the stack top below the suspended frames, Call and
// Resume then work on the nested activation, and Unnest brings the
// suspended exit back (TestNestedActivation).
//
// # Preemption and the GC
//
// The runtime stops goroutines (stop-the-world at GC start and end,
// stack scans during marking, sysmon's 10 ms time slice) by setting
// g.stackguard0 to StackPreempt and sending SIGURG. The signal is useless
// here: its handler sees a PC outside Go and returns. Without cooperation a
// 2 s native loop holds up every GC for the rest of the loop
// (TestGCBlockedWithoutCheck). So every loop back-edge carries
// EmitPreemptCheck,
//
//	CMP QWORD [R14+16], -1314   ; g.stackguard0 == 0xfffffffffffffade?
//	JE  slow                    ; spill, exit with ExitPreempt, reload, loop
//
// and Go answers ExitPreempt with Preempt() before resuming (Context.Run and
// Continue do both). Preempt is an ordinary Go function whose prologue sees
// the marker and enters the runtime's own path (morestack -> newstack),
// which parks the goroutine for a stack scan (preemptPark) or yields.
// runtime.Gosched is not enough: the goroutine is runnable again within
// microseconds, the GC's stack scanner polls every ~10 µs and keeps missing
// it (a GC took 1.3 s that way). Measured on this machine next to a 2 s
// native loop: runtime.GC() median under 1–15 ms and max 8–27 ms,
// automatic GCs' stop-the-world under 10 ms, the same as next to a pure-Go
// spinning goroutine. The check costs one load+compare+branch per
// iteration (0.30 -> 0.35-0.47 ns on a 1-cycle loop, BenchmarkLoop).
// g can also be had from Context.g (EmitLoadG) if R14 is reallocated, or
// from FS:-8 (EmitLoadGTLS) in internally linked executables only.
//
// # Runtime internals relied on, and the tests that pin them
//
//	Context field offsets (Off*)            TestContextOffsets (unsafe.Offsetof)
//	g.stack.lo/hi at 0/8, stackguard0 at 16 TestRuntimeConstants (asm reads g via TLS)
//	StackPreempt = 0xfffffffffffffade       TestPreemptMarkerVisible (a goroutine with a
//	                                        pending preemption sees it), the GC tests
//	g in R14 at ABI0 entry, at FS:-8 here   TestRuntimeConstants, TestGRegisters
//	R14/X15 restored by the Go caller       TestClobberEverything
//	preemption through a prologue parks     TestExplicitGCNotBlocked, TestAutomaticGCNotBlocked
//	SIGPROF in native code is harmless      TestCPUProfileDuringNativeCode
//
// A Go upgrade that changes any of them fails these tests rather than the
// JIT. Costs (go test -bench . ./jit/internal/native): Go call 1.4 ns,
// Call into native code and back 4.9 ns, one exit plus Resume 10.3 ns.
package native
