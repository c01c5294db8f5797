//go:build amd64

package l2

import (
	"testing"

	"github.com/jitvm/jitvm/vm"
)

// BenchmarkExit measures one exit to Go and back (a SLICE, which native
// code always leaves to Go) per loop iteration.
func BenchmarkExit(b *testing.B) {
	prog := compileSrc(b, `package main

var n int

func main() {
	s := make([]int, 10)
	t := s
	for i := 0; i < n; i++ {
		t = s[1:]
	}
	n = len(t)
}
`)
	codes, _ := compileAll(b, prog, Options{})
	m := vm.New(prog, vm.Options{})
	installer(codes, func(int) bool { return true })(m)
	globals, _ := m.Globals()
	globals[0] = uint64(b.N)
	b.ResetTimer()
	if err := m.Run(); err != nil {
		b.Fatal(err)
	}
}
