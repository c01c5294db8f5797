//go:build !amd64

package l2

import (
	"errors"
	"fmt"
	"io"
	"runtime"

	"github.com/jitvm/jitvm/vm"
	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// errArch is why L2 does not exist here.
var errArch = fmt.Errorf("l2: native code needs amd64, this is %s", runtime.GOARCH)

// Available reports why L2 cannot run: it generates x86-64 code only.
func Available() error { return errArch }

// Compile always fails off amd64.
func Compile(prog *bc.Program, fn int, opts Options) (*Code, error) { return nil, errArch }

// Code is never created off amd64.
type Code struct{}

func (*Code) Enter(m *vm.Machine, base, pc int) { panic(errArch) }
func (*Code) CanEnter(pc int) bool              { return false }
func (*Code) Func() int                         { return -1 }
func (*Code) Name() string                      { return "" }
func (*Code) PerfName() string                  { return "" }
func (*Code) Range() (start, end uintptr)       { return 0, 0 }
func (*Code) PerfRanges() []PerfRange           { return nil }
func (*Code) Size() int                         { return 0 }
func (*Code) Free() error                       { return nil }
func (*Code) Disasm(w io.Writer) error          { return errors.New("l2: no native code off amd64") }

// CodeMap maps nothing off amd64.
type CodeMap struct{}

// NewCodeMap returns an empty code map.
func NewCodeMap(prog *bc.Program) *CodeMap { return &CodeMap{} }

// Lookup finds nothing.
func (*CodeMap) Lookup(ip uint64) (int32, bool) { return 0, false }
