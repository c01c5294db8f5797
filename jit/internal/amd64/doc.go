// Package amd64 is jitvm's x86-64 instruction encoder: the bottom layer of
// the native tier (L2). It knows nothing about bytecode, registers
// allocation or the runtime: a compiler calls one method per machine
// instruction and gets bytes.
//
// # Shape
//
// One ISA, concrete types, no instruction objects: an Assembler appends the
// encoding of each call to a []byte right away. Registers are Reg (RAX..R15)
// and XReg (X0..X15), memory operands Mem ([base+index*scale+disp], or
// RIP-relative to a Label), conditions Cond. Operand order is Intel's
// (destination first); method names carry the operand shape: RR register,
// RI immediate, RM register<-memory, MR memory<-register, MI memory<-imm.
// All integer operations are 64-bit unless the name says otherwise (Load32,
// Store8, Zero, ...).
//
// Covered: MOV (reg, imm32/imm64, loads and stores of 8/16/32/64 bits with
// zero or sign extension), LEA, the ALU group ADD OR ADC SBB AND SUB XOR CMP
// in all shapes, TEST, IMUL (2- and 3-operand), NEG, NOT, SHL SHR SAR ROL
// ROR by CL and by immediate, CQO, IDIV, DIV, SETcc, MOVZX, CMOVcc, BT,
// PUSH, POP, JMP/Jcc/CALL to labels, JMP/CALL through a register or memory,
// RET, UD2, INT3, NOPs and alignment, a load from FS (thread-local
// storage); SSE2 scalar double MOVSD, MOVAPS, ADDSD SUBSD MULSD DIVSD SQRTSD
// MINSD MAXSD, UCOMISD, CVTSI2SDQ, CVTTSD2SIQ, MOVQ between XMM and GPR,
// ANDPD ANDNPD ORPD XORPD, and ROUNDSD (SSE4.1) for floor/ceil/trunc. No
// AVX and never FMA (Go does not fuse, so fused results would differ).
//
// # Branches
//
// Labels are created by NewLabel, referenced by Jmp/Jcc/Call/MemLabel and
// bound once by Bind. A reference to a bound label (a backward branch, e.g.
// a loop back-edge) uses rel8 when it fits; a reference to an unbound label
// always uses rel32 and is patched when the label is bound. Emitted code
// never moves (no relaxation pass). Finish reports labels referenced but
// never bound. All code is position-independent (branches and MemLabel are
// PC-relative), so it can be copied anywhere, e.g. into execmem.
//
// # Errors
//
// Operands the hardware cannot encode (RSP as an index, a scale of 3, a
// register number above 15, a label of another assembler) panic: they are
// compiler bugs. A compiler that prefers to fall back to a lower tier
// recovers around its emission.
//
// # Text form
//
// Assembler.String and Listing print the code with offsets, bytes, label
// names and data ranges, in Intel or Go syntax, through
// golang.org/x/arch/x86/x86asm; Disassemble does the same for any code (for
// `jitvm disasm --level=2`).
//
// # Tests
//
// decode_test.go emits every form with every register in every operand
// position (all 16 GPRs / 16 XMMs) and a grid of memory operands (every
// base including the RSP/R12 and RBP/R13 special cases, every index and
// scale, displacements on both sides of the disp8 boundary), decodes the
// bytes back with x86asm and compares mnemonic, operands, operand size and
// length. encode_test.go pins the exact bytes of one example per form
// (cross-checked against GNU as when written). label_test.go covers rel8/
// rel32 choice, forward patching and RIP-relative operands followed by
// immediates.
package amd64
