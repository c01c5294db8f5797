package l1

//go:generate go run ./internal/gen

// iop is an operation of L1's expression trees (zops.go lists them). The
// bytecode's constant and immediate forms (ADDI, MULK, JLTK, ...) become the
// register form with a constant leaf, so one operation covers them all.
type iop uint8

// dom is the Go type an operation computes on.
type dom uint8

const (
	domNone  dom = iota
	domInt       // uint64: ints, and bools as 0/1
	domFloat     // float64
	domBool      // a comparison's result
)

// opInfo describes an operation, for lowering and for the text form.
type opInfo struct {
	name  string
	sym   string // infix symbol or function name
	in    dom    // the operands' domain (domNone: lowered by hand)
	out   dom
	unary bool
	chain bool // has two-operation templates
	cmp   bool // a comparison, usable as a branch condition
}

func (o iop) info() *opInfo { return &opInfos[o] }

func (o iop) String() string { return opInfos[o].name }

// swapCmp is the comparison with its operands exchanged: a < b is b > a.
var swapCmp = [numOps]iop{
	opEq: opEq, opNe: opNe, opLt: opGt, opLe: opGe, opGt: opLt, opGe: opLe,
	opFEq: opFEq, opFNe: opFNe, opFLt: opFGt, opFLe: opFGe, opFGt: opFLt, opFGe: opFLe,
}

func b2w(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
