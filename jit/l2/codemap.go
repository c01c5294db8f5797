//go:build amd64

package l2

import (
	"sort"
	"sync"
	"sync/atomic"

	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// The code map: which function's machine code is at an address. The
// profiler looks sample IPs up in it (profiler.Target.CodeMap), from its
// sampler goroutine while the program runs, so lookups read an immutable
// sorted snapshot through an atomic pointer; Compile and Free replace the
// snapshot under a mutex.

type inlRange struct {
	start, end uintptr
	fn         int32
}

type codeRange struct {
	start, end uintptr
	prog       *bc.Program
	fn         int32
	inlined    []inlRange // sorted, disjoint, inside [start, end)
}

var (
	codesMu   sync.Mutex
	codesSnap atomic.Pointer[[]codeRange]
)

func registerCode(c *Code, inl []inlRange) {
	codesMu.Lock()
	defer codesMu.Unlock()
	var old []codeRange
	if p := codesSnap.Load(); p != nil {
		old = *p
	}
	next := make([]codeRange, 0, len(old)+1)
	next = append(next, old...)
	next = append(next, codeRange{start: c.start, end: c.end, prog: c.prog, fn: int32(c.fn), inlined: inl})
	sort.Slice(next, func(i, j int) bool { return next[i].start < next[j].start })
	codesSnap.Store(&next)
}

func unregisterCode(start uintptr) {
	codesMu.Lock()
	defer codesMu.Unlock()
	p := codesSnap.Load()
	if p == nil {
		return
	}
	next := make([]codeRange, 0, len(*p))
	for _, r := range *p {
		if r.start != start {
			next = append(next, r)
		}
	}
	codesSnap.Store(&next)
}

// lookup finds the code range containing ip.
func lookup(ip uintptr) *codeRange {
	p := codesSnap.Load()
	if p == nil {
		return nil
	}
	rs := *p
	i := sort.Search(len(rs), func(i int) bool { return rs[i].end > ip })
	if i < len(rs) && rs[i].start <= ip {
		return &rs[i]
	}
	return nil
}

// CodeMap maps instruction addresses in the L2 code of one program to
// function indexes; it implements profiler.CodeMap. An address inside the
// body of an inlined call maps to the callee.
type CodeMap struct{ prog *bc.Program }

// NewCodeMap returns the code map of prog's L2 code (all of it, compiled
// before or after the call).
func NewCodeMap(prog *bc.Program) *CodeMap { return &CodeMap{prog: prog} }

// Lookup returns the function whose code contains ip.
func (m *CodeMap) Lookup(ip uint64) (fn int32, ok bool) {
	r := lookup(uintptr(ip))
	if r == nil || r.prog != m.prog {
		return 0, false
	}
	p := uintptr(ip)
	for _, in := range r.inlined {
		if in.start <= p && p < in.end {
			return in.fn, true
		}
	}
	return r.fn, true
}
