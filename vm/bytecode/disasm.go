package bytecode

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// Disasm writes function fn of p in text form, one instruction a line with
// its source line. src, when not nil, holds the source lines (index 0 is line
// 1) and each new source line is printed above its first instruction.
func (p *Program) Disasm(w io.Writer, fn int, src []string) {
	f := p.Funcs[fn]
	fmt.Fprintf(w, "func %s (line %d) params=%d results=%d regs=%d\n", f.Name, f.Line, len(f.Params), len(f.Results), f.NumRegs)
	last := -1
	for pc, in := range f.Code {
		line := f.LineAt(pc)
		if src != nil && line != last && line >= 1 && line <= len(src) {
			fmt.Fprintf(w, "  ; %d: %s\n", line, strings.TrimSpace(src[line-1]))
		}
		last = line
		fmt.Fprintf(w, "  %4d  %-28s ; line %d\n", pc, p.InstrString(f, pc, in), line)
	}
}

// InstrString formats one instruction of f at pc with its operands decoded.
func (p *Program) InstrString(f *Func, pc int, in Instr) string {
	op := in.Op()
	if op >= NumOps {
		return fmt.Sprintf("OP?%d", op)
	}
	info := Info[op]
	var parts []string
	for i, k := range [3]Operand{info.A, info.B, info.C} {
		v := [3]int{in.A(), in.B(), in.C()}[i]
		if k == OpdConst && v >= len(f.Consts) {
			parts = append(parts, fmt.Sprintf("k%d(?)", v))
			continue
		}
		switch k {
		case OpdNone:
			continue
		case OpdReg:
			parts = append(parts, fmt.Sprintf("r%d", v))
		case OpdSReg:
			parts = append(parts, fmt.Sprintf("s%d", v))
		case OpdArgs:
			parts = append(parts, fmt.Sprintf("@%d", v))
		case OpdReg2:
			parts = append(parts, fmt.Sprintf("r%d r%d", v&0xfff, v>>12))
		case OpdImm:
			parts = append(parts, fmt.Sprintf("%d", v))
		case OpdConst:
			s := fmt.Sprintf("k%d", v)
			if v < len(f.Consts) {
				s += fmt.Sprintf("(%d|%g)", int64(f.Consts[v]), math.Float64frombits(f.Consts[v]))
			}
			parts = append(parts, s)
		case OpdJump:
			parts = append(parts, fmt.Sprintf("->%d", pc+1+v))
		case OpdFunc:
			name := "?"
			if v < len(p.Funcs) {
				name = p.Funcs[v].Name
			}
			parts = append(parts, name)
		case OpdGlob:
			parts = append(parts, fmt.Sprintf("g%d", v))
		case OpdSGlob:
			parts = append(parts, fmt.Sprintf("gs%d", v))
		case OpdPrint:
			s := fmt.Sprintf("print#%d", v)
			if v < len(p.Prints) {
				ps := p.Prints[v]
				s += fmt.Sprintf("(%s/%d)", [...]string{"Println", "Print", "Printf"}[ps.Kind], len(ps.Args))
			}
			parts = append(parts, s)
		case OpdPanic:
			parts = append(parts, fmt.Sprintf("panic#%d", v))
		case OpdKind:
			if op == APPEND {
				parts = append(parts, fmt.Sprintf("n=%d", v>>2), kindName(ElemKind(v&3)))
			} else {
				parts = append(parts, kindName(ElemKind(v)))
			}
		}
	}
	return fmt.Sprintf("%-7s %s", info.Name, strings.Join(parts, " "))
}

func kindName(k ElemKind) string {
	switch k {
	case ElemWord:
		return "word"
	case ElemBool:
		return "bool"
	case ElemSlice:
		return "slice"
	}
	return "kind?"
}
