#include "textflag.h"
#include "go_asm.h"

// func enter(c *Context, pc uintptr)
//
// The only way into native code. NOFRAME: no BP push is inserted, so RET is a
// plain RET and SP is ours to switch. See doc.go for the register contract.
TEXT ·enter(SB), NOSPLIT|NOFRAME, $0-16
	MOVQ c+0(FP), R15
	MOVQ pc+8(FP), AX
	MOVQ SP, Context_goSP(R15)
	MOVQ BP, Context_goBP(R15)
	MOVQ (TLS), R14			// g, whatever the build mode's TLS model
	MOVQ R14, Context_g(R15)
	MOVQ Context_resumeSP(R15), BX
	TESTQ BX, BX
	JNZ resume
	MOVQ Context_stackHi(R15), SP	// 16-byte aligned: native entry sees RSP = 8 mod 16
	CALL AX				// pushes the return address at baseSP
	// Native code is back: its bottom frame returned, or an exit stub reset
	// RSP to baseSP and returned. R15 still holds c (contract).
	MOVQ Context_goSP(R15), SP
	MOVQ Context_goBP(R15), BP
	RET

resume:
	MOVQ $0, Context_resumeSP(R15)
	MOVQ BX, SP
	POPQ AX				// the resume address pushed by the exit's CALL
	JMP AX				// (not RET: the return predictor has no entry for it)
