//go:build amd64

package l2

import (
	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// Pseudo-opcodes produced by fuseGlobals.
const (
	opGAppend = bc.NumOps + 2 // GS(A) := append(GS(A), R(B), ..., R(B+n-1)); C = n<<2 | kind (word kinds)
	opGLen    = bc.NumOps + 3 // R(A) := len(GS(B))
	opGCap    = bc.NumOps + 4 // R(A) := cap(GS(B))
)

// fuseGlobals rewrites, in place, the bytecode the front end emits for
// operations on a global slice through a slice register,
//
//	GETGS s, g; [LEN/CAP/GET/SET on s]; APPEND s ...; MOVES t, s; SETGS t, g
//
// (g = append(g, x), n := len(g), ...) into operations on the global's own
// header: the append happens in place (native code stores the element and
// the new length when there is capacity), and the slice registers, which
// are dead afterwards, are never written. Each copy through a slice
// register would otherwise store a header (pointers), which native code
// leaves to Go. It applies when the whole chain is in one basic block, each
// register value in it is used only by the next link, and nothing in
// between reads or writes g or calls. It reports whether it changed u.
func fuseGlobals(u *unit, a *analysis) bool {
	uses := make([]int, len(a.webs))
	for j := range u.code {
		for _, w := range a.useWeb[j] {
			uses[w]++
		}
	}
	changed := false
	for i := range u.code {
		if u.code[i].op != bc.GETGS {
			continue
		}
		if rw := a.globalChain(i, uses); rw != nil {
			for j, in := range rw {
				u.code[j] = in
			}
			changed = true
		}
	}
	return changed
}

// globalChain returns the rewrite of the chain starting at GETGS i, or nil.
func (a *analysis) globalChain(i int, uses []int) map[int]inst {
	code := a.u.code
	g := code[i].b
	end := a.blocks[a.blkOf[i]].end
	cur := a.defWeb[i][0]
	seen := 0 // uses of cur handled so far
	rw := map[int]inst{i: nop(code[i])}
	appended, closed := false, false
	for j := i + 1; j < end && !closed; j++ {
		in := code[j]
		k := -1
		for x, w := range a.useWeb[j] {
			if w == cur {
				k = x
			}
		}
		if k < 0 {
			if seen == uses[cur] {
				break // cur is dead: a read-only chain ends here
			}
			if touchesGlobal(&in, g) {
				return nil
			}
			continue
		}
		// Every use of cur in this instruction must be the one handled.
		n := 0
		for _, w := range a.useWeb[j] {
			if w == cur {
				n++
			}
		}
		if n != 1 {
			return nil
		}
		seen++
		switch {
		case in.op == bc.LEN:
			rw[j] = inst{op: opGLen, a: in.a, b: g, target: -1, fn: in.fn, pc: in.pc, site: in.site}
		case in.op == bc.CAP:
			rw[j] = inst{op: opGCap, a: in.a, b: g, target: -1, fn: in.fn, pc: in.pc, site: in.site}
		case in.op == bc.GET:
			rw[j] = inst{op: bc.GLOAD, a: in.a, b: g, c: in.c, target: -1, fn: in.fn, pc: in.pc, site: in.site}
		case in.op == bc.SET && k == 0:
			rw[j] = inst{op: bc.GSTORE, a: g, b: in.b, c: in.c, target: -1, fn: in.fn, pc: in.pc, site: in.site}
		case in.op == bc.APPEND && k == 0 && bc.ElemKind(in.c&3) != bc.ElemSlice:
			if seen != uses[cur] {
				return nil
			}
			rw[j] = inst{op: opGAppend, a: g, b: in.b, c: in.c, target: -1, fn: in.fn, pc: in.pc, site: in.site}
			cur, seen, appended = a.defWeb[j][0], 0, true
		case in.op == bc.MOVES:
			if seen != uses[cur] {
				return nil
			}
			rw[j] = nop(in)
			cur, seen = a.defWeb[j][0], 0
		case in.op == bc.SETGS && in.b == g:
			if seen != uses[cur] {
				return nil
			}
			rw[j] = nop(in)
			closed = true
		default:
			return nil
		}
	}
	if seen != uses[cur] || appended && !closed {
		return nil
	}
	return rw
}

func nop(in inst) inst { return inst{op: bc.NOP, target: -1, fn: in.fn, pc: in.pc, site: in.site} }

// touchesGlobal reports whether in may read or write global slice g (or
// run code that may).
func touchesGlobal(in *inst, g int) bool {
	switch in.op {
	case bc.GETGS, bc.GLOAD:
		return in.b == g
	case bc.SETGS:
		return in.b == g
	case bc.GSTORE, opGAppend:
		return in.a == g
	case opGLen, opGCap:
		return in.b == g
	case bc.CALL:
		return true
	}
	return false
}

// findVirtual marks the GETS instructions whose result slice need never be
// stored in its register's slot (a header store, which native code leaves
// to Go): results used only by element loads and stores and len, and not
// live across any exit or call. Native code then loads the element's data
// pointer and length straight from the slice of slices into registers. The
// pointer stays reachable for the GC through the slice of slices, which
// only Go code could change, at an exit, across which the result is not
// live (preemption exits run no program code: their stubs save and restore
// the registers). It reports whether it marked any.
func findVirtual(u *unit, a *analysis) bool {
	cand := map[int]bool{}
	for i, in := range u.code {
		if in.op == bc.GETS && !in.virt {
			cand[a.defWeb[i][0]] = true
		}
	}
	if len(cand) == 0 {
		return false
	}
	access := map[int]bool{}
	for j, in := range u.code {
		for k, w := range a.useWeb[j] {
			if !cand[w] {
				continue
			}
			switch {
			case (in.op == bc.GET || in.op == bc.SET) && k == 0:
				access[w] = true
			case in.op == bc.LEN:
			default:
				delete(cand, w)
			}
		}
		for _, w := range a.defWeb[j] {
			if cand[w] && in.op != bc.GETS {
				delete(cand, w)
			}
		}
	}
	a.liveIn[0].each(func(x int) {
		if w := a.inWeb[0][x]; w >= 0 {
			delete(cand, w)
		}
	})
	for j, sp := range a.syncs {
		for _, w := range sp.slices {
			if cand[w] && !(u.code[j].op == bc.GETS && a.defWeb[j][0] == w) {
				delete(cand, w)
			}
		}
	}
	changed := false
	for i := range u.code {
		if u.code[i].op == bc.GETS && cand[a.defWeb[i][0]] && access[a.defWeb[i][0]] {
			u.code[i].virt = true
			changed = true
		}
	}
	return changed
}

// unvirtualize clears the mark of the GETS whose results did not get
// registers for their data pointer and length; it reports whether any.
func unvirtualize(u *unit, a *analysis) bool {
	changed := false
	for i := range u.code {
		if !u.code[i].virt {
			continue
		}
		for _, d := range a.webs[a.defWeb[i][0]].derived {
			if a.derived[d].phys < 0 {
				u.code[i].virt = false
				changed = true
			}
		}
	}
	return changed
}
