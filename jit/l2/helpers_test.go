//go:build amd64

package l2

import (
	"bytes"
	"strings"
	"testing"

	"github.com/jitvm/jitvm/vm"
	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// result is what a run of a program shows the outside world.
type result struct {
	stdout string
	trace  string // RuntimeError.WriteTrace
	code   int    // exit status
}

// run runs prog in a new machine after install has put code in it.
func run(t testing.TB, prog *bc.Program, install func(m *vm.Machine)) result {
	t.Helper()
	var out bytes.Buffer
	m := vm.New(prog, vm.Options{Stdout: &out})
	if install != nil {
		install(m)
	}
	err := m.Run()
	var tr strings.Builder
	if re, ok := err.(*vm.RuntimeError); ok {
		re.WriteTrace(&tr)
	} else if err != nil {
		if _, ok := err.(*vm.ExitError); !ok {
			t.Fatalf("run: %v", err)
		}
	}
	return result{out.String(), tr.String(), vm.ExitCode(err)}
}

// compileAll compiles every function L2 can compile; failed maps the others
// to the reason.
func compileAll(t testing.TB, prog *bc.Program, opts Options) (codes []*Code, failed map[string]string) {
	t.Helper()
	codes = make([]*Code, len(prog.Funcs))
	failed = map[string]string{}
	for fn, f := range prog.Funcs {
		c, err := Compile(prog, fn, opts)
		if err != nil {
			failed[f.Name] = err.Error()
			continue
		}
		codes[fn] = c
	}
	return codes, failed
}

// installer installs the codes of the functions pick selects.
func installer(codes []*Code, pick func(fn int) bool) func(m *vm.Machine) {
	return func(m *vm.Machine) {
		for fn, c := range codes {
			if c != nil && pick(fn) {
				m.Install(fn, c, 2, false)
			}
		}
	}
}

func compileSrc(t testing.TB, src string) *bc.Program {
	t.Helper()
	prog, err := vm.Compile("test.go", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return prog
}

func compileFile(t testing.TB, file string) *bc.Program {
	t.Helper()
	prog, err := vm.CompileFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return prog
}
