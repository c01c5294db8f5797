//go:build race

package main

// raceEnabled: under the race detector the interpreter runs about 100 times
// slower, so tests that run CPU-bound programs shrink them.
const raceEnabled = true
