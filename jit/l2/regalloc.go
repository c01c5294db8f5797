//go:build amd64

package l2

import (
	"sort"

	. "github.com/jitvm/jitvm/jit/internal/amd64"
)

// Register assignment (see doc.go): a few registers are pinned, a few are
// scratch for the instruction patterns, and the rest are allocated to
// webs and derived values by linear scan over live intervals (Poletto and
// Sarkar). An interval keeps one machine register for its whole life, or
// none (then the value lives in its home slot, or a derived value is
// loaded at each use); when registers run out, the interval with the
// smallest weight (references weighted by 8^loop depth) goes to memory.
const (
	winReg = RBX // the frame window: &regs[base] of the running frame
	fpReg  = RBP // the running frame's record: &frames[depth-1]
)

// Scratch registers: never allocated, free for any instruction pattern.
const (
	sc0 = RAX
	sc1 = RCX // also the shift count
	sc2 = RDX
	xs0 = X15
	xs1 = X14
)

var gprPool = []Reg{RSI, RDI, R8, R9, R10, R11, R12, R13}

var xmmPool = []XReg{X0, X1, X2, X3, X4, X5, X6, X7, X8, X9, X10, X11, X12, X13}

type ival struct {
	start, end int
	weight     float64
	web, der   int // one of them is >= 0
	hint       int // web whose register to prefer, or -1
	phys       int
}

// allocate assigns machine registers to a's webs and derived values.
func allocate(a *analysis) {
	var gpr, xmm []*ival
	for w := range a.webs {
		wb := &a.webs[w]
		if a.find(w) != w || wb.slice || wb.end < 0 {
			continue
		}
		iv := &ival{start: wb.start, end: wb.end, weight: wb.weight, web: w, der: -1, hint: wb.hint, phys: -1}
		if wb.cls == clsFloat {
			xmm = append(xmm, iv)
		} else {
			gpr = append(gpr, iv)
		}
	}
	for d := range a.derived {
		dv := &a.derived[d]
		if dv.weight == 0 || dv.end < 0 {
			continue
		}
		gpr = append(gpr, &ival{start: dv.start, end: dv.end, weight: dv.weight, web: -1, der: d, hint: -1, phys: -1})
	}
	scan(a, gpr, len(gprPool))
	scan(a, xmm, len(xmmPool))
	for _, iv := range append(gpr, xmm...) {
		if iv.web >= 0 {
			a.webs[iv.web].phys = iv.phys
		} else {
			a.derived[iv.der].phys = iv.phys
		}
	}
}

func scan(a *analysis, ivs []*ival, nregs int) {
	sort.SliceStable(ivs, func(i, j int) bool { return ivs[i].start < ivs[j].start })
	free := make([]bool, nregs)
	for i := range free {
		free[i] = true
	}
	var active []*ival
	for _, iv := range ivs {
		// Expire intervals that ended before this one starts.
		kept := active[:0]
		for _, ac := range active {
			if ac.end < iv.start {
				free[ac.phys] = true
			} else {
				kept = append(kept, ac)
			}
		}
		active = kept
		reg := -1
		if iv.hint >= 0 {
			if h := a.webs[a.find(iv.hint)].phys; h >= 0 && h < nregs && free[h] {
				reg = h
			}
		}
		if reg < 0 {
			for r := range free {
				if free[r] {
					reg = r
					break
				}
			}
		}
		if reg >= 0 {
			free[reg] = false
			iv.phys = reg
			active = append(active, iv)
			if iv.web >= 0 {
				a.webs[iv.web].phys = reg // visible to later hints
			}
			continue
		}
		// Spill the cheapest of the active intervals and this one.
		victim := -1
		for k, ac := range active {
			if ac.weight < iv.weight && (victim < 0 || ac.weight < active[victim].weight ||
				ac.weight == active[victim].weight && ac.end > active[victim].end) {
				victim = k
			}
		}
		if victim < 0 {
			continue // iv stays in memory
		}
		v := active[victim]
		iv.phys, v.phys = v.phys, -1
		if v.web >= 0 {
			a.webs[v.web].phys = -1
		}
		if iv.web >= 0 {
			a.webs[iv.web].phys = iv.phys
		}
		active[victim] = iv
	}
}
