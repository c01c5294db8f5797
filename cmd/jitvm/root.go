package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/jitvm/jitvm/vm"
)

type statusKey struct{}

func withStatus(ctx context.Context, status *int) context.Context {
	if ctx == nil {
		ctx = context.Background()
	}
	return context.WithValue(ctx, statusKey{}, status)
}

// setStatus records the exit status a command wants.
func setStatus(cmd *cobra.Command, code int) {
	if p, ok := cmd.Context().Value(statusKey{}).(*int); ok {
		*p = code
	}
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "jitvm",
		Short:         "A bytecode VM for a Go subset, with a self-profiling JIT",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		fmt.Fprintf(stderr, "jitvm: %v\nRun '%s --help' for usage.\n", err, cmd.CommandPath())
		return printedError{err}
	})
	root.AddCommand(newRunCmd(stdout, stderr), newDisasmCmd(stdout, stderr), newDoctorCmd(stdout, stderr), newBenchCmd(stdout, stderr))
	return root
}

// compile compiles a file, printing a compile error as FILE:LINE:COL: msg.
func compile(path string, stderr io.Writer) (*vmProgram, bool) {
	prog, err := vm.CompileFile(path)
	if err != nil {
		var ce *vm.CompileError
		switch {
		case errors.As(err, &ce):
			fmt.Fprintln(stderr, ce.Error())
		case errors.Is(err, os.ErrNotExist):
			fmt.Fprintf(stderr, "jitvm: %s: no such file\n", path)
		default:
			fmt.Fprintf(stderr, "jitvm: %v\n", err)
		}
		return nil, false
	}
	return prog, true
}

// argError reports bad command-line arguments.
func argError(stderr io.Writer, cmd *cobra.Command, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	fmt.Fprintf(stderr, "jitvm %s: %s\n", cmd.Name(), strings.TrimSpace(msg))
	return printedError{errors.New(msg)}
}
