package vm

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestInterruptStopsAnInfiniteLoop(t *testing.T) {
	for name, src := range map[string]string{
		"loop": `package main

func main() {
	x := 0
	for {
		x++
	}
}
`,
		"calls": `package main

func f(x int) int { return x + 1 }

func main() {
	x := 0
	for {
		x = f(x)
	}
}
`,
		"recursion": `package main

func f(n int) int {
	if n == 0 {
		return 1
	}
	return f(n-1) + f(n-1)
}

func main() { f(60) }
`,
	} {
		t.Run(name, func(t *testing.T) {
			prog, err := Compile("stop.go", []byte(src))
			require.NoError(t, err)
			m := New(prog, Options{})
			cause := errors.New("timed out")
			go func() {
				time.Sleep(50 * time.Millisecond)
				m.Interrupt(cause)
				m.Interrupt(errors.New("second cause loses"))
			}()
			err = m.Run()
			var se *StopError
			require.True(t, errors.As(err, &se), "%v", err)
			require.ErrorIs(t, err, cause)
			require.NotEmpty(t, se.Trace)
			require.Equal(t, "main.main", se.Trace[len(se.Trace)-1].Func)
			require.Zero(t, m.depth)
		})
	}
}

func TestMaxHeap(t *testing.T) {
	grow := `package main

import "fmt"

func main() {
	var s []int
	for i := 0; i < 100000000; i++ {
		s = append(s, i)
	}
	fmt.Println(len(s))
}
`
	prog, err := Compile("heap.go", []byte(grow))
	require.NoError(t, err)
	err = New(prog, Options{MaxHeap: 64 << 20}).Run()
	var hl *HeapLimitError
	require.True(t, errors.As(err, &hl), "%v", err)
	require.Equal(t, int64(64<<20), hl.Limit)
	var se *StopError
	require.True(t, errors.As(err, &se))
	require.Equal(t, "main.main", se.Trace[0].Func)
	require.Equal(t, 8, se.Trace[0].Line, "the append")

	// Garbage does not count: a program that allocates far more than the
	// limit in total, but little at once, runs.
	churn := `package main

import "fmt"

func main() {
	total := 0
	for i := 0; i < 400; i++ {
		s := make([]int, 100000)
		s[i] = i
		total += len(s)
	}
	fmt.Println(total)
}
`
	prog, err = Compile("churn.go", []byte(churn))
	require.NoError(t, err)
	out, _, err := run(t, churn, Options{MaxHeap: 64 << 20})
	require.NoError(t, err)
	require.Equal(t, "40000000\n", out)
}
