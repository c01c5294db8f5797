package l1

import (
	"fmt"
	"io"
	"os"
	"slices"
	"testing"

	"github.com/jitvm/jitvm/vm"
)

// TestClosureProfile runs the long-running examples with every block
// counted and prints the closures they execute most, alone and in adjacent
// pairs, and the bytecodes executed per closure. It guides which templates
// are worth adding; it runs only with L1_PROFILE=1.
func TestClosureProfile(t *testing.T) {
	if os.Getenv("L1_PROFILE") == "" {
		t.Skip("set L1_PROFILE=1")
	}
	singles, pairs := map[string]uint64{}, map[string]uint64{}
	for _, name := range longRunning {
		prog, err := vm.CompileFile("../../examples/" + name + ".go")
		if err != nil {
			t.Fatal(err)
		}
		codes := make([]*Code, len(prog.Funcs))
		for fn := range prog.Funcs {
			codes[fn], err = compile(prog, fn, options{counted: true})
			if err != nil {
				t.Fatal(err)
			}
		}
		m := vm.New(prog, vm.Options{Stdout: io.Discard})
		for fn, c := range codes {
			m.Install(fn, c, 1, false)
		}
		m.Run()
		var closures, bytecodes uint64
		for _, c := range codes {
			for i, b := range c.blocks {
				n := c.counts[i]
				bytecodes += n * uint64(b.ops)
				prev := ""
				for _, l := range b.lines {
					for _, tmpl := range l.notes {
						singles[tmpl] += n
						closures += n
						if prev != "" {
							pairs[prev+" + "+tmpl] += n
						}
						prev = tmpl
					}
				}
			}
		}
		t.Logf("%-14s closures run: %11d  bytecodes: %11d  per closure: %.2f", name, closures, bytecodes, float64(bytecodes)/float64(closures))
	}
	top := func(m map[string]uint64, n int) {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b string) int { return int(int64(m[b]) - int64(m[a])) })
		for i, k := range keys {
			if i == n {
				break
			}
			fmt.Printf("%12d  %s\n", m[k], k)
		}
	}
	fmt.Println("closures:")
	top(singles, 40)
	fmt.Println("adjacent pairs:")
	top(pairs, 40)
}
