// Package jit is jitvm's adaptive compilation system: the controller that
// decides, from the self-profiler's samples, which functions to recompile
// and at which level, and (in its subpackages) the tiers: jit/l1 compiles
// bytecode to Go closures, jit/l2 to x86-64 machine code, on the machine
// code groundwork in jit/internal.
//
// # The policy
//
// The controller never counts calls or loop iterations in the program's hot
// path: its only input is the profiler's samples, each standing for one
// sampling period (1 ms by default) of the VM thread's CPU time spent in one
// function. On every sample of a function it runs a cost-benefit model, the
// analytic model of the Jikes RVM adaptive optimization system (Arnold et
// al., OOPSLA 2000; decide in policy.go):
//
//   - a function that has run for T at its current level is expected to
//     run for T more (T = its samples at that level × the period);
//   - recompiling it at level j costs C(j) = fixed(j) + size × perOp(j), and
//     turns the remaining T into T·S(cur)/S(j), where S is a level's speed
//     relative to the interpreter, or, where a tier knows better for one
//     function (Tier.Estimate), that function's: L1 gives a recursive
//     function with no loop, no other calls it does not inline and no
//     guard it splices into its calls (l1.CallBound: a quick return that
//     calls, or none) 0.95, so
//     such a function goes to L2 or stays in the interpreter;
//   - the controller compiles at the level j maximising the saving
//     T − T·S(cur)/S(j) − C(j), if that saving is positive, and may skip a
//     level. It learns perOp from the compile times it measures (the
//     compiling thread's CPU time), within a factor of 2 of the model;
//   - it considers a function only from its second sample at its level
//     (Options.MinSamples): a single sample is often a stray.
//
// L2 inlines small leaf callees that have been sampled, or that the
// caller's running L1 code inlined (L1 inlines leaf callees that cannot
// fail without asking, and their time is then sampled as the caller's). A
// caller compiled before such a callee's first sample is compiled again,
// once, when that sample comes, so that which callees are inlined does not
// depend on the order of the first samples (the event's Reason says why).
//
// Compilation happens on one background goroutine; the code is installed
// with vm.Machine.Install, atomically, and the next call runs it. A frame
// that is running in the interpreter or in older code (a hot loop in main,
// entered once) moves to the new code at a loop header: on-stack
// replacement, which needs no translation because every tier uses the
// interpreter's frame window. The interpreter and L1 move at the next loop
// header; L2 code at its next preemption exit at one.
//
// The model's constants (Model in policy.go, set by DefaultTiers) and the
// numbers behind them are in docs/ARCHITECTURE.md.
//
// With a forced level (--level=N) every function is compiled at N before
// the program starts; a function a tier cannot compile drops to the level
// below, and the report says why.
package jit
