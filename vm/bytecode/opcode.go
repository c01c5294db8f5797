package bytecode

// Op is an opcode.
//
// Notation (after gopher-lua's opcode.go): R(x) is the scalar register x of the
// current frame (an int64, a float64 as its IEEE bits, or a bool as 0/1),
// S(x) is the slice register x, K(x) is constant x of the function, G(x) and
// GS(x) are scalar and slice globals, and pc+C is a jump relative to the
// instruction after this one. Integer arithmetic wraps as Go's does.
type Op uint8

// The instruction set. Keep the comment on each opcode current: it is the
// specification every tier implements.
const (
	NOP Op = iota // -

	MOVE    // R(A) := R(B)
	MOVES   // S(A) := S(B)
	LOADI   // R(A) := C                        (C a signed immediate)
	LOADK   // R(A) := K(B)
	LOADNIL // S(A) := nil

	GETG  // R(A) := G(B)
	SETG  // G(B) := R(A)
	GETGS // S(A) := GS(B)
	SETGS // GS(B) := S(A)

	ADD    // R(A) := R(B) + R(C)
	SUB    // R(A) := R(B) - R(C)
	MUL    // R(A) := R(B) * R(C)
	DIV    // R(A) := R(B) / R(C)             (panics on zero divisor)
	MOD    // R(A) := R(B) % R(C)             (panics on zero divisor)
	AND    // R(A) := R(B) & R(C)
	OR     // R(A) := R(B) | R(C)
	XOR    // R(A) := R(B) ^ R(C)
	ANDNOT // R(A) := R(B) &^ R(C)
	SHL    // R(A) := R(B) << R(C)            (panics on a negative count)
	SHR    // R(A) := R(B) >> R(C)            (arithmetic; panics on a negative count)
	ADDI   // R(A) := R(B) + C
	SHLI   // R(A) := R(B) << C               (0 <= C < 64)
	SHRI   // R(A) := R(B) >> C               (0 <= C < 64)
	MULK   // R(A) := R(B) * K(C)
	DIVK   // R(A) := R(B) / K(C)             (K(C) != 0: Go rejects a constant zero divisor)
	MODK   // R(A) := R(B) % K(C)             (K(C) != 0)
	ANDK   // R(A) := R(B) & K(C)
	ORK    // R(A) := R(B) | K(C)
	XORK   // R(A) := R(B) ^ K(C)
	NEG    // R(A) := -R(B)
	BNOT   // R(A) := ^R(B)
	NOT    // R(A) := !R(B)

	FADD  // R(A) := R(B) + R(C)               (float64)
	FSUB  // R(A) := R(B) - R(C)
	FMUL  // R(A) := R(B) * R(C)
	FDIV  // R(A) := R(B) / R(C)
	FADDK // R(A) := R(B) + K(C)              (float64)
	FSUBK // R(A) := R(B) - K(C)
	FMULK // R(A) := R(B) * K(C)
	FDIVK // R(A) := R(B) / K(C)
	FNEG  // R(A) := -R(B)
	ITOF  // R(A) := float64(R(B))
	FTOI  // R(A) := int(R(B))

	EQ    // R(A) := R(B) == R(C)               (int or bool)
	NE    // R(A) := R(B) != R(C)
	LT    // R(A) := R(B) < R(C)
	LE    // R(A) := R(B) <= R(C)
	FEQ   // R(A) := R(B) == R(C)               (float64)
	FNE   // R(A) := R(B) != R(C)
	FLT   // R(A) := R(B) < R(C)
	FLE   // R(A) := R(B) <= R(C)
	ISNIL // R(A) := S(B) == nil

	JMP  // pc += C
	JT   // if R(A) then pc += C
	JF   // if !R(A) then pc += C
	JEQ  // if R(A) == R(B) then pc += C      (int)
	JNE  // if R(A) != R(B) then pc += C
	JLT  // if R(A) < R(B) then pc += C
	JLE  // if R(A) <= R(B) then pc += C
	JEQK // if R(A) == K(B) then pc += C
	JNEK // if R(A) != K(B) then pc += C
	JLTK // if R(A) < K(B) then pc += C
	JLEK // if R(A) <= K(B) then pc += C
	JGTK // if R(A) > K(B) then pc += C
	JGEK // if R(A) >= K(B) then pc += C

	LEN    // R(A) := len(S(B))
	CAP    // R(A) := cap(S(B))
	GET    // R(A) := S(B)[R(C)]              (scalar elements; bounds checked)
	GETS   // S(A) := S(B)[R(C)]              (slice elements)
	SET    // S(A)[R(B)] := R(C)
	GLOAD  // R(A) := GS(B)[R(C)]             (scalar elements of a global slice)
	GSTORE // GS(A)[R(B)] := R(C)
	GET2   // R(A) := S(B)[R(C&0xfff)][R(C>>12)]  (scalar elements of a slice of slices)
	SET2   // S(A)[R(B)][R(C&0xfff)] := R(C>>12)
	SETS   // S(A)[R(B)] := S(C)
	MAKE   // S(A) := make([]E, R(B), R(B+1)) (E is ElemKind(C))
	APPEND // S(A) := append(S(A), R(B), ..., R(B+n-1)) or S(B).. for slice elements; C = n<<2 | ElemKind
	APPSL  // S(A) := append(S(A), S(B)...)   (E is ElemKind(C))
	SLICE  // S(A) := S(B)[R(C):R(C+1)]
	SLICE3 // S(A) := S(B)[R(C):R(C+1):R(C+2)]
	COPY   // R(A) := copy(S(B), S(C))

	SQRT  // R(A) := math.Sqrt(R(B))
	FABS  // R(A) := math.Abs(R(B))
	FLOOR // R(A) := math.Floor(R(B))
	CEIL  // R(A) := math.Ceil(R(B))
	MIN   // R(A) := min(R(B), R(C))          (int)
	MAX   // R(A) := max(R(B), R(C))          (int)
	FMIN  // R(A) := min(R(B), R(C))          (float64, Go's NaN and -0 rules)
	FMAX  // R(A) := max(R(B), R(C))          (float64)

	CALL  // call Funcs[B] with its frame at register A; its results come back in A, A+1, ...
	RET   // return; the results are in registers 0, 1, ...
	PRINT // fmt call Prints[B] with arguments in registers A, A+1, ...
	PANIC // panic(register A), described by Panics[B]
	EXIT  // os.Exit(R(A))

	NumOps // not an opcode: the number of opcodes
)

// ElemKind tells the slice operations how the element is stored, which
// matters for append's growth (Go rounds capacities by element size) and for
// which backing array holds the elements.
type ElemKind uint8

const (
	ElemWord  ElemKind = iota // int or float64: 8 bytes, stored in Slice.W
	ElemBool                  // bool: 1 byte in Go, stored as a word in Slice.W
	ElemSlice                 // a slice: a 24-byte header in Go, stored in Slice.S
)

// Operand says what one operand field of an instruction means.
type Operand uint8

const (
	OpdNone  Operand = iota
	OpdReg           // a scalar register
	OpdSReg          // a slice register
	OpdImm           // an immediate integer
	OpdConst         // an index into the function's constants
	OpdJump          // a relative jump offset
	OpdFunc          // an index into Program.Funcs
	OpdGlob          // a scalar global
	OpdSGlob         // a slice global
	OpdPrint         // an index into Program.Prints
	OpdPanic         // an index into Program.Panics
	OpdKind          // an ElemKind (and, for APPEND, a count)
	OpdArgs          // the first of consecutive argument registers
	OpdReg2          // two scalar registers packed as r1 | r2<<12
)

// OpInfo describes an opcode: its name and the meaning of its operands.
type OpInfo struct {
	Name    string
	A, B, C Operand
}

// Info is indexed by opcode. A test checks that every opcode has an entry.
var Info = [NumOps]OpInfo{
	NOP:     {"NOP", OpdNone, OpdNone, OpdNone},
	MOVE:    {"MOVE", OpdReg, OpdReg, OpdNone},
	MOVES:   {"MOVES", OpdSReg, OpdSReg, OpdNone},
	LOADI:   {"LOADI", OpdReg, OpdNone, OpdImm},
	LOADK:   {"LOADK", OpdReg, OpdConst, OpdNone},
	LOADNIL: {"LOADNIL", OpdSReg, OpdNone, OpdNone},
	GETG:    {"GETG", OpdReg, OpdGlob, OpdNone},
	SETG:    {"SETG", OpdReg, OpdGlob, OpdNone},
	GETGS:   {"GETGS", OpdSReg, OpdSGlob, OpdNone},
	SETGS:   {"SETGS", OpdSReg, OpdSGlob, OpdNone},
	ADD:     {"ADD", OpdReg, OpdReg, OpdReg},
	SUB:     {"SUB", OpdReg, OpdReg, OpdReg},
	MUL:     {"MUL", OpdReg, OpdReg, OpdReg},
	DIV:     {"DIV", OpdReg, OpdReg, OpdReg},
	MOD:     {"MOD", OpdReg, OpdReg, OpdReg},
	AND:     {"AND", OpdReg, OpdReg, OpdReg},
	OR:      {"OR", OpdReg, OpdReg, OpdReg},
	XOR:     {"XOR", OpdReg, OpdReg, OpdReg},
	ANDNOT:  {"ANDNOT", OpdReg, OpdReg, OpdReg},
	SHL:     {"SHL", OpdReg, OpdReg, OpdReg},
	SHR:     {"SHR", OpdReg, OpdReg, OpdReg},
	ADDI:    {"ADDI", OpdReg, OpdReg, OpdImm},
	SHLI:    {"SHLI", OpdReg, OpdReg, OpdImm},
	SHRI:    {"SHRI", OpdReg, OpdReg, OpdImm},
	MULK:    {"MULK", OpdReg, OpdReg, OpdConst},
	DIVK:    {"DIVK", OpdReg, OpdReg, OpdConst},
	MODK:    {"MODK", OpdReg, OpdReg, OpdConst},
	ANDK:    {"ANDK", OpdReg, OpdReg, OpdConst},
	ORK:     {"ORK", OpdReg, OpdReg, OpdConst},
	XORK:    {"XORK", OpdReg, OpdReg, OpdConst},
	NEG:     {"NEG", OpdReg, OpdReg, OpdNone},
	BNOT:    {"BNOT", OpdReg, OpdReg, OpdNone},
	NOT:     {"NOT", OpdReg, OpdReg, OpdNone},
	FADD:    {"FADD", OpdReg, OpdReg, OpdReg},
	FSUB:    {"FSUB", OpdReg, OpdReg, OpdReg},
	FMUL:    {"FMUL", OpdReg, OpdReg, OpdReg},
	FDIV:    {"FDIV", OpdReg, OpdReg, OpdReg},
	FADDK:   {"FADDK", OpdReg, OpdReg, OpdConst},
	FSUBK:   {"FSUBK", OpdReg, OpdReg, OpdConst},
	FMULK:   {"FMULK", OpdReg, OpdReg, OpdConst},
	FDIVK:   {"FDIVK", OpdReg, OpdReg, OpdConst},
	FNEG:    {"FNEG", OpdReg, OpdReg, OpdNone},
	ITOF:    {"ITOF", OpdReg, OpdReg, OpdNone},
	FTOI:    {"FTOI", OpdReg, OpdReg, OpdNone},
	EQ:      {"EQ", OpdReg, OpdReg, OpdReg},
	NE:      {"NE", OpdReg, OpdReg, OpdReg},
	LT:      {"LT", OpdReg, OpdReg, OpdReg},
	LE:      {"LE", OpdReg, OpdReg, OpdReg},
	FEQ:     {"FEQ", OpdReg, OpdReg, OpdReg},
	FNE:     {"FNE", OpdReg, OpdReg, OpdReg},
	FLT:     {"FLT", OpdReg, OpdReg, OpdReg},
	FLE:     {"FLE", OpdReg, OpdReg, OpdReg},
	ISNIL:   {"ISNIL", OpdReg, OpdSReg, OpdNone},
	JMP:     {"JMP", OpdNone, OpdNone, OpdJump},
	JT:      {"JT", OpdReg, OpdNone, OpdJump},
	JF:      {"JF", OpdReg, OpdNone, OpdJump},
	JEQ:     {"JEQ", OpdReg, OpdReg, OpdJump},
	JNE:     {"JNE", OpdReg, OpdReg, OpdJump},
	JLT:     {"JLT", OpdReg, OpdReg, OpdJump},
	JLE:     {"JLE", OpdReg, OpdReg, OpdJump},
	JEQK:    {"JEQK", OpdReg, OpdConst, OpdJump},
	JNEK:    {"JNEK", OpdReg, OpdConst, OpdJump},
	JLTK:    {"JLTK", OpdReg, OpdConst, OpdJump},
	JLEK:    {"JLEK", OpdReg, OpdConst, OpdJump},
	JGTK:    {"JGTK", OpdReg, OpdConst, OpdJump},
	JGEK:    {"JGEK", OpdReg, OpdConst, OpdJump},
	LEN:     {"LEN", OpdReg, OpdSReg, OpdNone},
	CAP:     {"CAP", OpdReg, OpdSReg, OpdNone},
	GET:     {"GET", OpdReg, OpdSReg, OpdReg},
	GETS:    {"GETS", OpdSReg, OpdSReg, OpdReg},
	SET:     {"SET", OpdSReg, OpdReg, OpdReg},
	GLOAD:   {"GLOAD", OpdReg, OpdSGlob, OpdReg},
	GSTORE:  {"GSTORE", OpdSGlob, OpdReg, OpdReg},
	GET2:    {"GET2", OpdReg, OpdSReg, OpdReg2},
	SET2:    {"SET2", OpdSReg, OpdReg, OpdReg2},
	SETS:    {"SETS", OpdSReg, OpdReg, OpdSReg},
	MAKE:    {"MAKE", OpdSReg, OpdArgs, OpdKind},
	APPEND:  {"APPEND", OpdSReg, OpdArgs, OpdKind},
	APPSL:   {"APPSL", OpdSReg, OpdSReg, OpdKind},
	SLICE:   {"SLICE", OpdSReg, OpdSReg, OpdArgs},
	SLICE3:  {"SLICE3", OpdSReg, OpdSReg, OpdArgs},
	COPY:    {"COPY", OpdReg, OpdSReg, OpdSReg},
	SQRT:    {"SQRT", OpdReg, OpdReg, OpdNone},
	FABS:    {"FABS", OpdReg, OpdReg, OpdNone},
	FLOOR:   {"FLOOR", OpdReg, OpdReg, OpdNone},
	CEIL:    {"CEIL", OpdReg, OpdReg, OpdNone},
	MIN:     {"MIN", OpdReg, OpdReg, OpdReg},
	MAX:     {"MAX", OpdReg, OpdReg, OpdReg},
	FMIN:    {"FMIN", OpdReg, OpdReg, OpdReg},
	FMAX:    {"FMAX", OpdReg, OpdReg, OpdReg},
	CALL:    {"CALL", OpdArgs, OpdFunc, OpdNone},
	RET:     {"RET", OpdNone, OpdNone, OpdNone},
	PRINT:   {"PRINT", OpdArgs, OpdPrint, OpdNone},
	PANIC:   {"PANIC", OpdArgs, OpdPanic, OpdNone},
	EXIT:    {"EXIT", OpdReg, OpdNone, OpdNone},
}

func (op Op) String() string {
	if op < NumOps && Info[op].Name != "" {
		return Info[op].Name
	}
	return "OP?"
}

// IsJump reports whether the instruction's C operand is a jump offset.
func (op Op) IsJump() bool { return op < NumOps && Info[op].C == OpdJump }
