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
