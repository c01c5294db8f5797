package gen

import "go/constant"

// T is a type of the language: int, float64, bool, and slices of them up
// to two levels ([]int, [][]int, ...).
type T uint8

const (
	Int T = iota
	Float
	Bool
	IntS
	FloatS
	BoolS
	IntSS
	FloatSS
	BoolSS
	numTypes
)

var typeNames = [numTypes]string{"int", "float64", "bool", "[]int", "[]float64", "[]bool", "[][]int", "[][]float64", "[][]bool"}

func (t T) String() string { return typeNames[t] }

// IsSlice reports whether t is a slice type.
func (t T) IsSlice() bool { return t >= IntS }

// Elem is the element type of a slice type.
func (t T) Elem() T { return t - 3 }

// SliceOf is the type []t (t must not be two levels deep already).
func (t T) SliceOf() T { return t + 3 }

// Scalar is the scalar at the bottom of t.
func (t T) Scalar() T { return t % 3 }

// variable is anything the program names: a local, a parameter, a global
// or a constant.
type variable struct {
	name   string
	t      T
	global bool
	param  bool

	// Constants: their value, and whether they are typed (an untyped int
	// constant may also be used where a float64 is wanted).
	cnst  constant.Value
	typed bool

	// noAssign: loop counters (the trip count depends on them), constants,
	// and fixed-length global slices (their length is relied on).
	noAssign bool
	// pins counts the facts that rely on this slice's length: while it is
	// positive the slice is not reassigned (its elements may be).
	pins int
	// rowsPinned > 0: the rows of this slice of slices are not replaced
	// (a loop nest indexes them).
	rowsPinned int
	// fixedLen is the length of a global slice that is never reassigned.
	fixedLen int

	used bool
	// hidden counts the scopes in which a local of the same name shadows
	// this variable; shadows says this local shadows another.
	hidden  int
	shadows bool
}

// fact says that indexing a local slice is in range: idx (an int
// variable that is not assigned while the fact holds) is in [0, len(s)),
// or len(s) >= minLen.
type fact struct {
	s      *variable
	idx    *variable
	minLen int
}

// scope is a block's declarations and the facts that hold in it.
type scope struct {
	vars  []*variable
	facts []fact
	hides []*variable // shadowed by this scope's locals
}
