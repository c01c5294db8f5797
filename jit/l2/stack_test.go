//go:build amd64

package l2

import (
	"bytes"
	"strings"
	"testing"

	"github.com/jitvm/jitvm/vm"
)

const recSrc = `package main

import "fmt"

func down(n int) int {
	if n == 0 {
		return 0
	}
	return 1 + down(n-1)
}

func forever(n int) int {
	return forever(n+1) + 1
}

func main() {
	fmt.Println(down(100000))
	fmt.Println(forever(0))
}
`

// Unbounded recursion in L2 code ends in the VM's stack overflow, with the
// interpreter's message and trace, whatever the frame limit; a native stack
// too small for the recursion makes the deepest frames run in the
// interpreter instead, with the same result. (That fallback recurses on the
// Go stack, one Code.Enter per frame, as any compiled tier called from the
// interpreter does: the 64 MiB native stack holds the default million
// frames natively, and the small one is tried with fewer.)
func TestStackOverflow(t *testing.T) {
	prog := compileSrc(t, recSrc)
	limits := []int{0, 200000, 5000}
	if raceEnabled {
		prog = compileSrc(t, strings.Replace(recSrc, "100000", "1000", 1))
		limits = []int{5000}
	}
	for _, maxFrames := range limits {
		runWith := func(l2 bool) (string, string, int) {
			var out bytes.Buffer
			m := vm.New(prog, vm.Options{Stdout: &out, MaxFrames: maxFrames})
			if l2 {
				codes, failed := compileAll(t, prog, Options{})
				if len(failed) > 0 {
					t.Fatal(failed)
				}
				installer(codes, func(int) bool { return true })(m)
			}
			err := m.Run()
			var tr strings.Builder
			if re, ok := err.(*vm.RuntimeError); ok {
				re.WriteTrace(&tr)
			}
			return out.String(), tr.String(), vm.ExitCode(err)
		}
		wo, wt, wc := runWith(false)
		if !strings.Contains(wt, "stack overflow") {
			t.Fatalf("max %d: the interpreter did not overflow: %q", maxFrames, wt)
		}
		for _, stack := range []int{64 << 20, 256 << 10} {
			if stack < 1<<20 && maxFrames == 0 {
				continue
			}
			defer func(v int) { nativeStackSize = v }(nativeStackSize)
			nativeStackSize = stack
			o, tr, c := runWith(true)
			if o != wo || tr != wt || c != wc {
				t.Errorf("max frames %d, native stack %d: got\n%s%s(exit %d)\nwant\n%s%s(exit %d)",
					maxFrames, stack, o, clipText(tr), c, wo, clipText(wt), wc)
			}
		}
	}
}
