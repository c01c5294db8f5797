package native

import "github.com/jitvm/jitvm/jit/internal/amd64"

// Pinned registers of generated code (see doc.go).
const (
	// CtxReg holds the *Context on entry, at every exit, at every resume
	// and when returning to the trampoline.
	CtxReg = amd64.R15
	// GReg holds the running goroutine's g on entry and after every resume
	// (the trampoline loads it from TLS); EmitPreemptCheck reads it.
	GReg = amd64.R14
)

// EmitExitStub emits the shared tail of every exit; bind a label before it
// and pass that label to EmitExit. It saves RSP (which points at the resume
// address pushed by the exit's CALL) in the context and returns to the
// trampoline through the base of the native stack:
//
//	MOV [R15+OffResumeSP], RSP
//	MOV RSP, [R15+OffBaseSP]
//	POP RAX                    ; the trampoline's return address
//	JMP RAX
//
// POP+JMP rather than RET (here and in the trampoline's resume path): these
// returns never match the CALL the return-stack predictor remembers, and
// the mispredictions doubled the cost of an exit+resume (21.7 -> 10.3 ns).
func EmitExitStub(a *amd64.Assembler) {
	a.Store64(amd64.M(CtxReg, OffResumeSP), amd64.RSP)
	a.Load64(amd64.RSP, amd64.M(CtxReg, OffBaseSP))
	a.Pop(amd64.RAX)
	a.JmpR(amd64.RAX)
}

// EmitExit emits an exit to Go with the given code (below 2^31):
//
//	MOV QWORD [R15+OffExitCode], code
//	CALL stub
//
// Context.Call/Resume return code to Go. When Go calls Resume, execution
// continues after the CALL with RSP and the native stack as they were, R14 =
// g and R15 = ctx; every other register, flag and XMM is undefined, so the
// compiler spills what is live before the exit (to the native stack or
// Scratch) and reloads after. The CALL pushes 8 bytes: RSP at the exit need
// not be aligned.
func EmitExit(a *amd64.Assembler, stub *amd64.Label, code uint64) {
	if code > 1<<31-1 {
		panic("native: exit code does not fit an imm32")
	}
	a.Store64I(amd64.M(CtxReg, OffExitCode), int32(code))
	a.Call(stub)
}

// EmitPreemptCheck emits the loop back-edge check:
//
//	CMP QWORD [R14+16], -1314   ; g.stackguard0 == stackPreempt (0x...fade)?
//	JE  slow
//
// The runtime sets g.stackguard0 to StackPreempt when it needs this goroutine
// to stop: for a stop-the-world (GC start and end), a GC stack scan, or
// sysmon's 10 ms time-slice preemption. It cannot preempt native code with a
// signal (the PC is not Go's), so native loops must check. slow spills what
// is live, exits with ExitPreempt (Context.Run yields and resumes), reloads
// and jumps back. The check costs one load and compare per iteration; it
// needs GReg = g (true after entry and every resume unless the compiler
// reallocated R14). Flags are clobbered.
func EmitPreemptCheck(a *amd64.Assembler, slow *amd64.Label) {
	EmitPreemptCheckG(a, GReg, slow)
}

// EmitPreemptCheckG is EmitPreemptCheck with g in register gReg (loaded with
// EmitLoadG when R14 is used for something else).
func EmitPreemptCheckG(a *amd64.Assembler, gReg amd64.Reg, slow *amd64.Label) {
	a.CmpMI(amd64.M(gReg, GStackguard0Offset), stackPreemptImm32)
	a.Jcc(amd64.CondE, slow)
}

// stackPreemptImm32 is StackPreempt as the sign-extended imm32 of CMP.
const stackPreemptImm32 = -int32(^uint64(StackPreempt) + 1) // -1314

// EmitLoadG emits MOV dst, [R15+OffG]: g as the trampoline saw it at the last
// entry or resume (the goroutine does not change while native code runs).
func EmitLoadG(a *amd64.Assembler, dst amd64.Reg) {
	a.Load64(dst, amd64.M(CtxReg, OffG))
}

// EmitLoadGTLS emits MOV dst, FS:[-8], valid only in internally linked
// executables (see TLSGOffset); TestGRegisters checks it in the test binary.
func EmitLoadGTLS(a *amd64.Assembler, dst amd64.Reg) {
	a.LoadFS(dst, TLSGOffset)
}

// EmitStackCheck emits the function-entry stack check:
//
//	CMP RSP, [R15+OffStackLimit]
//	JB  overflow
//
// Valid for a function whose frame, pushes and outgoing calls use at most
// StackReserve bytes below RSP; overflow exits with ExitStackOverflow (the
// guard page below the stack would otherwise kill the process). Flags are
// clobbered.
func EmitStackCheck(a *amd64.Assembler, overflow *amd64.Label) {
	a.CmpRM(amd64.RSP, amd64.M(CtxReg, OffStackLimit))
	a.Jcc(amd64.CondB, overflow)
}
