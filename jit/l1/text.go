package l1

import (
	"fmt"
	"math"
	"strings"

	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// The text form of a compiled plan.

// String is the text form of the compiled plan: for each block, the
// statements as expression trees and the templates (closures) they compiled
// to, and the terminator. jitvm disasm --level=1 prints it, and golden tests
// compare it.
func (c *Code) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "l1 %s: %d blocks, %d closures", c.f.Name, len(c.blocks), c.closures)
	if c.bails > 0 {
		fmt.Fprintf(&b, ", %d bail-outs", c.bails)
	}
	if len(c.inlined) > 0 {
		// The blocks' pcs are then the expanded code's.
		calls := make([]string, len(c.inlined))
		for i, st := range c.inlined {
			calls[i] = fmt.Sprintf("%s (pc %d)", c.prog.Funcs[st.fn].Name, st.pc)
			if st.partial {
				calls[i] = "the guard of " + calls[i]
			}
		}
		fmt.Fprintf(&b, ", inlined %s; pcs below are after inlining", strings.Join(calls, ", "))
	}
	b.WriteString("\n")
	for _, blk := range c.blocks {
		fmt.Fprintf(&b, "b%d pc %d-%d:", blk.id, blk.start, blk.end)
		if blk.run == nil {
			fmt.Fprintf(&b, " %s\n", blk.lines[0])
			continue
		}
		b.WriteString("\n")
		for _, line := range blk.lines {
			fmt.Fprintf(&b, "    %s\n", line)
		}
	}
	return b.String()
}

// line is a line of a block's text form: a statement or the terminator, and
// the templates it compiled to.
type line struct {
	text  string
	notes []string
}

func (l line) String() string {
	if len(l.notes) == 0 {
		return l.text
	}
	return fmt.Sprintf("%-40s ; %s", l.text, strings.Join(l.notes, " "))
}

// fmtStmt is the text form of a statement.
func (c *compiler) fmtStmt(s stmt) string {
	if s.kind == sSet {
		return fmt.Sprintf("r%d = %s", s.dst, c.fmt(s.n, domNone))
	}
	in := s.in
	arg := func(i int) string { return c.fmt(s.args[i], domNone) }
	switch in.Op() {
	case bc.SET:
		return fmt.Sprintf("s%d[%s] = %s", in.A(), arg(0), arg(1))
	case bc.SETG:
		return fmt.Sprintf("g%d = %s", in.B(), arg(0))
	case bc.GSTORE:
		return fmt.Sprintf("gs%d[%s] = %s", in.A(), arg(0), arg(1))
	case bc.SET2:
		return fmt.Sprintf("s%d[%s][%s] = %s", in.A(), arg(0), arg(1), arg(2))
	}
	return strings.Join(strings.Fields(c.a.prog.InstrString(c.a.f, s.pc, in)), " ")
}

// fmt is the text form of a tree; constants print as floats in a float
// context.
func (c *compiler) fmt(n *node, ctx dom) string {
	info := n.op.info()
	arg := func(i int) string { return c.fmt(n.args[i], info.in) }
	switch n.op {
	case opReg:
		return fmt.Sprintf("r%d", n.reg)
	case opConst:
		if ctx == domFloat {
			return fmt.Sprintf("%g", math.Float64frombits(n.k))
		}
		return fmt.Sprintf("%d", int64(n.k))
	case opDiv, opMod, opShl, opShr:
		return fmt.Sprintf("(%s %s %s)", c.fmt(n.args[0], domInt), info.sym, c.fmt(n.args[1], domInt))
	case opGet:
		return fmt.Sprintf("s%d[%s]", n.in.B(), c.fmt(n.args[0], domInt))
	case opGLoad:
		return fmt.Sprintf("gs%d[%s]", n.in.B(), c.fmt(n.args[0], domInt))
	case opGet2:
		return fmt.Sprintf("s%d[%s][%s]", n.in.B(), c.fmt(n.args[0], domInt), c.fmt(n.args[1], domInt))
	case opGetG:
		return fmt.Sprintf("g%d", n.in.B())
	case opLen, opCap:
		return fmt.Sprintf("%s(s%d)", info.sym, n.in.B())
	case opIsNil:
		return fmt.Sprintf("(s%d == nil)", n.in.B())
	}
	switch {
	case info.unary:
		if len(info.sym) <= 2 {
			return fmt.Sprintf("%s%s", info.sym, arg(0))
		}
		return fmt.Sprintf("%s(%s)", info.sym, arg(0))
	case len(info.sym) > 3:
		return fmt.Sprintf("%s(%s, %s)", info.sym, arg(0), arg(1))
	}
	s := fmt.Sprintf("%s %s %s", arg(0), info.sym, arg(1))
	if ctx != domNone && ctx != domBool {
		s = "(" + s + ")"
	}
	return s
}
