// Package vm is jitvm's virtual machine: it compiles a Go source file in
// jitvm's language to register bytecode (Compile, through
// vm/internal/compiler) and runs it in the L0 interpreter (Machine).
//
// The bytecode and its frame layout are defined in vm/bytecode and described
// in docs/ARCHITECTURE.md. vm never imports jit/ or profiler/: the profiler
// reads the running function through Options.OnStart, and the JIT tiers
// plug in through the same frame layout.
package vm

import (
	"fmt"
	"io"
	"os"

	"github.com/jitvm/jitvm/vm/bytecode"
	"github.com/jitvm/jitvm/vm/internal/compiler"
)

// CompileError is a compile error with its position; it prints as
// FILE:LINE:COL: message.
type CompileError = compiler.Error

// Compile compiles Go source in jitvm's language. filename names the file in
// errors and stack traces. The error, if any, is a *CompileError.
func Compile(filename string, src []byte) (*bytecode.Program, error) {
	prog, err := compiler.Compile(filename, src)
	if err != nil {
		return nil, err
	}
	if err := bytecode.Verify(prog); err != nil {
		// The front end emitted something the interpreter could not run
		// safely: a bug in jitvm, reported rather than executed.
		return nil, fmt.Errorf("internal error: %w", err)
	}
	return prog, nil
}

// CompileFile reads and compiles a source file.
func CompileFile(filename string) (*bytecode.Program, error) {
	f, err := os.Open(filename)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// At most MaxSource bytes: /dev/zero (or a runaway generator) would
	// otherwise fill memory before the compiler saw anything.
	src, err := io.ReadAll(io.LimitReader(f, MaxSource+1))
	if err != nil {
		return nil, err
	}
	if len(src) > MaxSource {
		return nil, fmt.Errorf("%s: larger than %d MiB: too large for a program", filename, MaxSource>>20)
	}
	return Compile(filename, src)
}

// MaxSource is the largest source file CompileFile reads, 64 MiB: a
// program of 8 MB (a million statements) already takes 20 s and 800 MB to
// compile, as it does with go build.
const MaxSource = 64 << 20
