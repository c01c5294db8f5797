package l1

import (
	"fmt"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jitvm/jitvm/vm"
	"github.com/jitvm/jitvm/vm/gen"
)

// Random programs (vm/gen) behave the same at L0, with every function at
// L1 and with every other one: output, panic with its stack trace, and
// exit status. A failing seed reproduces with jitvm-fuzz -n 1 -seed N.
func TestRandomPrograms(t *testing.T) {
	n, first := 200, int64(1)
	switch {
	case raceEnabled:
		n = 20
	case testing.Short():
		n = 40
	}
	// L1_RANDOM=N[,FIRST] runs N programs from seed FIRST, risky ones.
	cfg := gen.Config{}
	if v := os.Getenv("L1_RANDOM"); v != "" {
		fmt.Sscanf(v, "%d,%d", &n, &first)
		cfg.Risk = 0.1
	}
	for seed := first; seed < first+int64(n); seed++ {
		src := gen.Program(seed, cfg)
		prog, err := vm.Compile(fmt.Sprintf("seed%d.go", seed), src)
		require.NoError(t, err, "seed %d", seed)
		want := run(t, prog, none)
		for _, cfg := range []struct {
			name string
			pick func(int) bool
		}{{"all", all}, {"even", func(fn int) bool { return fn%2 == 0 }}} {
			got := run(t, prog, cfg.pick)
			require.Equal(t, want, got, "seed %d, %s:\n%s", seed, cfg.name, src)
		}
	}
}
