// Package gen generates random programs in jitvm's language, in the
// spirit of Csmith, for differential testing (vm/gen/difftest,
// cmd/jitvm-fuzz), and minimizes programs that show a difference.
//
// Program(seed, cfg) returns a gofmt'd Go file that:
//
//   - compiles with the Go toolchain and with jitvm: no unused variables,
//     imports or labels (the generator finds what a scope's statements
//     read, in Go's sense, and adds a use for the rest), no constant
//     expression that overflows or divides by zero (constant values are
//     tracked with go/constant), no negative constant index or shift, no
//     duplicate constant case, no bare return with a shadowed result;
//   - terminates quickly: every loop has a trip count fixed by its header
//     or by a counter incremented first thing in its body; recursion goes
//     through a depth parameter that decreases; the statements executed
//     are estimated (loop trips times body, call costs from the leaves of
//     the call graph up) and kept under Config.Budget; slices stay short
//     (appends are guarded or truncate first);
//   - is deterministic and means the same under Go and jitvm: calls of
//     functions with side effects are alone in their statement (Go leaves
//     the order of a call against other operands unspecified); calls
//     inside expressions are of pure functions (scalars in and out, no
//     globals, no output, no panic); int(f) of a float happens only in
//     range (Go leaves it to the implementation otherwise). With
//     Config.ImpureCalls, calls of functions with side effects appear
//     inside expressions too, next to reads of the globals they change
//     (g[i] += f(), chk*31 + f(), s[f()&3], append(f(), x)[0], arguments,
//     conditions, switch tags and cases, returns, min and max): the
//     output is then gc's order of evaluation (calls first, in source
//     order, then variables and elements), which jitvm must follow;
//   - exercises the language: int arithmetic that wraps, every operator
//     including shifts by variable counts (64 and over, and negative ones
//     that panic), &^, / and % by -1 of MinInt64 and by values that may be
//     zero; floats with NaN, infinities and -0, math.Sqrt/Abs/Floor/Ceil,
//     min and max; bools and short-circuit operators; slices and slices of
//     slices (literals, make, append, append(s, t...), copy with
//     overlaps, two- and three-index slicing, nil) indexed in range by
//     construction (range loops, length checks, loop nests) or, with
//     probability Config.Risk, not (the program panics); every loop form,
//     labelled break and continue, switch with and without tag and with
//     init; functions with up to nine parameters, multiple and named
//     results, f(g(...)), shallow tree recursion and deep linear recursion;
//     package-level constants (iota, typed, untyped) and variables
//     initialised out of textual order, an init function, shadowing of
//     globals, constants and parameters; fmt.Println/Print/Printf with
//     many verbs; conditional os.Exit and panic; and a checksum of the
//     computation printed at the end.
//
// The same seed and Config give the same program within one Version.
//
// Minimize(src, interesting, opts) shrinks a program by edits of its
// syntax tree (remove functions, declarations and statements, outer ones
// first; replace a compound statement by a body; replace a binary
// expression by an operand; drop composite literal elements), repairing
// each candidate with Fix, while interesting holds. It keeps the
// statements the generator's termination argument relies on.
package gen
