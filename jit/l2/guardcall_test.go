//go:build amd64

package l2

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jitvm/jitvm/jit/l1"
	"github.com/jitvm/jitvm/vm"
)

// L1 splices a callee's quick return into its calls, and when that guard
// writes a global first (calls++), a call that goes on must enter the
// callee past it: vm.Machine.CallAt, when the callee runs L2's code. Past
// loop's guard is a loop header, where L2's code can start (CanEnter);
// past count's it is not, and the call runs in the interpreter. Either
// way the counts are the interpreter's.
func TestL1CallsL2PastEffectGuard(t *testing.T) {
	prog := compileSrc(t, `package main

import "fmt"

var calls int

func loop(n int) int {
	calls++
	if n < 0 {
		return -1
	}
	for {
		if n == 0 {
			return calls % 100
		}
		n--
	}
}

func count(n int) int {
	calls += 2
	if n == 0 {
		return 0
	}
	return n + count(n-1)
}

func drive(n int) int {
	t := 0
	for i := -2; i < n; i++ {
		t += loop(i) + count(i&3) + count(0)
	}
	return t
}

func main() {
	fmt.Println(drive(30), calls)
}
`)
	want := run(t, prog, nil)
	require.Equal(t, "1515 256\n", want.stdout)
	loop, count, drive := prog.FuncIndex("main.loop"), prog.FuncIndex("main.count"), prog.FuncIndex("main.drive")
	codes, failed := compileAll(t, prog, Options{})
	require.Empty(t, failed)
	// Both guards end at pc 6 (jitvm disasm): a loop header in loop only.
	require.True(t, codes[loop].CanEnter(6), "past loop's guard")
	require.False(t, codes[count].CanEnter(6), "past count's guard")
	got := run(t, prog, func(m *vm.Machine) {
		installer(codes, func(fn int) bool { return fn == loop || fn == count })(m)
		c, err := l1.Compile(prog, drive)
		require.NoError(t, err)
		m.Install(drive, c, 1, false)
	})
	require.Equal(t, want, got)
}
