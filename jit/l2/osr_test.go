//go:build amd64

package l2

import (
	"bytes"
	"testing"

	"github.com/jitvm/jitvm/vm"
)

// installer is a tier for one function whose Enter installs other code
// while the program runs (as the background JIT does), then runs the
// function in the interpreter.
type installerTier struct{ install func(m *vm.Machine) }

func (t installerTier) Enter(m *vm.Machine, base, pc int) {
	t.install(m)
	m.Interpret(pc)
}

func (installerTier) CanEnter(int) bool { return true }

const osrSrc = `package main

import "fmt"

var hits int

func tick(i int) { hits++ }

func main() {
	// Live across the loop headers: ints, floats, a bool, slices, a global.
	xs := make([]int, 50)
	fs := []float64{0.5, 1.5}
	acc, f, flag := 0, 0.25, false
	for i := 0; i < 200; i++ {
		tick(i)
		for j := 0; j < len(xs); j++ {
			xs[j] += i ^ j
			acc += xs[j] % 7
			f = f*0.5 + fs[j%2]
			flag = !flag
		}
	}
	fmt.Println(acc, f, flag, xs[7], hits)
}
`

// A frame of main running in the interpreter moves to its L2 code at a
// loop header when the code is installed with osr while the loop runs,
// with the loop's live values (ints, floats, bools, slices) taken from
// the frame window.
func TestOSREntry(t *testing.T) {
	prog := compileSrc(t, osrSrc)
	want := run(t, prog, nil)
	main := prog.Main
	code, err := Compile(prog, main, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(code.osr) < 2 {
		t.Fatalf("main has %d OSR entries, want one per loop header", len(code.osr))
	}
	for _, osr := range []bool{false, true} {
		var out bytes.Buffer
		m := vm.New(prog, vm.Options{Stdout: &out})
		installs := 0
		tick := prog.FuncIndex("main.tick")
		m.Install(tick, installerTier{func(m *vm.Machine) {
			if installs++; installs == 3 {
				m.Install(main, code, 2, osr)
			}
		}}, 1, false)
		if err := m.Run(); err != nil {
			t.Fatal(err)
		}
		if out.String() != want.stdout {
			t.Errorf("osr=%v: output %q, want %q", osr, out.String(), want.stdout)
		}
		if got := m.OSREntries(main); osr && got != 1 || !osr && got != 0 {
			t.Errorf("osr=%v: %d OSR entries", osr, got)
		}
	}
}

// Every loop header of every example's functions can be entered.
func TestCanEnter(t *testing.T) {
	prog := compileSrc(t, osrSrc)
	c, err := Compile(prog, prog.Main, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !c.CanEnter(0) {
		t.Error("cannot enter at pc 0")
	}
	for pc := range prog.Funcs[prog.Main].Code {
		_, header := c.osr[pc]
		if c.CanEnter(pc) != (pc == 0 || header) {
			t.Errorf("CanEnter(%d) = %v", pc, c.CanEnter(pc))
		}
	}
}
