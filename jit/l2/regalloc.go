//go:build amd64

package l2

import (
	"sort"

	. "github.com/jitvm/jitvm/jit/internal/amd64"
	bc "github.com/jitvm/jitvm/vm/bytecode"
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

// When those are not enough, R14 (g: the preemption check then loads g
// from the Context) and, in functions that make no calls, RBP (the frame
// record pointer: kept in the Context meanwhile) are allocated too.
var (
	gprPoolR14    = []Reg{RSI, RDI, R8, R9, R10, R11, R12, R13, R14}
	gprPoolR14RBP = []Reg{RSI, RDI, R8, R9, R10, R11, R12, R13, R14, RBP}
)

var xmmPool = []XReg{X0, X1, X2, X3, X4, X5, X6, X7, X8, X9, X10, X11, X12, X13}

type ival struct {
	start, end int
	ranges     []rng
	weight     float64
	web, der   int // one of them is >= 0
	hint       int // web whose register to prefer, or -1
	phys       int
}

// allocate assigns machine registers to a's webs and derived values,
// with the larger register pool if the small one spills.
func allocate(a *analysis) {
	a.pool, a.gFree, a.rbpFree = gprPool, false, false
	if !allocateWith(a) {
		a.pool, a.gFree = gprPoolR14, true
		if !a.hasCalls() {
			a.pool, a.rbpFree = gprPoolR14RBP, true
		}
		allocateWith(a)
	}
}

// hasCalls reports whether the unit calls (CALL, an inlined call's slow
// path included).
func (a *analysis) hasCalls() bool {
	for _, in := range a.u.code {
		if in.op == bc.CALL {
			return true
		}
	}
	return false
}

// allocateWith allocates from a.pool; it reports whether no general
// register interval was spilled.
func allocateWith(a *analysis) bool {
	for w := range a.webs {
		a.webs[w].phys = -1
	}
	for d := range a.derived {
		a.derived[d].phys = -1
	}
	leader := a.coalesce()
	var gpr, xmm []*ival
	group := map[int]*ival{}
	add := func(iv *ival, cls class) {
		if cls == clsFloat {
			xmm = append(xmm, iv)
		} else {
			gpr = append(gpr, iv)
		}
	}
	for w := range a.webs {
		wb := &a.webs[w]
		if a.find(w) != w || wb.slice || wb.end < 0 {
			continue
		}
		l, follower := leader[w]
		if !follower {
			l = w
		}
		iv := group[l]
		if iv == nil {
			iv = &ival{start: wb.start, end: wb.end, web: l, der: -1, hint: a.webs[l].hint, phys: -1}
			group[l] = iv
			add(iv, wb.cls)
		}
		// A copy shares its source's register (coalesce): one interval.
		iv.start, iv.end = min(iv.start, wb.start), max(iv.end, wb.end)
		iv.ranges = union(iv.ranges, wb.ranges)
		iv.weight += wb.weight
	}
	for d := range a.derived {
		dv := &a.derived[d]
		if dv.weight == 0 || dv.end < 0 {
			continue
		}
		gpr = append(gpr, &ival{start: dv.start, end: dv.end, ranges: dv.ranges, weight: dv.weight, web: -1, der: d, hint: -1, phys: -1})
	}
	scan(a, gpr, len(a.pool))
	scan(a, xmm, len(xmmPool))
	fits := true
	for _, iv := range gpr {
		if iv.phys < 0 {
			fits = false
		}
	}
	for _, iv := range append(gpr, xmm...) {
		if iv.web >= 0 {
			a.webs[iv.web].phys = iv.phys
		} else {
			a.derived[iv.der].phys = iv.phys
		}
	}
	for f, l := range leader {
		a.webs[f].phys = a.webs[l].phys
	}
	return fits
}

// scan is linear scan over intervals with lifetime holes: an interval
// that is in a hole at the current position ("inactive") does not hold
// its register there, so another interval that fits entirely in its holes
// may use the same register.
func scan(a *analysis, ivs []*ival, nregs int) {
	sort.SliceStable(ivs, func(i, j int) bool { return ivs[i].start < ivs[j].start })
	var active, inactive []*ival
	for _, cur := range ivs {
		p := cur.start
		var act, inact []*ival
		for _, iv := range append(active, inactive...) {
			switch {
			case iv.phys < 0 || iv.end < p:
			case covers(iv.ranges, p):
				act = append(act, iv)
			default:
				inact = append(inact, iv)
			}
		}
		active, inactive = act, inact
		free := make([]bool, nregs)
		for r := range free {
			free[r] = true
		}
		for _, iv := range active {
			free[iv.phys] = false
		}
		blocked := make([]bool, nregs) // held by an inactive interval that overlaps cur
		for _, iv := range inactive {
			if overlap(iv.ranges, cur.ranges) {
				free[iv.phys] = false
				blocked[iv.phys] = true
			}
		}
		reg := -1
		if cur.hint >= 0 {
			if h := a.webs[a.find(cur.hint)].phys; h >= 0 && h < nregs && free[h] {
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
			cur.phys = reg
			active = append(active, cur)
			if cur.web >= 0 {
				a.webs[cur.web].phys = reg // visible to later hints
			}
			continue
		}
		// Spill the cheapest active interval whose register would then be
		// free for cur, or cur itself.
		victim := -1
		for k, iv := range active {
			if blocked[iv.phys] || iv.weight >= cur.weight {
				continue
			}
			if victim < 0 || iv.weight < active[victim].weight ||
				iv.weight == active[victim].weight && iv.end > active[victim].end {
				victim = k
			}
		}
		if victim < 0 {
			continue // cur stays in memory
		}
		v := active[victim]
		cur.phys, v.phys = v.phys, -1
		if v.web >= 0 {
			a.webs[v.web].phys = -1
		}
		if cur.web >= 0 {
			a.webs[cur.web].phys = cur.phys
		}
		active[victim] = cur
	}
}

// coalesce finds copies (MOVE d, s) where d can share s's machine
// register: d has no other definition, and s is not redefined while d is
// live, so the two hold the same value wherever d is live. It returns the
// follower -> leader map (a web is never both).
func (a *analysis) coalesce() map[int]int {
	defs := make([]int, len(a.webs))
	var defPos [][]int = make([][]int, len(a.webs))
	for i := range a.u.code {
		for _, w := range a.defWeb[i] {
			defs[w]++
			defPos[w] = append(defPos[w], 2*i+1)
		}
	}
	// Values read from the window at an entry (function entry, OSR
	// headers) count as definitions there.
	entry := func(b, pos int) {
		for _, w := range a.inWeb[b] {
			if w >= 0 {
				defs[w]++
				defPos[w] = append(defPos[w], pos)
			}
		}
	}
	entry(0, 0)
	for _, h := range a.osr {
		entry(a.blkOf[h], 2*h)
	}
	leader := map[int]int{}
	isLeader := map[int]bool{}
	for i, in := range a.u.code {
		if in.op != bc.MOVE {
			continue
		}
		d, s := a.defWeb[i][0], a.useWeb[i][0]
		dw, sw := &a.webs[d], &a.webs[s]
		if d == s || defs[d] != 1 || dw.cls != sw.cls || dw.slice || sw.slice {
			continue
		}
		if _, ok := leader[s]; ok || isLeader[d] {
			continue
		}
		if _, ok := leader[d]; ok {
			continue
		}
		clash := false
		for _, p := range defPos[s] {
			if covers(dw.ranges, p) {
				clash = true
				break
			}
		}
		if clash {
			continue
		}
		leader[d] = s
		isLeader[s] = true
	}
	return leader
}
