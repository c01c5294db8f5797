package vm

import (
	"unsafe"

	bc "github.com/jitvm/jitvm/vm/bytecode"
)

const unsafeSizeofSlice = unsafe.Sizeof(Slice{})

// Slice is a slice value of the language. Elements of []int, []float64 and
// []bool live in W (floats as their bits, bools as 0 or 1); elements that
// are slices live in S. Go slices underneath give the language Go's own
// sharing, slicing and copying semantics; only append's growth needs care
// for elements whose Go size is not 8 bytes (see grow).
type Slice struct {
	W []uint64
	S []Slice
}

// IsNil reports whether s is the nil slice.
func (s Slice) IsNil() bool { return s.W == nil && s.S == nil }

func (s Slice) len(k bc.ElemKind) int {
	if k == bc.ElemSlice {
		return len(s.S)
	}
	return len(s.W)
}

// Len returns len(s) whichever backing array s uses (at most one is set).
func (s Slice) Len() int {
	if s.S != nil {
		return len(s.S)
	}
	return len(s.W)
}

// Cap returns cap(s).
func (s Slice) Cap() int {
	if s.S != nil {
		return cap(s.S)
	}
	return cap(s.W)
}

// maxElems bounds make's length the way Go's makeslice does on amd64
// (maxAlloc = 1<<48 bytes), by element size.
func maxElems(k bc.ElemKind) int64 {
	switch k {
	case bc.ElemBool:
		return 1 << 48
	case bc.ElemSlice:
		return (1 << 48) / 24
	}
	return (1 << 48) / 8
}

func makeSlice(k bc.ElemKind, n, c int64) (Slice, *RuntimeError) {
	if err := makeCheck(k, n, c); err != nil {
		return Slice{}, err
	}
	if k == bc.ElemSlice {
		return Slice{S: make([]Slice, n, c)}, nil
	}
	return Slice{W: make([]uint64, n, c)}, nil
}

// makeCheck is make's range check (Go's makeslice panics).
func makeCheck(k bc.ElemKind, n, c int64) *RuntimeError {
	if n < 0 || n > maxElems(k) {
		return &RuntimeError{Msg: "makeslice: len out of range", plain: true}
	}
	if c < n || c > maxElems(k) {
		return &RuntimeError{Msg: "makeslice: cap out of range", plain: true}
	}
	return nil
}

// growCap returns the capacity Go's append gives a slice of kind k, length
// n and capacity c when it must hold need elements. For 8-byte elements Go's
// own append computes it below; for bools and slice headers we ask the
// runtime by growing a dummy slice of the real element type, so the answer
// is the runtime's, size classes included.
func growCap(k bc.ElemKind, n, c, need int) int {
	switch k {
	case bc.ElemBool:
		return cap(append(make([]bool, n, c), make([]bool, need-n)...))
	case bc.ElemSlice:
		return cap(append(make([][]int, n, c), make([][]int, need-n)...))
	}
	return cap(append(make([]uint64, n, c), make([]uint64, need-n)...))
}

func appendWords(s Slice, k bc.ElemKind, vals []uint64) Slice {
	if len(s.W)+len(vals) > cap(s.W) && k == bc.ElemBool {
		nw := make([]uint64, len(s.W), growCap(k, len(s.W), cap(s.W), len(s.W)+len(vals)))
		copy(nw, s.W)
		s.W = nw
	}
	s.W = append(s.W, vals...)
	return s
}

func appendSlices(s Slice, vals []Slice) Slice {
	if len(s.S)+len(vals) > cap(s.S) {
		ns := make([]Slice, len(s.S), growCap(bc.ElemSlice, len(s.S), cap(s.S), len(s.S)+len(vals)))
		copy(ns, s.S)
		s.S = ns
	}
	s.S = append(s.S, vals...)
	return s
}

// elemBytes is what one element of kind k takes in the VM's representation.
func elemBytes(k bc.ElemKind) int64 {
	if k == bc.ElemSlice {
		return int64(unsafeSizeofSlice)
	}
	return 8
}

// MakeSlice is make([]E, n, c) for element kind k, charged to the heap
// limit; pc is the allocating instruction (for the trace if the limit
// stops the run). Every tier allocates through it.
func (m *Machine) MakeSlice(k bc.ElemKind, n, c int64, pc int) (Slice, *RuntimeError) {
	if err := makeCheck(k, n, c); err != nil {
		return Slice{}, err
	}
	// Charged before it is made: an allocation over the limit (or larger
	// than the machine) stops the run instead of killing the process.
	if c > 0 {
		m.account(c*elemBytes(k), pc)
	}
	return makeSlice(k, n, c)
}

// AppendWords is append(s, vals...) for scalar elements of kind k, charged
// to the heap limit when it grows the backing array.
func (m *Machine) AppendWords(s Slice, k bc.ElemKind, vals []uint64, pc int) Slice {
	c := cap(s.W)
	s = appendWords(s, k, vals)
	if cap(s.W) != c {
		m.account(int64(cap(s.W))*8, pc)
	}
	return s
}

// AppendWordsTo is *dst = append(*dst, vals...) for scalar elements of
// kind k, as AppendWords. When the values fit the capacity it stores them
// past the length and reslices dst.W in place, which the compiler does by
// writing the length field alone: append's result would be the same
// array, and writing no pointer needs no write barrier (a slice register
// written back whole, and the call, were half of the examples' bintrees
// at L1). Every tier appends through it.
func (m *Machine) AppendWordsTo(dst *Slice, k bc.ElemKind, vals []uint64, pc int) {
	if l := len(dst.W); cap(dst.W)-l >= len(vals) {
		copy(dst.W[l:l+len(vals)], vals)
		dst.W = dst.W[:l+len(vals)]
		return
	}
	*dst = m.AppendWords(*dst, k, vals, pc)
}

// AppendSlices is append(s, vals...) for slice elements, charged to the
// heap limit when it grows the backing array.
func (m *Machine) AppendSlices(s Slice, vals []Slice, pc int) Slice {
	c := cap(s.S)
	s = appendSlices(s, vals)
	if cap(s.S) != c {
		m.account(int64(cap(s.S))*int64(unsafeSizeofSlice), pc)
	}
	return s
}
