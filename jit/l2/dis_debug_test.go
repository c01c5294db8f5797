//go:build amd64

package l2

import (
	"os"
	"testing"
)

func TestDisDebug(t *testing.T) {
	prog := compileFile(t, os.Getenv("F"))
	fn := prog.FuncIndex(os.Getenv("FN"))
	c, err := Compile(prog, fn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c.Disasm(os.Stdout)
}
