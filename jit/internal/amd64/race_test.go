//go:build race

package amd64

// raceEnabled shrinks the memory-operand grid under -race: the encoder is
// single-threaded, so the race detector only slows the sweep down.
const raceEnabled = true
