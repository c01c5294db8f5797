//go:build race

package native

// raceFactor scales the GC latency limits: the race runtime makes the GC and
// every Go goroutine several times slower (the native loop is unaffected).
const raceFactor = 3
