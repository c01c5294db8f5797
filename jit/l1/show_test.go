package l1

import (
	"fmt"
	"os"
	"testing"

	"github.com/jitvm/jitvm/vm"
)

func TestShow(t *testing.T) {
	prog, err := vm.CompileFile(os.Getenv("PROG"))
	if err != nil {
		t.Fatal(err)
	}
	for fn := range prog.Funcs {
		if f := os.Getenv("FN"); f != "" && prog.Funcs[fn].Name != f {
			continue
		}
		c, err := Compile(prog, fn)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Print(c)
	}
}
