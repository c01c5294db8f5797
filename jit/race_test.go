//go:build race

package jit

// The race detector slows the interpreter about 50x: tests size their
// programs down.
const raceEnabled = true
