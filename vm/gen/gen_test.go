package gen

import (
	"bytes"
	"go/format"
	"os"
	"strconv"
	"testing"

	"github.com/jitvm/jitvm/vm"
)

// Every generated program compiles with jitvm (which type-checks with
// go/types: unused variables and imports, constant overflow and constant
// division by zero are errors there as in the Go toolchain), is gofmt'd,
// and the same seed gives the same program.
func TestProgramsCompile(t *testing.T) {
	n := 100
	if testing.Short() {
		n = 20
	}
	for seed := range int64(n) {
		src := Program(seed, Config{})
		if _, err := vm.Compile("gen.go", src); err != nil {
			t.Fatalf("seed %d: %v\n%s", seed, err, numbered(src))
		}
		if f, _ := format.Source(src); !bytes.Equal(f, src) {
			t.Fatalf("seed %d: not gofmt'd", seed)
		}
		if !bytes.Equal(Program(seed, Config{}), src) {
			t.Fatalf("seed %d: not deterministic", seed)
		}
	}
}

func numbered(src []byte) string {
	var b bytes.Buffer
	for i, l := range bytes.Split(src, []byte("\n")) {
		b.WriteString(itoa(i + 1))
		b.WriteString("\t")
		b.Write(l)
		b.WriteString("\n")
	}
	return b.String()
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// Without risk and aborts, programs run to the end: nothing panics and
// nothing exits.
func TestNoRisk(t *testing.T) {
	n := int64(30)
	if s := os.Getenv("GEN_NORISK_SEEDS"); s != "" {
		n, _ = strconv.ParseInt(s, 10, 64)
	}
	for seed := range n {
		src := Program(seed, Config{Risk: -1, Abort: -1})
		prog, err := vm.Compile("gen.go", src)
		if err != nil {
			t.Fatal(err)
		}
		if err := vm.New(prog, vm.Options{}).Run(); err != nil {
			t.Errorf("seed %d: %v", seed, err)
		}
	}
}
