// Package bytecode defines jitvm's register bytecode: the instruction set
// (opcode.go), the encoding of an instruction (instr.go), and the compiled
// program (this file), with a printer and a verifier.
//
// Every tier reads this form. The front end (vm/internal/compiler) writes it,
// the interpreter (vm) runs it, and the JIT (jit/) recompiles it. The frame
// layout it implies is described in docs/ARCHITECTURE.md: a function's frame
// is a window of NumRegs scalar registers and NumRegs slice registers, with
// its parameters in registers 0..NumParams-1 and its results returned in
// registers 0..len(Results)-1.
package bytecode

import "strings"

// Kind is the kind of a value type.
type Kind uint8

const (
	KInt Kind = iota
	KFloat
	KBool
	KSlice
)

// Type is a value type of the language: int, float64, bool, or a slice of a
// type. Types are compared by identity of their shape, not pointer: use Equal.
type Type struct {
	Kind Kind
	Elem *Type // for KSlice
}

// The scalar types.
var (
	Int   = &Type{Kind: KInt}
	Float = &Type{Kind: KFloat}
	Bool  = &Type{Kind: KBool}
)

// SliceOf returns the type []elem.
func SliceOf(elem *Type) *Type { return &Type{Kind: KSlice, Elem: elem} }

// IsSlice reports whether values of t live in slice registers.
func (t *Type) IsSlice() bool { return t.Kind == KSlice }

// ElemKind says how the elements of slice type t are stored.
func (t *Type) ElemKind() ElemKind {
	switch t.Elem.Kind {
	case KBool:
		return ElemBool
	case KSlice:
		return ElemSlice
	}
	return ElemWord
}

// Equal reports whether t and u are the same type.
func (t *Type) Equal(u *Type) bool {
	if t.Kind != u.Kind {
		return false
	}
	if t.Kind == KSlice {
		return t.Elem.Equal(u.Elem)
	}
	return true
}

func (t *Type) String() string {
	switch t.Kind {
	case KInt:
		return "int"
	case KFloat:
		return "float64"
	case KBool:
		return "bool"
	}
	return "[]" + t.Elem.String()
}

// Func is one compiled function.
type Func struct {
	Name    string
	Line    int // line of the declaration
	Params  []*Type
	Results []*Type
	NumRegs int // registers in the frame (scalar and slice banks alike)

	Code   []Instr
	Lines  []int32  // source line of each instruction
	Consts []uint64 // constants: ints, and floats as their bits
}

// Line returns the source line of the instruction at pc.
func (f *Func) LineAt(pc int) int {
	if pc >= 0 && pc < len(f.Lines) {
		return int(f.Lines[pc])
	}
	return f.Line
}

// PrintKind is the fmt function a PRINT instruction calls.
type PrintKind uint8

const (
	Println PrintKind = iota
	Print
	Printf
)

// PrintSite describes one call of fmt.Println, fmt.Print or fmt.Printf.
// Argument i is in register A+i of the PRINT instruction, unless it is a
// string constant.
type PrintSite struct {
	Kind   PrintKind
	Format string // for Printf
	Args   []PrintArg
}

// PrintArg is one argument of a print call: a value of Type, or, when Type
// is nil, the string constant Str.
type PrintArg struct {
	Type *Type
	Str  string
}

// PanicSite describes one call of panic.
type PanicSite struct {
	Msg string // the literal message, when Arg is nil
	Arg *Type  // the type of the value in register A, or nil
}

// Global is a package-level variable.
type Global struct {
	Name  string
	Type  *Type
	Index int // in the scalar or the slice globals, by Type
}

// Program is a compiled source file.
type Program struct {
	File       string // the source path as given
	Funcs      []*Func
	Main       int // index of main in Funcs
	Init       int // index of the package initialiser in Funcs (it runs first)
	Globals    []Global
	NumGlobals int // scalar globals
	NumSGlobal int // slice globals
	Prints     []PrintSite
	Panics     []PanicSite
}

// FuncIndex returns the index of the function named name, or -1.
func (p *Program) FuncIndex(name string) int {
	for i, f := range p.Funcs {
		if f.Name == name {
			return i
		}
	}
	return -1
}

// String prints the whole program (see Disasm).
func (p *Program) String() string {
	var b strings.Builder
	for i := range p.Funcs {
		p.Disasm(&b, i, nil)
	}
	return b.String()
}
