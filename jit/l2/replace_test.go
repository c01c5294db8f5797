//go:build amd64

package l2

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/jitvm/jitvm/vm"
	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// pollTier runs main.poll(i, call) in Go: the loop of work's call
// number call stops when it returns 1.
type pollTier func(m *vm.Machine, i, call int) int

func (p pollTier) Enter(m *vm.Machine, base, pc int) {
	regs, _ := m.Regs()
	regs[base] = uint64(p(m, int(regs[base]), int(regs[base+1])))
}

func (pollTier) CanEnter(pc int) bool { return pc == 0 }

// work's loop keeps values of every kind live across its header: ints,
// float64s, a bool, slices (one reassigned in the loop), a global; it runs
// until main.poll says stop. main calls it twice: the first call (whose
// loop stops at once) enters work's code from Go, the second is a native
// call when main has L2 code.
const replaceSrc = `package main

import "fmt"

var hits int

func poll(i, call int) int { return 0 }

func step(x int) int { return x*3 + 1 }

func mixf(f, g float64) float64 { return f - g*0.5 }

func work(call int) (int, float64, bool, []int) {
	xs := make([]int, 64)
	ys := xs[1:]
	fs := []float64{0.5, 1.25, 2.0}
	acc, sum, k := call, 1, 0
	f, g := 0.5, 1.0
	flag := false
	for i := 0; ; i++ {
		j := i & 63
		xs[j] += step(i) ^ j
		acc += xs[j] % 7
		sum = sum*31 + acc
		f = mixf(f, fs[i%3])
		g += f / 3
		flag = !flag
		if i&8191 == 0 {
			hits++
			ys = xs[k&7:]
			k++
			if poll(i, call) != 0 {
				break
			}
		}
	}
	fmt.Println(acc, sum, f, g, flag, xs[5], len(ys), ys[3], k, hits)
	return acc + sum, f + g, flag, ys
}

func main() {
	for call := 0; call < 2; call++ {
		a, f, b, s := work(call)
		fmt.Println(a, f, b, len(s), s[0])
	}
}
`

// A loop nest whose inner loop indexes a row of a slice of slices that L2
// keeps only in registers (findVirtual): the frame cannot leave at the
// inner header, where the row is live but its slot stale, and leaves at
// the outer one. (The inner loop is short: a preemption request is seen
// at whichever header comes next, and one seen at the inner header is
// spent there.)
const replaceRowsSrc = `package main

import "fmt"

func poll(i, call int) int { return 0 }

func step(x int) int { return x*3 + 1 }

func work(call int) (int, float64, bool, []int) {
	m := make([][]int, 16)
	for i := range m {
		m[i] = make([]int, 4)
	}
	acc, f := call, 0.5
	for i := 0; ; i++ {
		s := step(i)
		row := m[i&15]
		for j := 0; j < len(row); j++ {
			row[j] += s ^ j
			acc += row[j] & 7
		}
		f = f*0.75 + float64(acc&3)
		if i&63 == 0 && poll(i, call) != 0 {
			break
		}
	}
	fmt.Println(acc, f, m[3][1], m[15][3])
	return acc, f, acc&1 == 0, m[5]
}

func main() {
	for call := 0; call < 2; call++ {
		a, f, b, s := work(call)
		fmt.Println(a, f, b, len(s), s[0])
	}
}
`

// replaceRun runs prog with old installed for main.work (and, if not
// nil, mainCode for main); at the first poll of work's second call it
// installs newer for work with osr, and it stops the loop three polls
// after the running frame moved. With old nil it is a reference run in
// the interpreter that stops the loop at poll stopAt. It returns the
// output, work's OSR entries and the number of polls of the second call.
func replaceRun(t *testing.T, prog *bc.Program, old, newer, mainCode *Code, stopAt int) (string, int, int) {
	t.Helper()
	work := prog.FuncIndex("main.work")
	var out bytes.Buffer
	m := vm.New(prog, vm.Options{Stdout: &out})
	if old != nil {
		m.Install(work, old, 2, false)
	}
	if mainCode != nil {
		m.Install(prog.Main, mainCode, 2, false)
	}
	// Preemption requests bring the frame to a loop header's exit, where
	// it moves: the runtime's time slice does (every 10 ms of running),
	// and so does a GC, which a goroutine keeps asking for.
	stop := make(chan struct{})
	gcs := make(chan struct{})
	hammer := func() {
		defer close(gcs)
		for {
			select {
			case <-stop:
				return
			default:
				runtime.GC()
			}
		}
	}
	defer func() {
		close(stop)
		<-gcs
	}()
	polls, after := 0, 0
	m.Install(prog.FuncIndex("main.poll"), pollTier(func(m *vm.Machine, i, call int) int {
		if call == 0 {
			return 1
		}
		polls++
		switch {
		case old == nil:
			if polls == stopAt {
				return 1
			}
		case polls == 1:
			m.Install(work, newer, 2, true)
			go hammer()
		case polls == 1<<20:
			return 1 // never moved: the test fails on the OSR count
		case m.OSREntries(work) > 0:
			// The new code runs the loop for a few rounds, then stops it.
			if after++; after == 3 {
				return 1
			}
		}
		return 0
	}), 1, false)
	if old == nil {
		close(gcs)
	}
	if err := m.Run(); err != nil {
		t.Fatal(err)
	}
	return out.String(), m.OSREntries(work), polls
}

// A frame running an L2 loop moves to newer L2 code of its function,
// installed with osr (compiled again, or compiled with inlining), at a
// loop header, and the run's output is the interpreter's for the same
// number of iterations: every value live at the header (ints, float64s,
// a bool, slices, in registers of either kind or in the window) reached
// the newer code. When main has L2 code, it calls work natively, and the
// old activation returns the newer code's results to main's code.
func TestReplaceRunningL2Frame(t *testing.T) {
	prog := compileSrc(t, replaceSrc)
	step, mixf := prog.FuncIndex("main.step"), prog.FuncIndex("main.mixf")
	inline := func(callee int) bool { return callee == step || callee == mixf }
	mainCode, err := Compile(prog, prog.Main, Options{Inline: NoInline})
	if err != nil {
		t.Fatal(err)
	}
	rows := compileSrc(t, replaceRowsSrc)
	for _, tc := range []struct {
		name     string
		prog     *bc.Program
		old, new Options
		mainCode *Code
		stay     int // loop headers the frame cannot leave at
	}{
		{"again", prog, Options{Inline: NoInline}, Options{Inline: NoInline}, nil, 0},
		{"inline", prog, Options{Inline: NoInline}, Options{Inline: inline}, nil, 0},
		{"inline/native-call", prog, Options{Inline: NoInline}, Options{Inline: inline}, mainCode, 0},
		{"virtual-row", rows, Options{Inline: NoInline}, Options{}, nil, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			prog := tc.prog
			work := prog.FuncIndex("main.work")
			if tc.new.Inline == nil {
				// Every callee but poll, which must stay a call to Go.
				poll := prog.FuncIndex("main.poll")
				tc.new.Inline = func(callee int) bool { return callee != poll }
			}
			old, err := Compile(prog, work, tc.old)
			if err != nil {
				t.Fatal(err)
			}
			newer, err := Compile(prog, work, tc.new)
			if err != nil {
				t.Fatal(err)
			}
			leave := 0
			for _, d := range old.exits {
				if d.kind == exPreempt && d.leave {
					leave++
				}
			}
			if want := len(old.osr) - tc.stay; leave != want || want < 1 {
				t.Fatalf("the frame can leave at %d of %d loop headers, want %d", leave, len(old.osr), want)
			}
			for pc := range old.osr {
				if !newer.CanEnter(pc) {
					t.Fatalf("the new code cannot enter at loop header pc %d", pc)
				}
			}
			got, entries, polls := replaceRun(t, prog, old, newer, tc.mainCode, 0)
			if entries != 1 {
				t.Errorf("%d OSR entries of work, want 1 (from the old L2 code to the new)", entries)
			}
			want, _, _ := replaceRun(t, prog, nil, nil, nil, polls)
			if got != want {
				t.Errorf("output:\n%s\nwant (L0, %d polls):\n%s", got, polls, want)
			}
			t.Logf("moved before poll %d", polls-2)
		})
	}
}
