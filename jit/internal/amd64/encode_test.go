package amd64

import (
	"encoding/hex"
	"testing"

	"golang.org/x/arch/x86/x86asm"
)

// encodeTable has one row per instruction form (and per special case of the
// ModRM/SIB/REX encoding): the call, the exact bytes, and x86asm's Intel
// listing of them. The bytes were cross-checked once against GNU as 2.40
// (".intel_syntax noprefix", objdump) when the table was written; the only
// difference is noted on its row.
var encodeTable = []struct {
	name  string
	emit  func(a *Assembler)
	hex   string
	intel string
}{
	{"MovRR(RAX, RCX)", func(a *Assembler) { a.MovRR(RAX, RCX) }, "4889c8", "mov rax, rcx"},
	{"MovRR(R8, RSP)", func(a *Assembler) { a.MovRR(R8, RSP) }, "4989e0", "mov r8, rsp"},
	{"MovRR(RBX, R15)", func(a *Assembler) { a.MovRR(RBX, R15) }, "4c89fb", "mov rbx, r15"},
	{"MovRR(R12, R13)", func(a *Assembler) { a.MovRR(R12, R13) }, "4d89ec", "mov r12, r13"},
	{"MovRI(RAX, 0)", func(a *Assembler) { a.MovRI(RAX, 0) }, "b800000000", "mov eax, 0x0"},
	{"MovRI(R9, 0xffffffff)", func(a *Assembler) { a.MovRI(R9, 0xffffffff) }, "41b9ffffffff", "mov r9d, -0x1"},
	{"MovRI(RDX, -1)", func(a *Assembler) { a.MovRI(RDX, -1) }, "48c7c2ffffffff", "mov rdx, -0x1"},
	{"MovRI(R11, 0x123456789)", func(a *Assembler) { a.MovRI(R11, 0x123456789) }, "49bb8967452301000000", "mov r11, 0x123456789"},
	{"MovRI32(RCX, -2)", func(a *Assembler) { a.MovRI32(RCX, -2) }, "48c7c1feffffff", "mov rcx, -0x2"},
	{"MovRI64(R15, 1)", func(a *Assembler) { a.MovRI64(R15, 1) }, "49bf0100000000000000", "mov r15, 0x1"},
	{"Zero(R10)", func(a *Assembler) { a.Zero(R10) }, "4531d2", "xor r10d, r10d"},
	{"Load64(RAX, M(RSP, 0))", func(a *Assembler) { a.Load64(RAX, M(RSP, 0)) }, "488b0424", "mov rax, qword ptr [rsp]"},
	{"Load64(RAX, M(R12, 8))", func(a *Assembler) { a.Load64(RAX, M(R12, 8)) }, "498b442408", "mov rax, qword ptr [r12+0x8]"},
	{"Load64(RCX, M(RBP, 0))", func(a *Assembler) { a.Load64(RCX, M(RBP, 0)) }, "488b4d00", "mov rcx, qword ptr [rbp]"},
	{"Load64(R13, M(R13, 0))", func(a *Assembler) { a.Load64(R13, M(R13, 0)) }, "4d8b6d00", "mov r13, qword ptr [r13]"},
	{"Load64(RDX, M(RBX, 0x1000))", func(a *Assembler) { a.Load64(RDX, M(RBX, 0x1000)) }, "488b9300100000", "mov rdx, qword ptr [rbx+0x1000]"},
	{"Load64(RSI, MIdx(RDI, R8, 8, -16))", func(a *Assembler) { a.Load64(RSI, MIdx(RDI, R8, 8, -16)) }, "4a8b74c7f0", "mov rsi, qword ptr [rdi+8*r8-0x10]"},
	{"Load64(R9, MIdx(R13, R12, 4, 0))", func(a *Assembler) { a.Load64(R9, MIdx(R13, R12, 4, 0)) }, "4f8b4ca500", "mov r9, qword ptr [r13+4*r12]"},
	{"Load64(R14, MIdx(RSP, RBP, 1, 0))", func(a *Assembler) { a.Load64(R14, MIdx(RSP, RBP, 1, 0)) }, "4c8b342c", "mov r14, qword ptr [rsp+rbp]"},
	{"Load32(RAX, M(RDI, 4))", func(a *Assembler) { a.Load32(RAX, M(RDI, 4)) }, "8b4704", "mov eax, dword ptr [rdi+0x4]"},
	{"Load32SX(R8, M(RSI, 0))", func(a *Assembler) { a.Load32SX(R8, M(RSI, 0)) }, "4c6306", "movsxd r8, dword ptr [rsi]"},
	{"Load16ZX(RAX, M(RAX, 2))", func(a *Assembler) { a.Load16ZX(RAX, M(RAX, 2)) }, "480fb74002", "movzx rax, word ptr [rax+0x2]"},
	{"Load16SX(RAX, M(RAX, 2))", func(a *Assembler) { a.Load16SX(RAX, M(RAX, 2)) }, "480fbf4002", "movsx rax, word ptr [rax+0x2]"},
	{"Load8ZX(R10, MIdx(RAX, RCX, 1, 0))", func(a *Assembler) { a.Load8ZX(R10, MIdx(RAX, RCX, 1, 0)) }, "4c0fb61408", "movzx r10, byte ptr [rax+rcx]"},
	{"Load8SX(RDX, M(R12, -1))", func(a *Assembler) { a.Load8SX(RDX, M(R12, -1)) }, "490fbe5424ff", "movsx rdx, byte ptr [r12-0x1]"},
	{"Store64(M(RSP, 8), RDI)", func(a *Assembler) { a.Store64(M(RSP, 8), RDI) }, "48897c2408", "mov qword ptr [rsp+0x8], rdi"},
	{"Store64(MIdx(R15, RAX, 8, 64), R11)", func(a *Assembler) { a.Store64(MIdx(R15, RAX, 8, 64), R11) }, "4d895cc740", "mov qword ptr [r15+8*rax+0x40], r11"},
	{"Store32(M(RAX, 0), R9)", func(a *Assembler) { a.Store32(M(RAX, 0), R9) }, "448908", "mov dword ptr [rax], r9d"},
	{"Store16(M(RAX, 0), RCX)", func(a *Assembler) { a.Store16(M(RAX, 0), RCX) }, "668908", "mov word ptr [rax], cx"},
	{"Store8(M(RAX, 0), RSI)", func(a *Assembler) { a.Store8(M(RAX, 0), RSI) }, "408830", "mov byte ptr [rax], sil"},
	{"Store8(M(RBP, 1), RBX)", func(a *Assembler) { a.Store8(M(RBP, 1), RBX) }, "885d01", "mov byte ptr [rbp+0x1], bl"},
	{"Store8(M(R8, 0), R9)", func(a *Assembler) { a.Store8(M(R8, 0), R9) }, "458808", "mov byte ptr [r8], r9b"},
	{"Store64I(M(R15, 0), 7)", func(a *Assembler) { a.Store64I(M(R15, 0), 7) }, "49c70707000000", "mov qword ptr [r15], 0x7"},
	{"Store64I(M(RSP, -8), -1)", func(a *Assembler) { a.Store64I(M(RSP, -8), -1) }, "48c74424f8ffffffff", "mov qword ptr [rsp-0x8], -0x1"},
	{"Store8I(M(RDI, 3), 1)", func(a *Assembler) { a.Store8I(M(RDI, 3), 1) }, "c6470301", "mov byte ptr [rdi+0x3], 0x1"},
	{"Lea(RAX, MIdx(RAX, RAX, 2, 0))", func(a *Assembler) { a.Lea(RAX, MIdx(RAX, RAX, 2, 0)) }, "488d0440", "lea rax, ptr [rax+2*rax]"},
	{"Lea(RSP, M(RSP, -64))", func(a *Assembler) { a.Lea(RSP, M(RSP, -64)) }, "488d6424c0", "lea rsp, ptr [rsp-0x40]"},
	{"Lea(R12, MIdx(R13, R14, 8, 0x7fffffff))", func(a *Assembler) { a.Lea(R12, MIdx(R13, R14, 8, 0x7fffffff)) }, "4f8da4f5ffffff7f", "lea r12, ptr [r13+8*r14+0x7fffffff]"},
	{"LoadFS(RCX, -8)", func(a *Assembler) { a.LoadFS(RCX, -8) }, "64488b0c25f8ffffff", "mov rcx, qword ptr fs:[-0x8]"},
	{"AddRR(RAX, RBX)", func(a *Assembler) { a.AddRR(RAX, RBX) }, "4801d8", "add rax, rbx"},
	{"AddRI(RSP, 8)", func(a *Assembler) { a.AddRI(RSP, 8) }, "4883c408", "add rsp, 0x8"},
	{"AddRI(R9, 1000)", func(a *Assembler) { a.AddRI(R9, 1000) }, "4981c1e8030000", "add r9, 0x3e8"},
	{"SubRR(R10, R11)", func(a *Assembler) { a.SubRR(R10, R11) }, "4d29da", "sub r10, r11"},
	{"SubRI(RAX, -128)", func(a *Assembler) { a.SubRI(RAX, -128) }, "4883e880", "sub rax, -0x80"},
	{"AndRR(RCX, RDX)", func(a *Assembler) { a.AndRR(RCX, RDX) }, "4821d1", "and rcx, rdx"},
	{"AndRI(RAX, 0xff)", func(a *Assembler) { a.AndRI(RAX, 0xff) }, "4881e0ff000000", "and rax, 0xff"}, // GNU as picks the RAX short form 48 25 id; both are valid
	{"OrRR(R8, RAX)", func(a *Assembler) { a.OrRR(R8, RAX) }, "4909c0", "or r8, rax"},
	{"OrRI(RDI, -1)", func(a *Assembler) { a.OrRI(RDI, -1) }, "4883cfff", "or rdi, -0x1"},
	{"XorRR(RSI, RSI)", func(a *Assembler) { a.XorRR(RSI, RSI) }, "4831f6", "xor rsi, rsi"},
	{"XorRI(R15, 0x10000)", func(a *Assembler) { a.XorRI(R15, 0x10000) }, "4981f700000100", "xor r15, 0x10000"},
	{"CmpRR(RAX, R14)", func(a *Assembler) { a.CmpRR(RAX, R14) }, "4c39f0", "cmp rax, r14"},
	{"CmpRI(R12, 0)", func(a *Assembler) { a.CmpRI(R12, 0) }, "4983fc00", "cmp r12, 0x0"},
	{"CmpRM(RDX, M(R15, 0x40))", func(a *Assembler) { a.CmpRM(RDX, M(R15, 0x40)) }, "493b5740", "cmp rdx, qword ptr [r15+0x40]"},
	{"CmpMI(M(R14, 16), -1314)", func(a *Assembler) { a.CmpMI(M(R14, 16), -1314) }, "49817e10defaffff", "cmp qword ptr [r14+0x10], -0x522"},
	{"ALURI(ADC, RAX, 1)", func(a *Assembler) { a.ALURI(ADC, RAX, 1) }, "4883d001", "adc rax, 0x1"},
	{"ALURI(SBB, RCX, 1)", func(a *Assembler) { a.ALURI(SBB, RCX, 1) }, "4883d901", "sbb rcx, 0x1"},
	{"ALUMR(ADD, M(RSP, 16), RAX)", func(a *Assembler) { a.ALUMR(ADD, M(RSP, 16), RAX) }, "4801442410", "add qword ptr [rsp+0x10], rax"},
	{"ALUMI(SUB, M(R13, 0), 200)", func(a *Assembler) { a.ALUMI(SUB, M(R13, 0), 200) }, "49816d00c8000000", "sub qword ptr [r13], 0xc8"},
	{"ALURM(XOR, R8, MIdx(RAX, RBX, 8, 0))", func(a *Assembler) { a.ALURM(XOR, R8, MIdx(RAX, RBX, 8, 0)) }, "4c3304d8", "xor r8, qword ptr [rax+8*rbx]"},
	{"TestRR(RAX, RAX)", func(a *Assembler) { a.TestRR(RAX, RAX) }, "4885c0", "test rax, rax"},
	{"TestRR(R8, RCX)", func(a *Assembler) { a.TestRR(R8, RCX) }, "4985c8", "test r8, rcx"},
	{"TestRI(RDX, 1)", func(a *Assembler) { a.TestRI(RDX, 1) }, "48f7c201000000", "test rdx, 0x1"},
	{"ImulRR(RAX, R10)", func(a *Assembler) { a.ImulRR(RAX, R10) }, "490fafc2", "imul rax, r10"},
	{"ImulRM(R11, M(RSP, 0))", func(a *Assembler) { a.ImulRM(R11, M(RSP, 0)) }, "4c0faf1c24", "imul r11, qword ptr [rsp]"},
	{"ImulRRI(RCX, RDX, 10)", func(a *Assembler) { a.ImulRRI(RCX, RDX, 10) }, "486bca0a", "imul rcx, rdx, 0xa"},
	{"ImulRRI(R9, R9, 1000)", func(a *Assembler) { a.ImulRRI(R9, R9, 1000) }, "4d69c9e8030000", "imul r9, r9, 0x3e8"},
	{"Neg(RAX)", func(a *Assembler) { a.Neg(RAX) }, "48f7d8", "neg rax"},
	{"Neg(R13)", func(a *Assembler) { a.Neg(R13) }, "49f7dd", "neg r13"},
	{"Not(RBX)", func(a *Assembler) { a.Not(RBX) }, "48f7d3", "not rbx"},
	{"ShlCL(RAX)", func(a *Assembler) { a.ShlCL(RAX) }, "48d3e0", "shl rax, cl"},
	{"ShrCL(R9)", func(a *Assembler) { a.ShrCL(R9) }, "49d3e9", "shr r9, cl"},
	{"SarCL(RDX)", func(a *Assembler) { a.SarCL(RDX) }, "48d3fa", "sar rdx, cl"},
	{"ShlRI(RAX, 1)", func(a *Assembler) { a.ShlRI(RAX, 1) }, "48d1e0", "shl rax, 0x1"},
	{"ShrRI(R12, 63)", func(a *Assembler) { a.ShrRI(R12, 63) }, "49c1ec3f", "shr r12, 0x3f"},
	{"SarRI(RCX, 3)", func(a *Assembler) { a.SarRI(RCX, 3) }, "48c1f903", "sar rcx, 0x3"},
	{"ShiftRI(ROL, RAX, 13)", func(a *Assembler) { a.ShiftRI(ROL, RAX, 13) }, "48c1c00d", "rol rax, 0xd"},
	{"ShiftCL(ROR, RSI)", func(a *Assembler) { a.ShiftCL(ROR, RSI) }, "48d3ce", "ror rsi, cl"},
	{"Cqo()", func(a *Assembler) { a.Cqo() }, "4899", "cqo"},
	{"Idiv(RCX)", func(a *Assembler) { a.Idiv(RCX) }, "48f7f9", "idiv rcx"},
	{"Idiv(R15)", func(a *Assembler) { a.Idiv(R15) }, "49f7ff", "idiv r15"},
	{"Div(RBX)", func(a *Assembler) { a.Div(RBX) }, "48f7f3", "div rbx"},
	{"Setcc(CondE, RAX)", func(a *Assembler) { a.Setcc(CondE, RAX) }, "0f94c0", "setz al"},
	{"Setcc(CondL, RSI)", func(a *Assembler) { a.Setcc(CondL, RSI) }, "400f9cc6", "setl sil"},
	{"Setcc(CondA, R9)", func(a *Assembler) { a.Setcc(CondA, R9) }, "410f97c1", "setnbe r9b"},
	{"Setcc(CondNP, RSP)", func(a *Assembler) { a.Setcc(CondNP, RSP) }, "400f9bc4", "setnp spl"},
	{"Movzx8(RAX, RAX)", func(a *Assembler) { a.Movzx8(RAX, RAX) }, "480fb6c0", "movzx rax, al"},
	{"Movzx8(RCX, RDI)", func(a *Assembler) { a.Movzx8(RCX, RDI) }, "480fb6cf", "movzx rcx, dil"},
	{"Movzx8(R8, R12)", func(a *Assembler) { a.Movzx8(R8, R12) }, "4d0fb6c4", "movzx r8, r12b"},
	{"Cmov(CondL, RAX, RCX)", func(a *Assembler) { a.Cmov(CondL, RAX, RCX) }, "480f4cc1", "cmovl rax, rcx"},
	{"Cmov(CondGE, R10, R11)", func(a *Assembler) { a.Cmov(CondGE, R10, R11) }, "4d0f4dd3", "cmovnl r10, r11"},
	{"CmovM(CondE, RDX, M(RSP, 8))", func(a *Assembler) { a.CmovM(CondE, RDX, M(RSP, 8)) }, "480f44542408", "cmovz rdx, qword ptr [rsp+0x8]"},
	{"BtRR(RAX, RCX)", func(a *Assembler) { a.BtRR(RAX, RCX) }, "480fa3c8", "bt rax, rcx"},
	{"BtRI(R10, 63)", func(a *Assembler) { a.BtRI(R10, 63) }, "490fbae23f", "bt r10, 0x3f"},
	{"Push(RBP)", func(a *Assembler) { a.Push(RBP) }, "55", "push rbp"},
	{"Push(R12)", func(a *Assembler) { a.Push(R12) }, "4154", "push r12"},
	{"Pop(RBX)", func(a *Assembler) { a.Pop(RBX) }, "5b", "pop rbx"},
	{"Pop(R15)", func(a *Assembler) { a.Pop(R15) }, "415f", "pop r15"},
	{"Ret()", func(a *Assembler) { a.Ret() }, "c3", "ret"},
	{"Int3()", func(a *Assembler) { a.Int3() }, "cc", "int3"},
	{"Ud2()", func(a *Assembler) { a.Ud2() }, "0f0b", "ud2"},
	{"JmpR(RAX)", func(a *Assembler) { a.JmpR(RAX) }, "ffe0", "jmp rax"},
	{"JmpR(R11)", func(a *Assembler) { a.JmpR(R11) }, "41ffe3", "jmp r11"},
	{"CallR(RCX)", func(a *Assembler) { a.CallR(RCX) }, "ffd1", "call rcx"},
	{"CallR(R8)", func(a *Assembler) { a.CallR(R8) }, "41ffd0", "call r8"},
	{"JmpM(MIdx(RAX, RCX, 8, 0))", func(a *Assembler) { a.JmpM(MIdx(RAX, RCX, 8, 0)) }, "ff24c8", "jmp qword ptr [rax+8*rcx]"},
	{"CallM(M(R15, 24))", func(a *Assembler) { a.CallM(M(R15, 24)) }, "41ff5718", "call qword ptr [r15+0x18]"},
	{"MovsdRR(X0, X1)", func(a *Assembler) { a.MovsdRR(X0, X1) }, "f20f10c1", "movsd xmm0, xmm1"},
	{"MovsdRR(X8, X15)", func(a *Assembler) { a.MovsdRR(X8, X15) }, "f2450f10c7", "movsd xmm8, xmm15"},
	{"MovsdRM(X2, M(RSP, 8))", func(a *Assembler) { a.MovsdRM(X2, M(RSP, 8)) }, "f20f10542408", "movsd xmm2, qword ptr [rsp+0x8]"},
	{"MovsdRM(X9, MIdx(RAX, R8, 8, 0))", func(a *Assembler) { a.MovsdRM(X9, MIdx(RAX, R8, 8, 0)) }, "f2460f100cc0", "movsd xmm9, qword ptr [rax+8*r8]"},
	{"MovsdMR(M(R13, 0), X3)", func(a *Assembler) { a.MovsdMR(M(R13, 0), X3) }, "f2410f115d00", "movsd qword ptr [r13], xmm3"},
	{"MovsdMR(M(RBX, -8), X12)", func(a *Assembler) { a.MovsdMR(M(RBX, -8), X12) }, "f2440f1163f8", "movsd qword ptr [rbx-0x8], xmm12"},
	{"Movaps(X1, X2)", func(a *Assembler) { a.Movaps(X1, X2) }, "0f28ca", "movaps xmm1, xmm2"},
	{"Movaps(X10, X3)", func(a *Assembler) { a.Movaps(X10, X3) }, "440f28d3", "movaps xmm10, xmm3"},
	{"Addsd(X0, X1)", func(a *Assembler) { a.Addsd(X0, X1) }, "f20f58c1", "addsd xmm0, xmm1"},
	{"Addsd(X14, X7)", func(a *Assembler) { a.Addsd(X14, X7) }, "f2440f58f7", "addsd xmm14, xmm7"},
	{"Subsd(X2, X10)", func(a *Assembler) { a.Subsd(X2, X10) }, "f2410f5cd2", "subsd xmm2, xmm10"},
	{"Mulsd(X3, X4)", func(a *Assembler) { a.Mulsd(X3, X4) }, "f20f59dc", "mulsd xmm3, xmm4"},
	{"Divsd(X15, X15)", func(a *Assembler) { a.Divsd(X15, X15) }, "f2450f5eff", "divsd xmm15, xmm15"},
	{"Sqrtsd(X0, X0)", func(a *Assembler) { a.Sqrtsd(X0, X0) }, "f20f51c0", "sqrtsd xmm0, xmm0"},
	{"SD(MINSD, X1, X2)", func(a *Assembler) { a.SD(MINSD, X1, X2) }, "f20f5dca", "minsd xmm1, xmm2"},
	{"SD(MAXSD, X9, X2)", func(a *Assembler) { a.SD(MAXSD, X9, X2) }, "f2440f5fca", "maxsd xmm9, xmm2"},
	{"SDM(ADDSD, X5, M(R15, 0x28))", func(a *Assembler) { a.SDM(ADDSD, X5, M(R15, 0x28)) }, "f2410f586f28", "addsd xmm5, qword ptr [r15+0x28]"},
	{"SDM(MULSD, X11, MIdx(RDI, RSI, 8, 0))", func(a *Assembler) { a.SDM(MULSD, X11, MIdx(RDI, RSI, 8, 0)) }, "f2440f591cf7", "mulsd xmm11, qword ptr [rdi+8*rsi]"},
	{"Ucomisd(X0, X1)", func(a *Assembler) { a.Ucomisd(X0, X1) }, "660f2ec1", "ucomisd xmm0, xmm1"},
	{"Ucomisd(X8, X9)", func(a *Assembler) { a.Ucomisd(X8, X9) }, "66450f2ec1", "ucomisd xmm8, xmm9"},
	{"UcomisdM(X2, M(RAX, 0))", func(a *Assembler) { a.UcomisdM(X2, M(RAX, 0)) }, "660f2e10", "ucomisd xmm2, qword ptr [rax]"},
	{"Cvtsi2sdq(X0, RAX)", func(a *Assembler) { a.Cvtsi2sdq(X0, RAX) }, "f2480f2ac0", "cvtsi2sd xmm0, rax"},
	{"Cvtsi2sdq(X13, R9)", func(a *Assembler) { a.Cvtsi2sdq(X13, R9) }, "f24d0f2ae9", "cvtsi2sd xmm13, r9"},
	{"Cvtsi2sdqM(X1, M(RSP, 0))", func(a *Assembler) { a.Cvtsi2sdqM(X1, M(RSP, 0)) }, "f2480f2a0c24", "cvtsi2sd xmm1, qword ptr [rsp]"},
	{"Cvttsd2siq(RAX, X0)", func(a *Assembler) { a.Cvttsd2siq(RAX, X0) }, "f2480f2cc0", "cvttsd2si rax, xmm0"},
	{"Cvttsd2siq(R12, X15)", func(a *Assembler) { a.Cvttsd2siq(R12, X15) }, "f24d0f2ce7", "cvttsd2si r12, xmm15"},
	{"Cvttsd2siqM(RDX, M(RBP, 16))", func(a *Assembler) { a.Cvttsd2siqM(RDX, M(RBP, 16)) }, "f2480f2c5510", "cvttsd2si rdx, qword ptr [rbp+0x10]"},
	{"MovqXR(X0, RAX)", func(a *Assembler) { a.MovqXR(X0, RAX) }, "66480f6ec0", "movq xmm0, rax"},
	{"MovqXR(X12, R13)", func(a *Assembler) { a.MovqXR(X12, R13) }, "664d0f6ee5", "movq xmm12, r13"},
	{"MovqRX(RCX, X1)", func(a *Assembler) { a.MovqRX(RCX, X1) }, "66480f7ec9", "movq rcx, xmm1"},
	{"MovqRX(R8, X9)", func(a *Assembler) { a.MovqRX(R8, X9) }, "664d0f7ec8", "movq r8, xmm9"},
	{"Xorpd(X0, X0)", func(a *Assembler) { a.Xorpd(X0, X0) }, "660f57c0", "xorpd xmm0, xmm0"},
	{"Xorpd(X11, X4)", func(a *Assembler) { a.Xorpd(X11, X4) }, "66440f57dc", "xorpd xmm11, xmm4"},
	{"Andpd(X1, X2)", func(a *Assembler) { a.Andpd(X1, X2) }, "660f54ca", "andpd xmm1, xmm2"},
	{"PD(ANDNPD, X3, X12)", func(a *Assembler) { a.PD(ANDNPD, X3, X12) }, "66410f55dc", "andnpd xmm3, xmm12"},
	{"PD(ORPD, X6, X7)", func(a *Assembler) { a.PD(ORPD, X6, X7) }, "660f56f7", "orpd xmm6, xmm7"},
	{"PDM(XORPD, X1, M(R15, 64))", func(a *Assembler) { a.PDM(XORPD, X1, M(R15, 64)) }, "66410f574f40", "xorpd xmm1, xmmword ptr [r15+0x40]"},
	{"Roundsd(X0, X1, RoundDown)", func(a *Assembler) { a.Roundsd(X0, X1, RoundDown) }, "660f3a0bc109", "roundsd xmm0, xmm1, 0x9"},
	{"Roundsd(X10, X10, RoundUp)", func(a *Assembler) { a.Roundsd(X10, X10, RoundUp) }, "66450f3a0bd20a", "roundsd xmm10, xmm10, 0xa"},
	{"Roundsd(X2, X9, RoundTrunc)", func(a *Assembler) { a.Roundsd(X2, X9, RoundTrunc) }, "66410f3a0bd10b", "roundsd xmm2, xmm9, 0xb"},
	{"Roundsd(X3, X3, RoundNearestEven)", func(a *Assembler) { a.Roundsd(X3, X3, RoundNearestEven) }, "660f3a0bdb08", "roundsd xmm3, xmm3, 0x8"},
	{"RoundsdM(X4, M(RSP, 8), RoundDown)", func(a *Assembler) { a.RoundsdM(X4, M(RSP, 8), RoundDown) }, "660f3a0b64240809", "roundsd xmm4, qword ptr [rsp+0x8], 0x9"},
}

func TestEncodeTable(t *testing.T) {
	for _, tc := range encodeTable {
		a := NewAssembler()
		tc.emit(a)
		got := hex.EncodeToString(a.Bytes())
		if got != tc.hex {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.hex)
			continue
		}
		inst, err := x86asm.Decode(a.Bytes(), 64)
		if err != nil || inst.Len != a.Len() {
			t.Errorf("%s: % x does not decode as one instruction: %v %v", tc.name, a.Bytes(), inst, err)
			continue
		}
		if s := x86asm.IntelSyntax(inst, 0, nil); s != tc.intel {
			t.Errorf("%s: disassembles as %q, want %q", tc.name, s, tc.intel)
		}
	}
}
