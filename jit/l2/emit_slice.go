//go:build amd64

package l2

import (
	"fmt"

	. "github.com/jitvm/jitvm/jit/internal/amd64"
	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// Hybrid instructions (unit.isHybrid): slice operations native code
// carries out itself in the common case, without storing a pointer into
// Go memory, and leaves to Go (an exit, out of line) otherwise.
//
// A slice header is six words: W's pointer, length and capacity, then S's.
// Copying a header whose pointer words the destination already holds needs
// only integer stores (the lengths and capacities); that is the common case
// of a loop that re-reads the same slice into the same register, or writes
// back the slice it appended to. Appending to a word slice with spare
// capacity stores the elements (integers) and the new length.

func (g *gen) hybrid(i int) {
	a := g.asm
	in := &g.u.code[i]
	slow, join := a.NewLabel(fmt.Sprintf("slow_%d", i)), a.NewLabel(fmt.Sprintf("join_%d", i))
	uw, dw := g.a.useWeb[i], g.a.defWeb[i]
	sw := func() { g.sliceWindow(sc0) }
	reg := func(r int) int32 { return int32(sliceSize * r) }
	switch in.op {
	case bc.MOVES:
		sw()
		g.copyHeader(sc0, reg(in.b), sc0, reg(in.a), slow)
	case bc.GETGS:
		sw()
		a.Load64(sc2, ctxWord(wSGlobals))
		g.copyHeader(sc2, reg(in.b), sc0, reg(in.a), slow)
	case bc.SETGS:
		sw()
		a.Load64(sc2, ctxWord(wSGlobals))
		g.copyHeader(sc0, reg(in.a), sc2, reg(in.b), slow)
	case bc.LOADNIL:
		// Already nil: nothing to do (a nil pointer means length and capacity 0).
		sw()
		a.Load64(sc1, M(sc0, reg(in.a)+sliceWPtr))
		a.ALURM(OR, sc1, M(sc0, reg(in.a)+sliceSPtr))
		a.Jcc(CondNE, slow)
	case bc.APPEND:
		n := in.c >> 2
		sw()
		h := reg(in.a)
		a.Load64(sc1, M(sc0, h+sliceWLen))
		a.Lea(sc2, M(sc1, int32(n)))
		a.CmpRM(sc2, M(sc0, h+sliceWCap))
		a.Jcc(CondA, slow)
		a.Store64(M(sc0, h+sliceWLen), sc2)
		a.Load64(sc2, M(sc0, h+sliceWPtr))
		a.Lea(sc2, MIdx(sc2, sc1, 8, 0)) // &W[len]
		for k := 0; k < n; k++ {
			g.storeWord(M(sc2, int32(8*k)), uw[1+k])
		}
	case bc.COPY:
		g.copyWords(dw[0], reg(in.b), reg(in.c), slow)
	case opGAppend:
		n := in.c >> 2
		a.Load64(sc0, ctxWord(wSGlobals))
		h := reg(in.a)
		a.Load64(sc1, M(sc0, h+sliceWLen))
		a.Lea(sc2, M(sc1, int32(n)))
		a.CmpRM(sc2, M(sc0, h+sliceWCap))
		a.Jcc(CondA, slow)
		a.Store64(M(sc0, h+sliceWLen), sc2)
		a.Load64(sc2, M(sc0, h+sliceWPtr))
		a.Lea(sc2, MIdx(sc2, sc1, 8, 0))
		for k := 0; k < n; k++ {
			g.storeWord(M(sc2, int32(8*k)), uw[k])
		}
	default:
		panic("l2: not a hybrid instruction: " + in.op.String())
	}
	a.Bind(join)
	g.loadDerivedDefs(i)
	switch in.op {
	case bc.SETGS:
		g.loadGlobalDerived(in.b, 2*i+1)
	case opGAppend:
		g.loadGlobalDerived(in.a, 2*i+1)
	}
	code := g.newExit(exitDesc{kind: exOp, in: *in})
	sp := g.a.syncs[i]
	g.late = append(g.late, func() {
		a.Bind(slow)
		g.store(sp.stores)
		g.exit(code)
		g.resumed()
		g.reload(sp.reloads, 2*i+1)
		a.Jmp(join)
	})
}

// copyHeader copies the slice header at [sb+so] to [db+do] if their
// pointer words are equal, else jumps to slow. It uses sc1.
func (g *gen) copyHeader(sb Reg, so int32, db Reg, do int32, slow *Label) {
	a := g.asm
	for _, off := range []int32{sliceWPtr, sliceSPtr} {
		a.Load64(sc1, M(sb, so+off))
		a.CmpRM(sc1, M(db, do+off))
		a.Jcc(CondNE, slow)
	}
	for _, off := range []int32{sliceWLen, sliceWCap, sliceSLen, sliceSCap} {
		a.Load64(sc1, M(sb, so+off))
		a.Store64(M(db, do+off), sc1)
	}
}

// copyWords emits R(d) = copy(S(dst), S(src)) for word slices (memmove
// semantics); slices of slices go to slow.
func (g *gen) copyWords(d int, dst, src int32, slow *Label) {
	a := g.asm
	g.sliceWindow(sc0)
	a.Load64(sc1, M(sc0, dst+sliceSPtr))
	a.ALURM(OR, sc1, M(sc0, src+sliceSPtr))
	a.Jcc(CondNE, slow)
	// n = min(len(dst), len(src)) in RCX.
	a.Load64(sc1, M(sc0, dst+sliceWLen))
	a.CmpRM(sc1, M(sc0, src+sliceWLen))
	a.CmovM(CondA, sc1, M(sc0, src+sliceWLen))
	a.Push(RSI)
	a.Push(RDI)
	a.Load64(RSI, M(sc0, src+sliceWPtr))
	a.Load64(RDI, M(sc0, dst+sliceWPtr))
	fwd, floop, bloop, done := a.NewLabel(""), a.NewLabel(""), a.NewLabel(""), a.NewLabel("")
	a.CmpRR(RDI, RSI)
	a.Jcc(CondBE, fwd)
	a.Lea(sc0, MIdx(RSI, sc1, 8, 0))
	a.CmpRR(RDI, sc0)
	a.Jcc(CondAE, fwd)
	// Overlapping with the destination above the source: copy backwards.
	a.MovRR(sc0, sc1)
	a.Bind(bloop)
	a.SubRI(sc0, 1)
	a.Jcc(CondB, done)
	a.Load64(sc2, MIdx(RSI, sc0, 8, 0))
	a.Store64(MIdx(RDI, sc0, 8, 0), sc2)
	a.Jmp(bloop)
	a.Bind(fwd)
	a.Zero(sc0)
	a.Bind(floop)
	a.CmpRR(sc0, sc1)
	a.Jcc(CondAE, done)
	a.Load64(sc2, MIdx(RSI, sc0, 8, 0))
	a.Store64(MIdx(RDI, sc0, 8, 0), sc2)
	a.AddRI(sc0, 1)
	a.Jmp(floop)
	a.Bind(done)
	a.Pop(RDI)
	a.Pop(RSI)
	g.gput(d, sc1)
}

// loadDerivedDefs loads the allocated derived values of the slice webs
// instruction i defines.
func (g *gen) loadDerivedDefs(i int) {
	sw := false
	for k, o := range g.a.eff[i].defs {
		if !o.slice {
			continue
		}
		w := g.a.defWeb[i][k]
		for _, d := range g.web(w).derived {
			dv := &g.a.derived[d]
			if dv.phys < 0 || !covers(dv.ranges, 2*i+1) {
				continue
			}
			if !sw {
				g.sliceWindow(sc0)
				sw = true
			}
			g.asm.Load64(g.a.pool[dv.phys], M(sc0, int32(sliceSize*g.web(w).reg)+dkindOff[dv.kind]))
		}
	}
}

// loadGlobalDerived reloads the allocated derived values of global slice
// gs that are live at position p (elsewhere their registers may hold other
// values).
func (g *gen) loadGlobalDerived(gs, p int) {
	for _, k := range []dkind{dGWPtr, dGWLen} {
		d, ok := g.a.dIndex[[2]int{int(k), -1 - gs}]
		if !ok || g.a.derived[d].phys < 0 || !covers(g.a.derived[d].ranges, p) {
			continue
		}
		g.asm.Load64(sc1, ctxWord(wSGlobals))
		g.asm.Load64(g.a.pool[g.a.derived[d].phys], M(sc1, int32(sliceSize*gs)+dkindOff[k]))
	}
}
