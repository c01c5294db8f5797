package l2

// Options configure the compilation of one function.
type Options struct {
	// Inline reports whether a call of callee should be inlined (the JIT
	// controller decides from the profile). Only leaf callees (no calls)
	// of at most MaxInline instructions are inlined, whatever it says. Nil
	// means DefaultInline.
	Inline func(callee int) bool
	// MaxInline bounds the size of an inlined callee in bytecode
	// instructions; 0 means DefaultMaxInline.
	MaxInline int
	// PerfMap, if set, gets a line for the compiled code, so that Linux
	// perf names it (see PerfMap).
	PerfMap *PerfMap
}

// DefaultMaxInline is the default size limit of an inlined callee.
const DefaultMaxInline = 40

// DefaultInline inlines every callee the size limit allows.
func DefaultInline(callee int) bool { return true }

// NoInline inlines nothing.
func NoInline(callee int) bool { return false }
