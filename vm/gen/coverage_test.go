package gen

import (
	"sort"
	"strings"
	"testing"

	"github.com/jitvm/jitvm/vm"
	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// The generated programs use every opcode the compiler emits for the
// language (a generator that stopped producing some construct would go
// unnoticed otherwise).
func TestOpcodeCoverage(t *testing.T) {
	n := 200
	if testing.Short() {
		n = 40
	}
	count := map[bc.Op]int{}
	for seed := range int64(n) {
		prog, err := vm.Compile("gen.go", Program(seed, Config{}))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range prog.Funcs {
			for _, in := range f.Code {
				count[in.Op()]++
			}
		}
	}
	var missing, rare []string
	for op := bc.Op(0); op < bc.NumOps; op++ {
		switch op.String() {
		case "NOP": // padding the compiler never emits
			continue
		}
		switch {
		case count[op] == 0:
			missing = append(missing, op.String())
		case count[op] < n/10:
			rare = append(rare, op.String())
		}
	}
	sort.Strings(rare)
	t.Logf("rare opcodes (in fewer than one program in ten): %s", strings.Join(rare, " "))
	if len(missing) > 0 {
		t.Errorf("opcodes no generated program uses: %s", strings.Join(missing, " "))
	}
}
