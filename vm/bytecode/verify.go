package bytecode

import "fmt"

// Verify checks that every operand of every instruction is in range: that
// registers lie inside the frame, constants, functions, globals and sites
// exist, jumps land inside the function, and no function can run off its
// end. The interpreter reaches registers and constants without bounds
// checks, so a program must pass Verify before it runs; the front end's
// output always does, and Verify is how that is checked.
func Verify(p *Program) error {
	if p.Main < 0 || p.Main >= len(p.Funcs) || p.Init < 0 || p.Init >= len(p.Funcs) {
		return fmt.Errorf("verify: main or init function out of range")
	}
	for fi, f := range p.Funcs {
		if err := verifyFunc(p, f); err != nil {
			return fmt.Errorf("verify: function %d (%s): %w", fi, f.Name, err)
		}
	}
	return nil
}

func verifyFunc(p *Program, f *Func) error {
	n := len(f.Code)
	if n == 0 {
		return fmt.Errorf("no code")
	}
	if len(f.Lines) != n {
		return fmt.Errorf("%d lines for %d instructions", len(f.Lines), n)
	}
	if f.NumRegs < len(f.Params) || f.NumRegs < len(f.Results) || f.NumRegs <= 0 {
		return fmt.Errorf("frame of %d registers is too small", f.NumRegs)
	}
	if last := f.Code[n-1].Op(); last != RET && last != JMP && last != EXIT && last != PANIC {
		return fmt.Errorf("can run off its end (last instruction %v)", last)
	}
	for pc, in := range f.Code {
		op := in.Op()
		if op >= NumOps || Info[op].Name == "" {
			return fmt.Errorf("pc %d: invalid opcode %d", pc, op)
		}
		if err := verifyInstr(p, f, pc, in); err != nil {
			return fmt.Errorf("pc %d: %v: %w", pc, op, err)
		}
	}
	return nil
}

func verifyInstr(p *Program, f *Func, pc int, in Instr) error {
	op := in.Op()
	info := Info[op]
	reg := func(r, n int) error {
		if r < 0 || r+n > f.NumRegs {
			return fmt.Errorf("registers %d..%d outside a frame of %d", r, r+n-1, f.NumRegs)
		}
		return nil
	}
	vals := [3]int{in.A(), in.B(), in.C()}
	for i, k := range [3]Operand{info.A, info.B, info.C} {
		v := vals[i]
		var err error
		switch k {
		case OpdReg, OpdSReg:
			err = reg(v, 1)
		case OpdReg2:
			if err = reg(v&0xfff, 1); err == nil {
				err = reg(v>>12, 1)
			}
		case OpdConst:
			if v < 0 || v >= len(f.Consts) {
				err = fmt.Errorf("constant %d of %d", v, len(f.Consts))
			}
		case OpdJump:
			if t := pc + 1 + v; t < 0 || t >= len(f.Code) {
				err = fmt.Errorf("jump to %d outside 0..%d", t, len(f.Code)-1)
			}
		case OpdFunc:
			if v < 0 || v >= len(p.Funcs) {
				err = fmt.Errorf("function %d of %d", v, len(p.Funcs))
			}
		case OpdGlob:
			if v < 0 || v >= p.NumGlobals {
				err = fmt.Errorf("global %d of %d", v, p.NumGlobals)
			}
		case OpdSGlob:
			if v < 0 || v >= p.NumSGlobal {
				err = fmt.Errorf("slice global %d of %d", v, p.NumSGlobal)
			}
		case OpdPrint:
			if v < 0 || v >= len(p.Prints) {
				err = fmt.Errorf("print site %d of %d", v, len(p.Prints))
			}
		case OpdPanic:
			if v < 0 || v >= len(p.Panics) {
				err = fmt.Errorf("panic site %d of %d", v, len(p.Panics))
			}
		case OpdKind:
			k := v
			if op == APPEND {
				k = v & 3
			}
			if k > int(ElemSlice) || v < 0 {
				err = fmt.Errorf("bad element kind %d", v)
			}
		case OpdImm:
			if (op == SHLI || op == SHRI) && (v < 0 || v > 63) {
				err = fmt.Errorf("shift count %d", v)
			}
		}
		if err != nil {
			return err
		}
	}
	// Operands that name runs of registers.
	switch op {
	case CALL:
		callee := p.Funcs[in.B()]
		return reg(in.A(), max(len(callee.Params), len(callee.Results), 1))
	case PRINT:
		return reg(in.A(), max(len(p.Prints[in.B()].Args), 1))
	case PANIC:
		return reg(in.A(), 1)
	case MAKE:
		return reg(in.B(), 2)
	case APPEND:
		return reg(in.B(), in.C()>>2)
	case SLICE:
		return reg(in.C(), 2)
	case SLICE3:
		return reg(in.C(), 3)
	}
	return nil
}
