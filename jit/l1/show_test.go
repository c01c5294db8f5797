package l1

import (
	"fmt"
	"os"
	"testing"

	"github.com/jitvm/jitvm/vm"
)

// TestShow prints the L1 plan of a program's functions, for development:
//
//	L1_SHOW=prog.go [L1_FUNC=main.f] go test ./jit/l1 -run Show -v
func TestShow(t *testing.T) {
	file := os.Getenv("L1_SHOW")
	if file == "" {
		t.Skip("set L1_SHOW=prog.go")
	}
	prog, err := vm.CompileFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for fn := range prog.Funcs {
		if f := os.Getenv("L1_FUNC"); f != "" && prog.Funcs[fn].Name != f {
			continue
		}
		c, err := Compile(prog, fn)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Print(c)
	}
}
