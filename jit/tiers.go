package jit

import (
	"time"

	"github.com/jitvm/jitvm/jit/l1"
	"github.com/jitvm/jitvm/jit/l2"
	"github.com/jitvm/jitvm/vm"
	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// TierOptions configure the tiers DefaultTiers returns.
type TierOptions struct {
	// PerfMap, if set, receives a line for every piece of L2 code, so that
	// Linux perf names JIT-compiled functions.
	PerfMap *l2.PerfMap
}

// DefaultTiers returns the tiers of this build, with the models the
// controller plans with (docs/ARCHITECTURE.md gives the measurements behind
// the numbers). A tier that cannot run here (L2 off amd64, or where
// executable memory is denied) comes with Unavailable set.
func DefaultTiers(o TierOptions) []Tier {
	t1 := Tier{
		Level: 1, Name: "closures",
		Compile: func(p *bc.Program, fn int, _ Hints) (vm.Code, error) { return l1.Compile(p, fn) },
		Model:   Model{Speedup: 1.4, CompilePerOp: 1500 * time.Nanosecond, CompileFixed: 30 * time.Microsecond},
		Estimate: func(p *bc.Program, fn int) (float64, string) {
			if l1.CallBound(p, fn) {
				return l1.CallBoundSpeedup, "L1 would not run it faster: it has no loop and no quick return for L1 to splice into its calls, and its recursive calls cost at L1 what they cost in the interpreter"
			}
			return 0, ""
		},
	}
	t2 := Tier{
		Level: 2, Name: "x86-64",
		Compile: func(p *bc.Program, fn int, h Hints) (vm.Code, error) {
			return l2.Compile(p, fn, l2.Options{Inline: h.Inline, PerfMap: o.PerfMap})
		},
		Model: Model{Speedup: 10, CompilePerOp: 2500 * time.Nanosecond, CompileFixed: 40 * time.Microsecond},
	}
	if err := l2.Available(); err != nil {
		t2.Unavailable = err.Error()
	}
	return []Tier{t1, t2}
}
