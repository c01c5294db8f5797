//go:build amd64

package l2

import (
	"fmt"
	"math/bits"

	. "github.com/jitvm/jitvm/jit/internal/amd64"
	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// Analysis: basic blocks, liveness of the bytecode registers, webs (the
// values the register allocator places), loops, and live intervals.
//
// A web is the set of definitions and uses of one bytecode register that
// reach each other: a variable's value between assignments, a temporary.
// Two webs of the same bytecode register are never live at the same time,
// so each register's slot in the frame window (its "home") can hold
// whichever of its webs is live: a web the allocator leaves in memory lives
// there, and a web in a machine register is written there when Go or the
// interpreter may look (exits, calls, returns).

// bitset is a set of small integers.
type bitset []uint64

func newBitset(n int) bitset       { return make(bitset, (n+63)/64) }
func (s bitset) has(i int) bool    { return s[i/64]&(1<<(i%64)) != 0 }
func (s bitset) add(i int)         { s[i/64] |= 1 << (i % 64) }
func (s bitset) del(i int)         { s[i/64] &^= 1 << (i % 64) }
func (s bitset) copyFrom(t bitset) { copy(s, t) }
func (s bitset) clone() bitset     { return append(bitset(nil), s...) }
func (s bitset) each(f func(i int)) {
	for w, x := range s {
		for x != 0 {
			b := bits.TrailingZeros64(x)
			f(w*64 + b)
			x &= x - 1
		}
	}
}

// orInto sets s |= t and reports whether s changed.
func (s bitset) orInto(t bitset) bool {
	changed := false
	for i := range s {
		n := s[i] | t[i]
		if n != s[i] {
			s[i] = n
			changed = true
		}
	}
	return changed
}

type block struct {
	start, end int // [start, end) in unit.code
	succs      []int
	preds      []int
}

// web is one value of one bytecode register.
type web struct {
	reg     int
	slice   bool
	votes   [3]int // uses and defs by class
	cls     class  // resolved class (scalars)
	regDef  bool   // computed by native code: stale in memory until stored
	start   int    // live interval [start, end] in positions (2*inst, 2*inst+1)
	end     int
	ranges  []rng   // the positions where it is live: sorted, disjoint (holes between)
	weight  float64 // references, weighted by loop depth
	hint    int     // a web this one is a copy of (MOVE), or -1
	derived []int   // derived values of a slice web
	phys    int     // allocated machine register, or -1 for the home slot
	virtual bool    // a slice web never stored in its slot (findVirtual)
}

// Kinds of derived values: words loaded from Go memory that native code
// keeps in registers while they cannot change (between exits).
type dkind uint8

const (
	dWPtr   dkind = iota // data pointer of S(x).W
	dWLen                // len(S(x).W)
	dSPtr                // data pointer of S(x).S
	dSLen                // len(S(x).S)
	dGWPtr               // data pointer of GS(x).W
	dGWLen               // len(GS(x).W)
	dGlobs               // the scalar globals' base address
	dSGlobs              // the slice globals' base address
)

// rng is an inclusive range of positions (2*inst for an instruction's
// inputs, 2*inst+1 for its outputs).
type rng struct{ from, to int }

// addPos adds position p (not below any added before) to a range list.
func addPos(rs []rng, p int) []rng {
	if n := len(rs); n > 0 {
		last := &rs[n-1]
		if p <= last.to {
			return rs
		}
		if p == last.to+1 {
			last.to = p
			return rs
		}
	}
	return append(rs, rng{p, p})
}

// covers reports whether position p is in one of the ranges.
func covers(rs []rng, p int) bool {
	for _, r := range rs {
		if p < r.from {
			return false
		}
		if p <= r.to {
			return true
		}
	}
	return false
}

// overlap reports whether two range lists share a position.
func overlap(a, b []rng) bool {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].to < b[j].from:
			i++
		case b[j].to < a[i].from:
			j++
		default:
			return true
		}
	}
	return false
}

// union merges two range lists.
func union(a, b []rng) []rng {
	var out []rng
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		var r rng
		if j >= len(b) || i < len(a) && a[i].from <= b[j].from {
			r, i = a[i], i+1
		} else {
			r, j = b[j], j+1
		}
		if n := len(out); n > 0 && r.from <= out[n-1].to+1 {
			out[n-1].to = max(out[n-1].to, r.to)
		} else {
			out = append(out, r)
		}
	}
	return out
}

// derived is a value native code loads (and reloads after every exit)
// rather than computes: a slice header field, a global's address.
type derived struct {
	kind   dkind
	x      int // slice web (dWPtr..dSLen) or global slice index (dGW*)
	start  int
	end    int
	ranges []rng
	weight float64
	phys   int
}

// syncPoint records what an exit or call must store before and reload
// after (web ids; the allocator decides which are in registers).
type syncPoint struct {
	stores  []int // scalar webs live into the instruction
	reloads []int // scalar webs live out of it
	slices  []int // slice webs live out of it or used by it
}

type analysis struct {
	u         *unit
	n         int // registers per bank
	eff       []effects
	blocks    []block
	blkOf     []int
	reachable []bool // by block
	depth     []int  // loop depth of each inst
	header    []bool
	loops     [][2]int // [header, back-edge inst]

	liveIn, liveOut []bitset // per block; scalars at r, slices at n+r

	webs   []web
	uf     []int
	useWeb [][]int // parallel to eff[i].uses
	defWeb [][]int // parallel to eff[i].defs
	inWeb  [][]int // per block: web of each live-in register (-1 when not live)

	derived    []derived
	dIndex     map[[2]int]int // (kind, x) -> derived index
	globalUses map[int][]int  // derived global value -> the insts that use it

	syncs     map[int]*syncPoint // exits and calls
	headerIn  map[int][]int      // loop header inst -> live-in scalar webs
	entryIn   []int              // function entry: live-in scalar webs
	osr       []int              // loop headers of the function's own code (OSR entries)
	fusedJump map[int]bool       // compare insts whose result feeds the next JT/JF only

	// Set by allocate: the general registers allocated, and whether R14
	// (g) and RBP (the frame record pointer) are among them.
	pool    []Reg
	gFree   bool
	rbpFree bool
}

func (a *analysis) find(w int) int {
	for a.uf[w] != w {
		a.uf[w] = a.uf[a.uf[w]]
		w = a.uf[w]
	}
	return w
}

func (a *analysis) union(x, y int) bool {
	x, y = a.find(x), a.find(y)
	if x == y {
		return false
	}
	a.uf[y] = x
	return true
}

func (a *analysis) newWeb(reg int, slice bool) int {
	a.webs = append(a.webs, web{reg: reg, slice: slice, hint: -1, phys: -1, start: 1 << 30, end: -1})
	a.uf = append(a.uf, len(a.uf))
	return len(a.webs) - 1
}

func (a *analysis) idx(o opnd) int {
	if o.slice {
		return a.n + o.reg
	}
	return o.reg
}

// analyze runs every analysis on u.
func analyze(u *unit) (*analysis, error) {
	a := &analysis{u: u, n: u.numRegs, syncs: map[int]*syncPoint{}, headerIn: map[int][]int{},
		dIndex: map[[2]int]int{}, fusedJump: map[int]bool{}, globalUses: map[int][]int{}}
	a.eff = make([]effects, len(u.code))
	for i := range u.code {
		a.eff[i] = u.effectsOf(&u.code[i])
		for _, o := range append(a.eff[i].uses, a.eff[i].defs...) {
			if o.reg < 0 || o.reg >= a.n {
				return nil, fmt.Errorf("register r%d outside the frame (%d)", o.reg, a.n)
			}
		}
	}
	a.buildBlocks()
	a.findReachable()
	a.findLoops()
	a.liveness()
	if err := a.checkCalls(); err != nil {
		return nil, err
	}
	a.buildWebs()
	for i := range u.code {
		if u.code[i].virt {
			a.webs[a.defWeb[i][0]].virtual = true
		}
	}
	a.intervals()
	return a, nil
}

func (a *analysis) buildBlocks() {
	code := a.u.code
	leader := make([]bool, len(code)+1)
	leader[0] = true
	for i, in := range code {
		if isJump(in.op) {
			leader[in.target] = true
			leader[i+1] = true
		}
		if endsFlow(in.op) {
			leader[i+1] = true
		}
	}
	a.blkOf = make([]int, len(code))
	for i := 0; i < len(code); {
		j := i + 1
		for j < len(code) && !leader[j] {
			j++
		}
		for k := i; k < j; k++ {
			a.blkOf[k] = len(a.blocks)
		}
		a.blocks = append(a.blocks, block{start: i, end: j})
		i = j
	}
	for b := range a.blocks {
		last := code[a.blocks[b].end-1]
		var succ []int
		if isJump(last.op) {
			succ = append(succ, a.blkOf[last.target])
		}
		if !endsFlow(last.op) && a.blocks[b].end < len(code) {
			succ = append(succ, b+1)
		}
		a.blocks[b].succs = succ
		for _, s := range succ {
			a.blocks[s].preds = append(a.blocks[s].preds, b)
		}
	}
}

// findReachable marks the blocks reachable from the entry.
func (a *analysis) findReachable() {
	a.reachable = make([]bool, len(a.blocks))
	work := []int{0}
	a.reachable[0] = true
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		for _, s := range a.blocks[b].succs {
			if !a.reachable[s] {
				a.reachable[s] = true
				work = append(work, s)
			}
		}
	}
}

// live reports whether instruction i can execute.
func (a *analysis) reached(i int) bool { return a.reachable[a.blkOf[i]] }

// findLoops marks loop headers (targets of backward jumps) and loop depth.
func (a *analysis) findLoops() {
	code := a.u.code
	a.depth = make([]int, len(code))
	a.header = make([]bool, len(code))
	for i, in := range code {
		if isJump(in.op) && in.op != opInline && in.target <= i && i < a.u.mainLen {
			a.header[in.target] = true
			a.loops = append(a.loops, [2]int{in.target, i})
			for k := in.target; k <= i; k++ {
				a.depth[k]++
			}
		}
	}
	for h := range code {
		if a.header[h] && code[h].site < 0 {
			a.osr = append(a.osr, h)
		}
	}
}

func (a *analysis) liveness() {
	nb := len(a.blocks)
	size := 2 * a.n
	use := make([]bitset, nb)
	def := make([]bitset, nb)
	a.liveIn = make([]bitset, nb)
	a.liveOut = make([]bitset, nb)
	for b, blk := range a.blocks {
		use[b], def[b] = newBitset(size), newBitset(size)
		a.liveIn[b], a.liveOut[b] = newBitset(size), newBitset(size)
		for i := blk.start; i < blk.end; i++ {
			for _, o := range a.eff[i].uses {
				if x := a.idx(o); !def[b].has(x) {
					use[b].add(x)
				}
			}
			for _, o := range a.eff[i].defs {
				def[b].add(a.idx(o))
			}
		}
	}
	tmp := newBitset(size)
	for changed := true; changed; {
		changed = false
		for b := nb - 1; b >= 0; b-- {
			for _, s := range a.blocks[b].succs {
				if a.liveOut[b].orInto(a.liveIn[s]) {
					changed = true
				}
			}
			// in = use | (out &^ def)
			for w := range tmp {
				tmp[w] = use[b][w] | a.liveOut[b][w]&^def[b][w]
			}
			if a.liveIn[b].orInto(tmp) {
				changed = true
			}
		}
	}
}

// liveAfter returns the live set after each inst of block b.
func (a *analysis) liveAfter(b int) []bitset {
	blk := a.blocks[b]
	out := make([]bitset, blk.end-blk.start)
	cur := a.liveOut[b].clone()
	for i := blk.end - 1; i >= blk.start; i-- {
		out[i-blk.start] = cur.clone()
		for _, o := range a.eff[i].defs {
			cur.del(a.idx(o))
		}
		for _, o := range a.eff[i].uses {
			cur.add(a.idx(o))
		}
	}
	return out
}

// checkCalls verifies the frame convention the compiler relies on: no
// register at or above a call's frame register is live across the call
// (the callee's frame overwrites them), except its results.
func (a *analysis) checkCalls() error {
	for b := range a.blocks {
		after := a.liveAfter(b)
		for i := a.blocks[b].start; i < a.blocks[b].end; i++ {
			in := &a.u.code[i]
			if in.op != bc.CALL {
				continue
			}
			nres := len(a.u.prog.Funcs[in.b].Results)
			var bad error
			after[i-a.blocks[b].start].each(func(x int) {
				r := x % a.n
				if r >= in.a+nres && bad == nil {
					bad = fmt.Errorf("register r%d is live across the call at pc %d", r, in.pc)
				}
			})
			if bad != nil {
				return bad
			}
		}
	}
	return nil
}

// buildWebs connects each use to the definitions that reach it.
func (a *analysis) buildWebs() {
	code := a.u.code
	size := 2 * a.n
	a.defWeb = make([][]int, len(code))
	a.useWeb = make([][]int, len(code))
	for i := range code {
		a.defWeb[i] = make([]int, len(a.eff[i].defs))
		for k, o := range a.eff[i].defs {
			a.defWeb[i][k] = a.newWeb(o.reg, o.slice)
		}
		a.useWeb[i] = make([]int, len(a.eff[i].uses))
		for k := range a.useWeb[i] {
			a.useWeb[i][k] = -1
		}
	}
	nb := len(a.blocks)
	a.inWeb = make([][]int, nb)
	for b := range a.inWeb {
		a.inWeb[b] = make([]int, size)
		for r := range a.inWeb[b] {
			a.inWeb[b][r] = -1
		}
	}
	// Entry points read their live-in values from the window: the
	// function's entry, and each loop header of its own code (OSR).
	entry := func(b int) {
		a.liveIn[b].each(func(x int) {
			w := a.newWeb(x%a.n, x >= a.n)
			if a.inWeb[b][x] < 0 {
				a.inWeb[b][x] = w
			} else {
				a.union(a.inWeb[b][x], w)
			}
		})
	}
	entry(0)
	for _, h := range a.osr {
		entry(a.blkOf[h])
	}
	cur := make([]int, size)
	for changed := true; changed; {
		changed = false
		for b, blk := range a.blocks {
			copy(cur, a.inWeb[b])
			for i := blk.start; i < blk.end; i++ {
				for k, o := range a.eff[i].uses {
					x := a.idx(o)
					if cur[x] < 0 {
						// Not defined on the paths seen so far (or never:
						// unreachable code). Read from the window.
						if a.useWeb[i][k] < 0 {
							a.useWeb[i][k] = a.newWeb(o.reg, o.slice)
						}
						cur[x] = a.useWeb[i][k]
					} else if a.useWeb[i][k] >= 0 {
						if a.union(a.useWeb[i][k], cur[x]) {
							changed = true
						}
					} else {
						a.useWeb[i][k] = cur[x]
					}
				}
				for k, o := range a.eff[i].defs {
					cur[a.idx(o)] = a.defWeb[i][k]
				}
			}
			for _, s := range blk.succs {
				a.liveIn[s].each(func(x int) {
					w := cur[x]
					if w < 0 {
						return
					}
					if a.inWeb[s][x] < 0 {
						a.inWeb[s][x] = w
						changed = true
					} else if a.union(a.inWeb[s][x], w) {
						changed = true
					}
				})
			}
		}
	}
	// Resolve to representatives and gather class votes and flags.
	for i := range code {
		for k := range a.useWeb[i] {
			w := a.find(a.useWeb[i][k])
			a.useWeb[i][k] = w
			a.webs[w].votes[a.eff[i].uses[k].cls]++
		}
		for k := range a.defWeb[i] {
			w := a.find(a.defWeb[i][k])
			a.defWeb[i][k] = w
			a.webs[w].votes[a.eff[i].defs[k].cls]++
			if !a.u.isExit(&code[i]) {
				a.webs[w].regDef = true
			}
		}
	}
	for b := range a.inWeb {
		for x, w := range a.inWeb[b] {
			if w >= 0 {
				a.inWeb[b][x] = a.find(w)
			}
		}
	}
	for w := range a.webs {
		if a.find(w) != w {
			continue
		}
		wb := &a.webs[w]
		if wb.votes[clsFloat] > wb.votes[clsInt] {
			wb.cls = clsFloat
		} else {
			wb.cls = clsInt
		}
	}
	for i, in := range code {
		if in.op == bc.MOVE {
			a.webs[a.defWeb[i][0]].hint = a.useWeb[i][0]
		}
	}
}

// intervals computes each web's live interval and weight, the derived
// values, the sync points, and the compare/branch fusions.
func (a *analysis) intervals() {
	code := a.u.code
	pos := func(i int) int { return 2 * i }
	ext := func(w, p int) {
		wb := &a.webs[w]
		wb.start = min(wb.start, p)
		wb.end = max(wb.end, p)
		wb.ranges = addPos(wb.ranges, p)
	}
	weight := func(i int) float64 {
		d := min(a.depth[i], 6)
		return float64(int(1) << (3 * d))
	}
	useCount := make(map[int]int)
	cur := make([]int, 2*a.n)
	for b, blk := range a.blocks {
		copy(cur, a.inWeb[b])
		after := a.liveAfter(b)
		scalars := func(s bitset, f func(w int)) {
			s.each(func(x int) {
				if x < a.n && cur[x] >= 0 {
					f(cur[x])
				}
			})
		}
		if blk.start == 0 {
			scalars(a.liveIn[b], func(w int) { a.entryIn = append(a.entryIn, w) })
		}
		if a.header[blk.start] {
			var in []int
			scalars(a.liveIn[b], func(w int) { in = append(in, w) })
			a.headerIn[blk.start] = in
		}
		for i := blk.start; i < blk.end; i++ {
			live := after[i-blk.start]
			// Live into i: everything live after it that i does not
			// define (its uses are added below).
			defines := func(x int) bool {
				for _, o := range a.eff[i].defs {
					if a.idx(o) == x {
						return true
					}
				}
				return false
			}
			live.each(func(x int) {
				if cur[x] >= 0 && !defines(x) {
					ext(cur[x], pos(i))
				}
			})
			var sp *syncPoint
			if a.u.syncs(&code[i]) {
				sp = &syncPoint{}
				a.syncs[i] = sp
				seen := map[int]bool{}
				for _, w := range a.useWeb[i] {
					if !a.webs[w].slice && !seen[w] {
						seen[w] = true
						sp.stores = append(sp.stores, w)
					}
				}
				defd := map[int]bool{}
				for _, o := range a.eff[i].defs {
					defd[a.idx(o)] = true
				}
				live.each(func(x int) {
					if x < a.n && !defd[x] && cur[x] >= 0 && !seen[cur[x]] {
						seen[cur[x]] = true
						sp.stores = append(sp.stores, cur[x])
					}
				})
			}
			for _, w := range a.useWeb[i] {
				ext(w, pos(i))
				a.webs[w].weight += weight(i)
				useCount[w]++
			}
			for k, o := range a.eff[i].defs {
				w := a.defWeb[i][k]
				cur[a.idx(o)] = w
				ext(w, pos(i)+1)
				a.webs[w].weight += weight(i)
			}
			live.each(func(x int) {
				if cur[x] >= 0 {
					ext(cur[x], pos(i)+1)
				}
			})
			if sp != nil {
				seen := map[int]bool{}
				live.each(func(x int) {
					if x < a.n && cur[x] >= 0 && !seen[cur[x]] {
						seen[cur[x]] = true
						sp.reloads = append(sp.reloads, cur[x])
					}
					if x >= a.n && cur[x] >= 0 {
						sp.slices = append(sp.slices, cur[x])
					}
				})
				for _, w := range a.useWeb[i] {
					if a.webs[w].slice {
						sp.slices = append(sp.slices, w)
					}
				}
			}
		}
	}
	// Compare-and-branch fusion: a compare whose bool feeds only the JT/JF
	// right after it, and is dead after that.
	for i := 0; i+1 < len(code); i++ {
		switch code[i].op {
		case bc.EQ, bc.NE, bc.LT, bc.LE, bc.FEQ, bc.FNE, bc.FLT, bc.FLE:
		default:
			continue
		}
		next := code[i+1]
		if (next.op != bc.JT && next.op != bc.JF) || next.a != code[i].a || a.blkOf[i] != a.blkOf[i+1] {
			continue
		}
		w := a.defWeb[i][0]
		if useCount[w] == 1 && a.webs[w].end <= pos(i+1) {
			a.fusedJump[i] = true
		}
	}
	// Derived values of slices and globals.
	for i, in := range code {
		switch in.op {
		case bc.GET, bc.SET:
			a.derive(dWPtr, a.useWeb[i][0], i, true)
			a.derive(dWLen, a.useWeb[i][0], i, true)
		case bc.GET2:
			a.derive(dSPtr, a.useWeb[i][0], i, true)
			a.derive(dSLen, a.useWeb[i][0], i, true)
		case bc.GETS:
			if in.virt {
				a.derive(dSPtr, a.useWeb[i][0], i, true)
				a.derive(dSLen, a.useWeb[i][0], i, true)
			}
		case bc.LEN:
			if a.webs[a.useWeb[i][0]].virtual {
				a.derive(dWLen, a.useWeb[i][0], i, true)
			}
		case bc.SET2:
			a.derive(dSPtr, a.useWeb[i][0], i, true)
			a.derive(dSLen, a.useWeb[i][0], i, true)
		case bc.GLOAD:
			a.deriveGlobal(dGWPtr, in.b, i)
			a.deriveGlobal(dGWLen, in.b, i)
			a.deriveGlobal(dSGlobs, 0, i)
		case bc.GSTORE:
			a.deriveGlobal(dGWPtr, in.a, i)
			a.deriveGlobal(dGWLen, in.a, i)
			a.deriveGlobal(dSGlobs, 0, i)
		case bc.GETG, bc.SETG:
			a.deriveGlobal(dGlobs, 0, i)
		}
	}
	for d := range a.derived {
		dv := &a.derived[d]
		if dv.kind <= dSLen {
			wb := &a.webs[dv.x]
			dv.start, dv.end, dv.ranges = wb.start, wb.end, wb.ranges
			continue
		}
		// Global values are valid everywhere (reloaded after every exit):
		// live wherever a use can still be reached.
		dv.ranges = a.liveFromUses(a.globalUses[d])
		if len(dv.ranges) == 0 {
			dv.end = -1
			continue
		}
		dv.start, dv.end = dv.ranges[0].from, dv.ranges[len(dv.ranges)-1].to
	}
}

// liveFromUses returns the live ranges of a value that is available
// everywhere and used by the instructions uses: backward liveness over the
// blocks, with no definitions.
func (a *analysis) liveFromUses(uses []int) []rng {
	used := map[int]bool{}
	for _, i := range uses {
		used[i] = true
	}
	nb := len(a.blocks)
	in, out := make([]bool, nb), make([]bool, nb)
	for changed := true; changed; {
		changed = false
		for b := nb - 1; b >= 0; b-- {
			o := false
			for _, s := range a.blocks[b].succs {
				o = o || in[s]
			}
			i := o
			for k := a.blocks[b].start; k < a.blocks[b].end && !i; k++ {
				i = used[k]
			}
			if o != out[b] || i != in[b] {
				out[b], in[b], changed = o, i, true
			}
		}
	}
	var pos []int
	for b := range a.blocks {
		live := out[b]
		var bp []int
		for k := a.blocks[b].end - 1; k >= a.blocks[b].start; k-- {
			if live {
				bp = append(bp, 2*k+1)
			}
			live = live || used[k]
			if live {
				bp = append(bp, 2*k)
			}
		}
		for x := len(bp) - 1; x >= 0; x-- {
			pos = append(pos, bp[x])
		}
	}
	var rs []rng
	for _, p := range pos {
		rs = addPos(rs, p)
	}
	return rs
}

func (a *analysis) derive(k dkind, w, i int, use bool) {
	key := [2]int{int(k), w}
	d, ok := a.dIndex[key]
	if !ok {
		d = len(a.derived)
		a.derived = append(a.derived, derived{kind: k, x: w, phys: -1})
		a.dIndex[key] = d
		a.webs[w].derived = append(a.webs[w].derived, d)
	}
	if use {
		wt := float64(int(1) << (3 * min(a.depth[i], 6)))
		if a.webs[w].virtual {
			wt *= 1000 // it must get a register (Compile checks)
		}
		a.derived[d].weight += wt
	}
}

func (a *analysis) deriveGlobal(k dkind, g, i int) {
	key := [2]int{int(k), -1 - g}
	d, ok := a.dIndex[key]
	if !ok {
		d = len(a.derived)
		a.derived = append(a.derived, derived{kind: k, x: g, phys: -1, end: -1})
		a.dIndex[key] = d
	}
	dv := &a.derived[d]
	dv.weight += float64(int(1) << (3 * min(a.depth[i], 6)))
	dv.end = max(dv.end, 2*i+1)
	a.globalUses[d] = append(a.globalUses[d], i)
}
