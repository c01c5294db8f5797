#include "textflag.h"

// Helpers that read the runtime's goroutine (g) without going through Go
// code, to pin the runtime internals generated code relies on.

// func getg() uintptr
TEXT ·getg(SB), NOSPLIT, $0-8
	MOVQ (TLS), AX
	MOVQ AX, ret+0(FP)
	RET

// func getR14() uintptr: R14 as an ABI0 function sees it on entry.
TEXT ·getR14(SB), NOSPLIT, $0-8
	MOVQ R14, ret+0(FP)
	RET

// func stackguard0() uintptr: g.stackguard0, read at offset 16.
TEXT ·stackguard0(SB), NOSPLIT, $0-8
	MOVQ (TLS), AX
	MOVQ 16(AX), AX
	MOVQ AX, ret+0(FP)
	RET

// func spinUntilStackguard(want uintptr, max uint64) (got uintptr, n uint64)
// Reads g.stackguard0 until it equals want or max reads were made. Being
// assembly, it cannot be preempted asynchronously: only the value tells it a
// preemption was requested.
TEXT ·spinUntilStackguard(SB), NOSPLIT, $0-32
	MOVQ want+0(FP), BX
	MOVQ max+8(FP), CX
	MOVQ (TLS), DX
	XORQ SI, SI
loop:
	MOVQ 16(DX), AX
	CMPQ AX, BX
	JEQ done
	INCQ SI
	CMPQ SI, CX
	JLT loop
done:
	MOVQ AX, got+16(FP)
	MOVQ SI, n+24(FP)
	RET

// func gWord(i int) uintptr: the i-th 8-byte word of the current g.
TEXT ·gWord(SB), NOSPLIT, $0-16
	MOVQ (TLS), AX
	MOVQ i+0(FP), BX
	MOVQ (AX)(BX*8), AX
	MOVQ AX, ret+8(FP)
	RET
