package jit

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var testModels = []Model{
	{Speedup: 1},
	{Speedup: 2, CompilePerOp: 200 * time.Nanosecond, CompileFixed: 20 * time.Microsecond},
	{Speedup: 8, CompilePerOp: 2 * time.Microsecond, CompileFixed: 100 * time.Microsecond},
}

func TestDecide(t *testing.T) {
	ms := time.Millisecond
	cases := []struct {
		name    string
		cur     int
		samples uint64
		size    int
		max     int
		want    int
	}{
		{"no samples, no compile", 0, 0, 50, 2, -1},
		{"one sample of a small function pays for L2", 0, 1, 50, 2, 2},
		{"forced ceiling at L1", 0, 1, 50, 1, 1},
		{"huge function, one sample: L2 too dear, L1 pays", 0, 1, 2000, 2, 1},
		{"huge function, many samples: L2", 0, 50, 2000, 2, 2},
		{"already at the top", 2, 100, 50, 2, -1},
		{"at L1, hot: on to L2", 1, 5, 50, 2, 2},
		{"interpreter only", 0, 100, 50, 0, -1},
	}
	for _, c := range cases {
		got := decide(c.cur, c.samples, ms, c.size, testModels, c.max)
		require.Equal(t, c.want, got.level, c.name)
		if got.level >= 0 {
			require.Positive(t, got.benefit, c.name)
		}
	}
	// L2 not available (e.g. executable memory denied): its Speedup is 0.
	noL2 := []Model{testModels[0], testModels[1], {}}
	require.Equal(t, 1, decide(0, 3, ms, 50, noL2, 2).level)
}

// One slow compile cannot make a tier look much dearer (or cheaper) than
// its configured model: learning stays within learnRange.
func TestLearnBounded(t *testing.T) {
	c := &Controller{models: slices.Clone(testModels), given: slices.Clone(testModels)}
	per := testModels[2].CompilePerOp
	c.learn(2, 50, 7*time.Millisecond) // 140µs per op
	require.Equal(t, per*learnRange, c.models[2].CompilePerOp)
	for range 20 {
		c.learn(2, 50, testModels[2].CompileFixed+50) // 1ns per op
	}
	require.Equal(t, per/learnRange, c.models[2].CompilePerOp)
	c.learn(2, 0, time.Second) // no size: nothing learned
	require.Equal(t, per/learnRange, c.models[2].CompilePerOp)
}
