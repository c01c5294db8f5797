// Package bench holds jitvm's benchmark programs (bench/programs, each sized
// so the Go-native binary runs 0.2–0.5 s) and the benchmarks that measure
// jitvm against Go native on them.
//
// Run them with
//
//	go test ./bench -run '^$' -bench . -benchtime 3x
//
// Each sub-benchmark runs one program at one level and, interleaved with it,
// the program's Go-native binary, and reports both times and their ratio,
// so the ratio is measured side by side under the same machine load.
package bench
