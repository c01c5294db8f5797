package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/jitvm/jitvm/vm"
	"github.com/jitvm/jitvm/vm/bytecode"
)

type vmProgram = bytecode.Program

type runFlags struct {
	maxStack int
}

func newRunCmd(stdout, stderr io.Writer) *cobra.Command {
	var fl runFlags
	cmd := &cobra.Command{
		Use:   "run [flags] FILE.go",
		Short: "Compile a program and run it",
		Args:  cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				setStatus(cmd, exitFailure)
				return argError(stderr, cmd, "want exactly one FILE.go, got %d arguments", len(args))
			}
			status := runProgram(args[0], fl, stdout, stderr)
			setStatus(cmd, status)
			if status != exitOK {
				return errors.New("failed")
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&fl.maxStack, "max-stack", vm.DefaultMaxFrames, "stop with a stack overflow beyond this call depth (frames)")
	return cmd
}

func runProgram(path string, fl runFlags, stdout, stderr io.Writer) int {
	prog, ok := compile(path, stderr)
	if !ok {
		return exitFailure
	}
	m := vm.New(prog, vm.Options{Stdout: stdout, MaxFrames: fl.maxStack})
	err := m.Run()
	var rerr *vm.RuntimeError
	var eerr *vm.ExitError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &eerr):
		return eerr.Code
	case errors.As(err, &rerr):
		rerr.WriteTrace(stderr)
		return exitPanic
	default:
		fmt.Fprintf(stderr, "jitvm: %v\n", err)
		return exitFailure
	}
}
