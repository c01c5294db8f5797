package profiler

import (
	"os/exec"
	"strings"
	"testing"
)

// The profiler sees only a thread id and the published function: it must
// not depend on the VM, the JIT or the CLI (see doc.go).
func TestLayering(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go on PATH")
	}
	out, err := exec.Command(gobin, "list", "-deps", "-test", "./...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, bad := range []string{"github.com/jitvm/jitvm/vm", "github.com/jitvm/jitvm/jit", "github.com/jitvm/jitvm/cmd"} {
			if dep == bad || strings.HasPrefix(dep, bad+"/") {
				t.Errorf("profiler depends on %s", dep)
			}
		}
	}
}
