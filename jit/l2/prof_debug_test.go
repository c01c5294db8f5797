//go:build amd64

package l2

import (
	"os"
	"testing"
)

func TestProfileRun(t *testing.T) {
	if os.Getenv("P") == "" {
		t.Skip()
	}
	prog := compileFile(t, os.Getenv("P"))
	codes, _ := compileAll(t, prog, Options{})
	for i := 0; i < 5; i++ {
		run(t, prog, installer(codes, func(int) bool { return true }))
	}
}
