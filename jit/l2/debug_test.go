//go:build amd64

package l2

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// TestDisasmFile prints the L2 code of one function:
//
//	F=../../bench/programs/fib.go FN=main.fib go test ./jit/l2 -run DisasmFile -v
func TestDisasmFile(t *testing.T) {
	if os.Getenv("F") == "" {
		t.Skip("set F=file.go FN=main.func")
	}
	prog := compileFile(t, os.Getenv("F"))
	fn := prog.FuncIndex(os.Getenv("FN"))
	c, err := Compile(prog, fn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c.Disasm(os.Stdout)
}

// TestExitCounts prints the most frequent exits of programs run at L2:
//
//	G='../../examples/*.go' go test ./jit/l2 -run ExitCounts -v
func TestExitCounts(t *testing.T) {
	if os.Getenv("G") == "" {
		t.Skip("set G=glob")
	}
	files, _ := filepath.Glob(os.Getenv("G"))
	for _, f := range files {
		prog := compileFile(t, f)
		counts := map[string]int{}
		exitCounter = func(d *exitDesc) {
			k := fmt.Sprintf("%d/%v", d.kind, d.in.op)
			if d.kind == exCall {
				k += " " + prog.Funcs[d.in.b].Name
			}
			counts[k]++
		}
		codes, _ := compileAll(t, prog, Options{})
		run(t, prog, installer(codes, func(int) bool { return true }))
		exitCounter = nil
		var keys []string
		for k := range counts {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return counts[keys[i]] > counts[keys[j]] })
		fmt.Println("==", f)
		for i, k := range keys {
			if i < 6 {
				fmt.Println("   ", k, counts[k])
			}
		}
	}
}

// TestProfileRun runs a program at L2 five times, for go test -cpuprofile:
//
//	P=../../examples/quicksort.go go test ./jit/l2 -run ProfileRun -cpuprofile cpu.out
func TestProfileRun(t *testing.T) {
	if os.Getenv("P") == "" {
		t.Skip("set P=file.go")
	}
	prog := compileFile(t, os.Getenv("P"))
	codes, _ := compileAll(t, prog, Options{})
	for i := 0; i < 5; i++ {
		run(t, prog, installer(codes, func(int) bool { return true }))
	}
}
