package jit

import (
	"bytes"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/jitvm/jitvm/profiler"
	"github.com/jitvm/jitvm/vm"
	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// interpCode is a stand-in tier that runs functions in the interpreter
// through the tier interface, so the controller can be tested without a
// compiler.
type interpCode struct{}

func (interpCode) Enter(m *vm.Machine, base, pc int) { m.Interpret(pc) }
func (interpCode) CanEnter(int) bool                 { return true }

func fakeTier(level int, speedup float64) Tier {
	return Tier{
		Level: level, Name: "interp",
		Compile: func(*bc.Program, int, Hints) (vm.Code, error) { return interpCode{}, nil },
		Model:   Model{Speedup: speedup, CompilePerOp: time.Microsecond, CompileFixed: 10 * time.Microsecond},
	}
}

const hotProgramSrc = `package main

import "fmt"

const N = %d

func mix(x int) int {
	return (x*31 + 7) %% 1000003
}

func main() {
	x := 1
	s := 0
	for i := 0; i < N; i++ {
		if i < N/3 {
			x = mix(x)
		}
		s += x & 7
	}
	fmt.Println(x, s)
}
`

// hotProgram loops for about a second in the interpreter (less under the
// race detector, which slows it 50x).
var hotProgram = func() string {
	n := 30000000
	if raceEnabled {
		n = 1500000
	}
	return fmt.Sprintf(hotProgramSrc, n)
}()

// run runs src with the profiler feeding a controller and returns the
// output and the JIT's report.
func run(t *testing.T, src, source string, opts Options) (string, Report, *profiler.Profile) {
	t.Helper()
	prog, err := vm.Compile("hot.go", []byte(src))
	require.NoError(t, err)
	var out bytes.Buffer
	var ctl *Controller
	var sess *profiler.Session
	m := vm.New(prog, vm.Options{
		Stdout: &out,
		OnStart: func(tid int, cur *atomic.Int32) {
			ctl.Start(tid)
			sess, err = profiler.Start(profiler.Target{Tid: tid, Current: cur, NumFuncs: len(prog.Funcs)},
				profiler.Options{Source: source, OnSample: ctl.OnSample})
			require.NoError(t, err)
		},
		OnStop: func() { sess.Stop() },
	})
	ctl, err = New(m, prog, opts)
	require.NoError(t, err)
	require.NoError(t, m.Run())
	return out.String(), ctl.Stop(), sess.Stop()
}

// The controller tiers up the hot function from samples, and moves main's
// running loop to compiled code by on-stack replacement.
func TestControllerTiersUpFromSamples(t *testing.T) {
	for _, source := range []string{"perf-sw", "timer"} {
		t.Run(source, func(t *testing.T) {
			out, rep, prof := run(t, hotProgram, source, Options{Tiers: []Tier{fakeTier(1, 2)}})
			require.Equal(t, hotOutput, out)
			require.Positive(t, prof.Samples)
			byFunc := map[string]Event{}
			for _, e := range rep.Events {
				byFunc[e.Func] = e
				require.Equal(t, 1, e.To)
				require.Positive(t, e.Samples)
				// The first tier-up comes within 20 ms of CPU time of the
				// function's first sample.
				require.Less(t, e.AtCPU-e.FirstHot, 20*time.Millisecond, "%+v", e)
			}
			require.Contains(t, byFunc, "main.main")
			require.Contains(t, byFunc, "main.mix")
			require.Equal(t, 1, byFunc["main.main"].OSR, "main's loop moved to compiled code once")
			require.Empty(t, rep.NotCompiled)
		})
	}
}

func TestForcedLevel(t *testing.T) {
	failing := fakeTier(2, 8)
	failing.Compile = func(_ *bc.Program, fn int, _ Hints) (vm.Code, error) {
		return nil, errUnsupported
	}
	out, rep, _ := run(t, hotProgram, "off", Options{Level: "2", Tiers: []Tier{fakeTier(1, 2), failing}})
	require.Equal(t, hotOutput, out)
	require.NotEmpty(t, rep.Events)
	for _, e := range rep.Events {
		require.True(t, e.Forced)
		require.Equal(t, 1, e.To, "L2 failed, so L1")
	}
	require.NotEmpty(t, rep.NotCompiled)
	require.Contains(t, rep.NotCompiled[0].Reason, "L2 cannot compile it: unsupported")

	prog, _ := vm.Compile("hot.go", []byte(hotProgram))
	_, err := New(vm.New(prog, vm.Options{}), prog, Options{Level: "3", Tiers: []Tier{fakeTier(1, 2)}})
	require.ErrorContains(t, err, "there is no level 3")
	_, err = New(vm.New(prog, vm.Options{}), prog, Options{Level: "x"})
	require.Error(t, err)
}

type testError string

func (e testError) Error() string { return string(e) }

const errUnsupported = testError("unsupported")

// hotOutput is what hotProgram prints (checked against go run).
var hotOutput = map[bool]string{false: "983433 54999903\n", true: "427958 7750667\n"}[raceEnabled]
