package gen

import (
	"bytes"
	"strings"
	"testing"

	"github.com/jitvm/jitvm/vm"
)

// runL0 runs a program in the interpreter and returns its output and
// panic message.
func runL0(t *testing.T, src []byte) (string, string) {
	prog, err := vm.Compile("prog.go", src)
	if err != nil {
		t.Fatalf("candidate does not compile: %v", err)
	}
	var out bytes.Buffer
	err = vm.New(prog, vm.Options{Stdout: &out}).Run()
	if re, ok := err.(*vm.RuntimeError); ok {
		return out.String(), re.Error()
	}
	return out.String(), ""
}

// The minimizer keeps what the predicate needs and removes the rest: a
// program that panics shrinks to a few lines that still panic the same
// way, and every candidate it shows the predicate compiles.
func TestMinimizeKeepsThePanic(t *testing.T) {
	var seed int64
	var src []byte
	var msg string
	for seed = 0; ; seed++ {
		src = Program(seed, Config{})
		if _, msg = runL0(t, src); strings.Contains(msg, "index out of range") {
			break
		}
	}
	kind := msg[:strings.Index(msg, "[")]
	small := Minimize(src, func(c []byte) bool {
		_, m := runL0(t, c)
		return strings.HasPrefix(m, kind)
	}, MinimizeOptions{})
	if _, m := runL0(t, small); !strings.HasPrefix(m, kind) {
		t.Fatalf("the minimized program lost the panic: %q\n%s", m, small)
	}
	if n := bytes.Count(small, []byte("\n")); n > 60 {
		t.Errorf("seed %d: minimized to %d lines, want a few:\n%s", seed, n, small)
	}
	t.Logf("seed %d: %s -> %s:\n%s", seed, Describe(src), Describe(small), small)
}

// Fix repairs what deleting statements breaks.
func TestFix(t *testing.T) {
	src := []byte(`package main

import (
	"fmt"
	"math"
)

func main() {
	x := 1
	y := 2
L:
	for i := range 3 {
		_ = i
	}
	fmt.Println(y)
}
`)
	fixed := Fix(src)
	if fixed == nil {
		t.Fatal("not fixed")
	}
	for _, want := range []string{"_ = x", "for i := range 3"} {
		if !bytes.Contains(fixed, []byte(want)) {
			t.Errorf("fixed program lacks %q:\n%s", want, fixed)
		}
	}
	for _, gone := range []string{`"math"`, "L:"} {
		if bytes.Contains(fixed, []byte(gone)) {
			t.Errorf("fixed program still has %q:\n%s", gone, fixed)
		}
	}
	if Fix([]byte("package main\n\nfunc main() { undefined() }\n")) != nil {
		t.Error("a program with another error was fixed")
	}
}
