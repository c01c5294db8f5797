package main

import (
	"errors"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

func newDisasmCmd(stdout, stderr io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "disasm FILE.go [FUNC]",
		Short: "Print a program's bytecode next to its source lines",
		Args:  cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) < 1 || len(args) > 2 {
				setStatus(cmd, exitFailure)
				return argError(stderr, cmd, "want FILE.go and an optional function name")
			}
			prog, ok := compile(args[0], stderr)
			if !ok {
				setStatus(cmd, exitFailure)
				return errors.New("compile failed")
			}
			src, _ := os.ReadFile(args[0])
			lines := strings.Split(string(src), "\n")
			if len(args) == 2 {
				name := args[1]
				i := prog.FuncIndex(name)
				if i < 0 {
					i = prog.FuncIndex("main." + name)
				}
				if i < 0 {
					setStatus(cmd, exitFailure)
					return argError(stderr, cmd, "no function %q in %s", name, args[0])
				}
				prog.Disasm(stdout, i, lines)
				return nil
			}
			for i := range prog.Funcs {
				prog.Disasm(stdout, i, lines)
			}
			return nil
		},
	}
}
