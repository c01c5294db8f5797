package jit

import "time"

// Model is what the controller knows of a tier: how fast code at that level
// runs relative to the interpreter, and what compiling costs.
type Model struct {
	Speedup      float64       // speed relative to L0 (the interpreter is 1)
	CompilePerOp time.Duration // compile time per bytecode instruction
	CompileFixed time.Duration // compile time per function, whatever its size
}

// compileCost estimates the time to compile a function of size bytecodes.
func (m Model) compileCost(size int) time.Duration {
	return m.CompileFixed + time.Duration(size)*m.CompilePerOp
}

// choice is a decision of the cost-benefit model.
type choice struct {
	level   int           // level to compile at, or -1 to leave the function alone
	benefit time.Duration // expected time saved, net of compiling
	cost    time.Duration // expected compile time
}

// decide is the controller's policy, after the analytic model of the Jikes
// RVM adaptive optimization system (Arnold et al., OOPSLA 2000): a function
// that has run for T at its current level is expected to run for T more
// (the past predicts the future), where T is its samples at that level
// times the sampling period. Recompiling it at level j costs C(j) and turns
// the remaining T into T·S(cur)/S(j). The controller picks the level j above
// the current one that maximises the saving T - T·S(cur)/S(j) - C(j), and
// compiles only if that saving is positive.
//
// models[i] describes level i (models[0] is the interpreter: Speedup 1);
// levels above maxLevel are not considered.
func decide(cur int, samples uint64, period time.Duration, size int, models []Model, maxLevel int) choice {
	best := choice{level: -1}
	if samples == 0 || cur >= maxLevel {
		return best
	}
	future := time.Duration(samples) * period
	for j := cur + 1; j <= maxLevel && j < len(models); j++ {
		if models[j].Speedup <= 0 {
			continue // level not available
		}
		after := time.Duration(float64(future) * models[cur].Speedup / models[j].Speedup)
		cost := models[j].compileCost(size)
		if saving := future - after - cost; saving > 0 && saving > best.benefit {
			best = choice{level: j, benefit: saving, cost: cost}
		}
	}
	return best
}
