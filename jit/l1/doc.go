// Package l1 is jitvm's first compiling tier: it compiles a function's
// bytecode to a graph of Go closures, portable Go with no code generation
// at run time.
//
//	code, err := l1.Compile(prog, fn) // *Code implements vm.Code
//	m.Install(fn, code, 1, osr)
//	fmt.Print(code)                   // the plan, as golden tests compare it
//
// # Design
//
// The compiler runs five steps (files in brackets):
//
//  0. Inlining [inline.go]: calls of small leaf functions that cannot
//     fail (no loops, calls, prints, or instructions that raise) are
//     spliced into the function's bytecode, the callee's registers being
//     the caller's from the CALL's A up, where its frame would be; an
//     argument move the body can read through is dropped. The steps
//     below work on the expanded code, and every pc they bake into a
//     closure (errors, interrupt polls, call return pcs, loop headers) is
//     translated back to the function's. A frame at the machine's frame
//     limit, where the inlined call would overflow, runs in the
//     interpreter instead (Code.fits). A callee too big to inline may
//     still have a guard: a start that decides, with instructions an
//     inlined body may contain, to return at once (fib's "if n < 2 {
//     return n }"). The guard is spliced in before each of its calls, and
//     a call that goes on enters the callee past it (block.entry), or at
//     pc 0 when something the guard computes before its branch is live
//     past it. A guard may write a global before its branch (ackermann's
//     calls++) when it enters past it: the callee then starts there
//     whatever code runs it (block.resume, vm.Machine.CallAt).
//
//  1. Analysis [analysis.go]: the scalar registers each instruction reads
//     and writes, basic blocks, liveness, and for every register definition
//     its consumer: the single later instruction of the same block that
//     reads it, once, after which it is dead.
//
//  2. Expression trees [tree.go]: a definition with a consumer is not
//     stored; its tree becomes an operand of the consumer's tree. The
//     bytecode's order of errors and effects is kept exactly (the rules are
//     in tree.go's comment; a subtree that would break one is stored, as the
//     bytecode did), and a tree is only built if one closure can run it.
//
//  3. Lowering [lower.go, zops.go]: each statement becomes one closure from
//     a family of templates that internal/gen writes into zops.go: one
//     operation, two operations (o2(o1(x, y), z), the inner result kept in a
//     Go register), a compare-and-branch, or a statement fused with the
//     branch on its result (the loop counter's increment and test), and,
//     for float arithmetic on registers and constants, three operations
//     (o3(o2(o1(x, y), z), w), each inner one on either side: mandelbrot's
//     2*zr*zi + ci; stmt3P). A template's operands are registers, constants, elements s[i] and g[i]
//     of slice registers and global slices, and lengths; its destination is
//     a register or an element, so s[i] += a*b[i] is one closure; and it
//     may end with a loop's increment and test (a loop tail; the test's bound a
//     register, a constant, or one times or plus a constant), so the last
//     statement of a loop body costs the loop nothing more; when that
//     statement is the whole loop body, a second closure of the template
//     runs the loop itself, up to selfBatch iterations at a time (a self
//     loop: s[i] = v, s += a[i]*b[i], matmul's inner product). Every template
//     has a plain variant for operands that are registers and constants
//     only. Errors are the interpreter's: m.Raise with the instruction's own
//     pc. One idiom of several statements has a closure of its own: the
//     swap s[i], s[j] = s[j], s[i] (stmtSwap, four statements), which also
//     takes the moves and the loop tail after it, so a reversal loop's
//     body is one closure (swapLoopTail). A self loop looks up the slices
//     of its element operands once per batch of iterations: its statement
//     cannot change a slice. A plain template's constructor knows which
//     of its operands are registers and which constants, and returns a
//     closure written for that mix, which reads each without testing it
//     (byKinds in internal/gen; three-operation templates have the
//     all-register and one-constant mixes only). An element updated in
//     place, s[i] = o(s[i], x) or s[i] = o2(o1(x, y), s[i]) with x and y
//     registers or constants, is an update template (upd1, upd2:
//     compiler.update), one slice lookup and one bounds check. A self
//     loop of one or two operations whose operands are elements indexed
//     by the counter, values the loop does not change, or the
//     destination register (an accumulator), is a counted self loop
//     (cself1, cself2: countedKinds), with the counter and the
//     loop-invariant values in Go registers; a loop that stores one value
//     at the counter (selfFill) and a reversal loop (selfSwap; with its
//     two indices stepped by constants and compared, selfReverse, which
//     keeps them in Go registers) have hand-written ones. The general one-operation templates likewise
//     pick a closure by which operands are elements at a register index
//     (byElems), and the update templates take such elements too, read
//     in the bytecode's order. Two float statements of one operation each
//     on registers and constants are one closure (a pair template: pairP,
//     compiler.pair), mandelbrot's zr*zr and zi*zi. Two float shapes past
//     the templates have hand-written closures [products.go]: a ± (b * c)
//     * e (nbody's vx[i] -= dx * m[j] * mag; an update when the
//     destination is a's element) and sums of two or three products
//     (dx*dx + dy*dy + dz*dz).
//
//  4. Blocks [blocks.go, code.go]: a statement's closure calls the next
//     one; a block ends in a terminator that calls the chain of a forward
//     branch's target directly, and returns a backward branch's target, a
//     call, or nil (return) to the run loop, Code.Enter. A block that ends in
//     an unconditional jump continues with the statements of its target
//     (tail duplication, up to 16 statements), so a loop's increment fuses
//     with its test. Calls are blocks the run loop makes, with the
//     argument and result moves (and integer additions of registers and
//     constants, fib's n-1) done there: a call of L1 code without a Go
//     call (vm.Machine.Push and Pop, and a return stack per machine), any
//     other through vm.Machine.Call. The run loop also checks for an
//     interrupt at every call (vm.Machine.Stopping) and, at every back
//     edge, the function's state word (vm.HeaderState), which an interrupt
//     and newer code installed with on-stack replacement set.
//
// A loop whose body is one branch with at most two moves (isCallMove) on
// each side and the same increment and test after both, if !c[i] { n++ },
// is one closure that iterates (condLoop): the branch, the moves and the
// tail, with no closure call but the condition's, and none when the branch
// is on an operand's truth, which it reads itself (a slice looked up once
// per batch).
//
// On-stack replacement enters at any block start (CanEnter), which
// includes every loop header: a block's code needs nothing but the frame's
// registers, which hold the bytecode's state at block boundaries. For the
// same reason a frame leaves L1 code for newer code of its function (L2's)
// at any loop header (vm.Machine.AtLoopHeader, TestOnStackReplacementFromL1). An
// instruction can be left to the interpreter (m.Interpret, counted in the
// text form as a bail-out); the compiler handles every opcode, so only the
// tests use it.
//
// A call of compiled code allocates nothing: closures are built at compile
// time, a frame's state is the register windows, passed as arguments, and
// the return stack is the machine's (made once, 64 frames deep; it grows
// as the frame stack does).
//
// # Tests and tools
//
// The differential tests (diff_test.go, random_test.go) run the examples,
// testdata (fuzzer regressions included) and vm/gen's random programs at
// L0, with every function at L1 and with every other one, and compare
// output, panic traces and exit status; -args -l1.bench adds the bench
// programs. tier_test.go covers on-stack replacement, bail-out, stack
// overflow and allocation; golden_test.go the text form. Switches, all off
// by default:
//
//	L1_SHOW=prog.go [L1_FUNC=main.f]  print plans (TestShow)
//	L1_SPEEDUP=5 [L1_ONLY=a,b] [L1_BENCH=1]  L0 against L1 (TestSpeedup)
//	L1_PROFILE=1     closures run, and bytecodes per closure (TestClosureProfile)
//	L1_CALLCOST=1    the cost of vm.Machine.Call (TestCallCost)
//	L1_RANDOM=N,FIRST  more random programs, riskier
//	L1_PANIC=1       a compiler panic with its stack, not an error
//
// and go test -bench L1 runs every long example and bench program at both
// levels as sub-benchmarks (BenchmarkL1/fib/level=0, .../level=1), with the
// thread's CPU time as cpu-ns/op.
//
// # What was measured
//
// The machine: an AMD EPYC (Zen 4, CPU family 25) guest with 2 cores,
// shared with other work, so every comparison is CPU time of the VM
// thread, L0 and L1 runs interleaved, least of 5 (TestSpeedup). The numbers
// below are from that machine unless they say otherwise.
//
// Since 2026-11-27 the machine is a Zen 5 (family 26), and the same code
// (9c858fb) measures much less over L0: 1.66x on the long examples against
// 2.31x on the Zen 4, 2.00x on the bench programs against 3.07x (README).
// L1 is a little faster there, the interpreter much faster: L0 went from
// 19.7x to 10.4x Go native on the bench programs, L1 from 6.4x to 5.2x.
// BenchmarkDispatch shows why: on the Zen 5 a switch dispatches a step in
// 1.0 ns and a chained closure costs 1.8-1.9 ns, so a closure that does one
// bytecode's work now loses to the interpreter, and everything L1 gains
// comes from closures that do several (the fusions below) or iterate (self
// loops). In that benchmark's fixed sequence of steps a switch costs about
// half a closure call on this processor, but with branches it does not
// win: hotloop's plan written out by hand (20M iterations, 4 fused
// operations each) took 195-213 ms as a switch over the fused operations
// and 123-133 ms as chained closures of L1's shape. The same hand-written
// chain with L1's loop-tail struct took 181-185 ms, and with the tail's
// fields captured one by one 144-150 ms; that change made in the generator
// (tailCode capturing tail.parts()) made the real hotloop slower, 0.23-0.25
// s -> 0.36-0.39 s, nbody 0.21-0.23 -> 0.25-0.27 s, and the binary 7.7 MB
// bigger: on this core the closure context's shape and code layout move
// the time by tens of percent in ways a prototype does not predict. A
// statement template's closures without the loop-tail check, for the
// statements that have no tail (tl == nil picks them), made hotloop's L1
// 201-228 ms against 236-241 ms and spectralnorm's 200-208 against 220-224,
// matmul's perhaps slower (58-71 against 53-54), and the examples' geomean
// 1.66-1.70x against 1.65-1.67x in alternating runs of two test binaries:
// within this machine's noise, for zops.go 24% longer. Not kept.
//
// The cost that shapes everything is the closure call: on the Zen 4, about
// 1.7 ns for a chained closure that does almost nothing, against about 1 ns
// for a jump-table dispatch and about 2 ns per bytecode for the
// interpreter's loop. One closure per instruction was as fast as L0, no faster (0.48 s
// against 0.51 s on hotloop); speed comes from work per closure. What
// moved the numbers, in order:
//
//   - Chaining, rather than a loop over a block's closures or a central
//     dispatch: 2.4x on hotloop's prototype against 1.3x (every call site
//     is monomorphic, so predicted).
//   - Operands never sub-expressions: a template that may call spills
//     everything live around the call; a subtree that does not fit is
//     stored instead.
//   - Staying within Go's inlining budget: an operand read, a target's jump
//     and a four-field operand struct (with six, every method call copied
//     it through the stack) each halved hotloop's speed when they did not.
//   - The plain variant (no element test per operand): 30-45% on loops.
//   - Forward branches as direct calls, backward ones through the run
//     loop; calls made by the run loop: a chain that made the call itself
//     stacked ten Go frames per program frame, and deep recursion overflowed
//     the processor's return-address predictor (ackermann 0.33x -> 0.6x).
//   - Elements and element destinations in templates: matmul 1.3x -> 2.0x,
//     nbody 0.8x -> 1.7x.
//   - Loop tails: matmul's inner loop is one closure per iteration,
//     hotloop 2.5x -> 2.7x.
//   - Self loops: a loop that is one statement and its tail iterates
//     inside that statement's closure, not through the run loop: sieve
//     1.37x, matmul 1.31x faster at L1 (42a0a36). As a loop in the one
//     closure both uses share, it cost fannkuch 25% (the frame set up on
//     every run); a template therefore has two closures.
//   - Inlining small leaf callees (983b6b3, e19b3b9): spectralnorm's
//     inner loop calls a(i, j) every iteration; at L1 it took 8.0-9.0 s,
//     3.8-4.1 s after (1.22x -> 2.6x over L0).
//   - The swap closure (4f4e020): fannkuch 3.1-3.2 s -> 2.3 s at L1.
//   - A self loop looks the slices of its element operands up once per
//     batch of iterations, not in each (33446d3; the statement cannot
//     change a slice): matmul
//     2.43-2.86 s -> 1.87-2.37 s at L1.
//   - L1 calls push their frame record with an inlinable
//     vm.Machine.PushFast (b4ef31f): fib 0.83x -> 0.95x, bintrees 1.12x ->
//     1.21x over L0.
//   - Branch loops (condLoop, 1382383): sieve 3.63-4.72 s -> 2.75-3.10 s.
//   - The reversal loop as one closure (e0418dc): fannkuch 2.51-2.82 s ->
//     2.29-2.51 s.
//   - Three-operation float templates: mandelbrot 1.46-1.52 s -> 1.31-1.48
//     s, spectralnorm 3.83-3.86 s -> 3.59-3.71 s.
//   - A closure per mix of register and constant operands (300b038,
//     e9825c3): loop 1.87-2.07 s -> 1.55-1.62 s, mandelbrot 1.38-1.80 s
//     -> 1.27-1.29 s, spectralnorm 3.69-4.31 s -> 3.33-3.78 s. A
//     hand-written prototype of loop.go's closures had shown that the
//     operand tests, not the tails or targets, were the cost.
//   - Update templates (3230c44): nbody 3.04-3.34 s -> 2.56-2.63 s.
//   - Fill loops with the counter in a Go register (2d0cd58): sieve
//     2.28-2.35 s -> 1.92-2.07 s. Inlined into selfStore, selfFill's
//     closure was compiled without inlining tail.test, and was slower:
//     closure constructors stay noinline.
//   - Element mixes of the general one-operation templates (c5dcdf6):
//     nqueens 1.34x -> 1.51x L0. Update templates with element operands
//     (96b166f): nbody 2.39-2.45 s -> 2.26-2.40 s, the examples' nbody
//     1.45x -> 1.58x.
//   - Pair templates (55f0c75): mandelbrot 1.23-1.27 s -> 1.05-1.20 s.
//   - Tried and dropped: dividing by a power-of-two constant with a
//     shift (divK, modK): spectralnorm, collatz and life unchanged, the
//     division being off the critical path.
//   - Counted self loops (0477c4d): matmul 1.80-1.85 s -> 0.71-0.72 s
//     (2.5x; L1 over L0 from about 3x to about 9x). A prototype with one
//     closure for every mix (each operand a slice, a mask and an index
//     cell) reached only 1.45 s: what pays is the counter and the
//     invariants in Go registers, which needs a closure per mix.
//   - Guards (a7cc8a6): a callee's quick return (fib's "if n < 2 {
//     return n }") spliced into its calls, which enter the callee past it
//     when it does not return at once: half of fib's calls cost no call.
//     fib 2.71-2.81 s -> 1.90-1.93 s (0.98x -> 1.40x over L0).
//   - Reversal loops with their indices in Go registers (cd5c519,
//     selfReverse): fannkuch 2.16-2.34 s -> 1.91-2.15 s.
//   - A call of the function itself enters its block without waiting for
//     the code lookup (eff8409, block.callee): fib 1.95-2.07 s ->
//     1.76-1.82 s, ackermann 0.25-0.34 s -> 0.22-0.25 s. What remains of
//     a call is a chain of dependent loads (the return stack, the block,
//     its moves, the registers the callee just stored); a return frame
//     holding the moves and next block itself, one load fewer, was slower
//     (2.04 s against 1.77 s).
//   - a ± (b * c) * e in one closure (4a3295d): the examples' nbody
//     0.32-0.34 s -> 0.22-0.23 s (1.56x -> 2.28x over L0). Its first
//     version captured its operands as leaves, which the closure copied to
//     its stack on every run: 0.37-0.39 s, slower than the three closures.
//   - Guards that write a global (dea8177): the examples' ackermann
//     0.23-0.27 s -> 0.19-0.22 s (1.18x -> 1.30x over L0).
//   - Sums of products in one closure (7eaf962): nbody 2.30-2.34 s ->
//     2.16-2.28 s.
//   - Loop tails whose bound is computed, i < 3*n or n-1 (b43d682,
//     tail.limit): twofuncs medians 0.61 -> 0.52 s (2.14x -> 2.55x over
//     L0). The hand-written loops take no such tail, so their code is
//     unchanged; the templates pay one predictable test per iteration.
//   - A division by a register and the branch on its result in one
//     closure (29128b6, divDecide): primes with a limit of 2,000,000,
//     medians 0.43 -> 0.38 s (1.44x -> 1.70x over L0).
//   - g = append(g, v) on a global slice in one closure (globalAppend):
//     the examples' bintrees 0.54-0.57 s -> 0.44-0.50 s at L1 (newNode:
//     four closures, a global read and written back and a slice register
//     copied, per append).
//   - A global plus a register or a constant stored to a global in one
//     closure (globalUpdate; the tree builder cannot fuse them, a global
//     being no template operand): the examples' ackermann, whose calls++
//     its guards splice into every call, 0.19-0.21 s -> 0.16-0.17 s.
//   - The positive remainder ((a + b) % n + n) % n in one closure
//     (modWrap): life 0.20-0.21 s -> 0.18-0.20 s at L1.
//   - Sums of three registers and constants over two statements in one
//     closure (sums; nqueens' row-c+n-1): nqueens with n up to 12
//     0.54-0.57 s -> 0.50-0.53 s at L1.
//   - An element loaded into a register and tested, r = s[i]; if r != 0,
//     as the element plus 0 in condSet's templates: bench fannkuch
//     1.77-1.85 s -> 1.74-1.79 s at L1.
//   - A scan loop's first step, made before the loop (quicksort's i++
//     before for ; s[i] < pivot; i++, and again after each swap), fused
//     with the loop (scanFrom): quicksort of 1,500,000 ints 0.52-0.54 s
//     -> 0.46-0.52 s at L1.
//   - Tried and dropped, measured: an || of truth tests in one closure
//     (nqueens' cols[c] || diag1[d1] || diag2[d2]: no change, 0.36-0.38 s
//     against 0.36-0.37 s with n up to 12; the time is in the loads of
//     the global slices' headers and elements); a compare-and-branch
//     carried by the statement before it, as a loop tail that adds 0
//     (collatz unchanged: its memo lookups dominate); and again the
//     power-of-two division, as templates of their own: no change on a
//     loop of n%2 and n/2 either.
//
// Speed-ups over L0 (L1_SPEEDUP=5 go test ./jit/l1 -run Speedup -v, least
// CPU time of 5 interleaved runs each): hotloop 2.70, matmul 2.28,
// mandelbrot 2.02, twofuncs 1.86, collatz 1.84, life 1.74, nbody 1.70,
// primes 1.54, fannkuch 1.40, bintrees 1.36, sieve 1.27, nqueens 1.24,
// spectralnorm 1.19, quicksort 1.10, hotcall 1.00, fib 0.82, ackermann
// 0.78; geometric mean 1.44 (1.38 on the medians). The target was 3.
// After self loops (42a0a36), on the bench programs (jitvm bench
// --levels=0,1 --profilers=off --count=5, README): loop 2.60, matmul 2.44,
// mandelbrot 2.09, nbody 1.82, sieve 1.79, fannkuch 1.31, spectralnorm
// 1.22, fib 0.92; geometric mean 1.68. After inlining and the swap closure
// (4f4e020, same command): loop 2.60, matmul 2.58, spectralnorm 2.57,
// sieve 2.07, mandelbrot 2.06, nbody 2.01, fannkuch 1.91, fib 0.82;
// geometric mean 1.97. With hoisted slices (3bd2a7e, same command): matmul
// 3.40, loop 2.67, spectralnorm 2.60, nbody 2.08, sieve 2.04, mandelbrot
// 2.00, fannkuch 1.86, fib 0.87; geometric mean 2.06. With PushFast,
// branch loops and reversal loops too (f80829a, a noisy machine): matmul
// 3.05, sieve 2.54, loop 2.43, spectralnorm 2.21, nbody 2.01, fannkuch
// 1.96, mandelbrot 1.89, fib 0.93; geometric mean 2.03 (2.08 on least
// times). With operand mixes, updates, fill, counted and reversal self
// loops (96b166f, same command): matmul 8.87, loop 3.28, spectralnorm
// 3.15, sieve 2.91, mandelbrot 2.62, nbody 2.46, fannkuch 2.24, fib 0.98;
// geometric mean 2.80 (2.76 at ab92b81). The long examples (L1_SPEEDUP=5,
// 96b166f): matmul 7.95, hotcall 5.06, sieve 3.06, hotloop 2.88,
// spectralnorm 2.70, mandelbrot 2.15, twofuncs 2.13, fannkuch 1.91, life
// 1.73, collatz 1.67, nbody 1.62, primes 1.50, nqueens 1.46, quicksort
// 1.30, bintrees 1.22, ackermann 0.99, fib 0.95; geometric mean 2.00 (1.88
// before this work). The call-bound ones (fib, ackermann, bintrees,
// quicksort) are where they were.
// The examples' nbody is the bench's with vx[i] -= dx * m[j] * mag, three
// closures per update (a load, a two-operation product, a subtraction)
// where the bench's vx[i] -= dx * mj is one update template; updProd3 made
// it one closure too.
//
// # What limits it
//
// Calls: vm.Machine.Call into code that does nothing costs 7 ns
// (TestCallCost), where L0 runs a whole call, return and loop iteration in
// 12 ns without leaving its dispatch loop. L1-to-L1 calls therefore no
// longer go through it: the run loop pushes the frame record
// (vm.Machine.Push), keeps the caller's call block on a return stack, and
// runs the callee's blocks in the same loop, and the moves around a call
// include n-1 and r1+r2, so fib's call blocks need no closure. That made
// fib about as fast as L0 (it was 0.75x), not faster: the frame record,
// the return stack and the run loop's dispatch after a return are what L0
// does too, and there is little else in fib. Guards (inline.go) take away
// the calls that return at once, half of fib's, which made fib 1.4-1.6x
// L0; the rest cost what they did. Going further needs a call protocol
// that keeps values in Go registers, which closures cannot, or inlining
// recursive calls with their frame records made only when needed.
//
// Two protocols that make the call a Go call were measured and dropped
// (at 709e10b and 1986e1b, 5 interleaved runs each). In the first, the run
// loop calls itself for an L1 callee, and needs no return stack: fib(38)
// went from 1.05-1.08 s to 0.96-0.99 s, bintrees from 0.53-0.58 s to
// 0.50-0.52 s, and ackermann from 0.19-0.22 s to 0.22-0.24 s. Below a
// depth of 48 only, it gained 3% on fib and bintrees and left ackermann
// as it was.
//
// In the second, each call block has a closure that the chain calls: it
// pushes the frame, runs the callee's chain, pops, does the moves and
// chains on. fib(38) went from 1.09 s to 0.91 s and bintrees from
// 0.54-0.59 s to 0.51-0.53 s, but ackermann went from 0.19-0.21 s to
// 0.26-0.27 s, with the run loop taking calls deeper than 64 frames.
// Without that limit ackermann took 0.44-0.52 s: every program frame
// stacks several Go frames, and deep recursion then pays for Go's stack
// growth and the return-address predictor. With a limit of 16 frames fib
// lost its gain. A callee that loops needs a run loop per call, so
// nqueens got slower until such callees were left to the run loop.
//
// The best case is a microbenchmark of hand-written closures with frame
// records and Go recursion: fib(38) in 0.50 s, against 1.06 s at L1,
// 1.69 s at L0 and 0.19 s in Go.
//
// Loops: about 2 ns per closure, and 1.5 to 2.5 bytecodes per closure
// (TestClosureProfile counts them), where L0 spends about 2 ns per bytecode.
// A loop that is one statement escapes this: its closure iterates, and a
// counted one runs near Go's speed (matmul 0.71 s against Go's 0.26-0.38
// s). Every other loop pays a closure per statement or two. More fusion
// means more templates: the two-operation family made zops.go 64,000
// lines (a third of the element variants pruned to the operations array
// code uses), the self-looping closures bring it to 104,000, the
// three-operation float family (plain variant only) to 137,000, a closure
// per mix of registers and constants to 285,000, the update templates to
// 298,000, the counted self loops to 334,000, element mixes to 357,000
// and pairs to 359,000 (jit/l1 builds in about 20 s); each further shape
// multiplies it.
//
// Inlined callees' time is their caller's in the profile (as with L2's
// inlining); the controller therefore lets L2 inline what the caller's L1
// code inlined (Code.Inlined), which it would otherwise turn down for want
// of the callee's samples.
package l1
