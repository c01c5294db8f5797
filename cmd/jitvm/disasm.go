package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/jitvm/jitvm/jit/l1"
	"github.com/jitvm/jitvm/jit/l2"
	"github.com/jitvm/jitvm/vm/bytecode"
)

func newDisasmCmd(stdout, stderr io.Writer) *cobra.Command {
	var level int
	cmd := &cobra.Command{
		Use:   "disasm [--level=0|1|2] FILE.go [FUNC]",
		Short: "Print a program's code at a level: bytecode with source lines (0), the L1 plan (1), machine code (2)",
		Args:  cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fail := func(format string, a ...any) error {
				setStatus(cmd, exitFailure)
				return argError(stderr, cmd, format, a...)
			}
			if len(args) < 1 || len(args) > 2 {
				return fail("want FILE.go and an optional function name")
			}
			if level < 0 || level > 2 {
				return fail("--level=%d: want 0, 1 or 2", level)
			}
			prog, ok := compile(args[0], stderr)
			if !ok {
				setStatus(cmd, exitFailure)
				return errors.New("compile failed")
			}
			src, _ := os.ReadFile(args[0])
			lines := strings.Split(string(src), "\n")
			fns := make([]int, 0, len(prog.Funcs))
			if len(args) == 2 {
				name := args[1]
				i := prog.FuncIndex(name)
				if i < 0 {
					i = prog.FuncIndex("main." + name)
				}
				if i < 0 {
					return fail("no function %q in %s", name, args[0])
				}
				fns = append(fns, i)
			} else {
				for i := range prog.Funcs {
					fns = append(fns, i)
				}
			}
			for _, fn := range fns {
				if err := disasm(stdout, prog, fn, level, lines); err != nil {
					return fail("%s: %v", prog.Funcs[fn].Name, err)
				}
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&level, "level", 0, "0: bytecode; 1: the L1 closure plan; 2: x86-64 machine code next to the bytecode")
	return cmd
}

// disasm prints function fn of prog at level.
func disasm(w io.Writer, prog *bytecode.Program, fn, level int, lines []string) error {
	switch level {
	case 1:
		c, err := l1.Compile(prog, fn)
		if err != nil {
			return err
		}
		fmt.Fprintln(w, c.String())
	case 2:
		c, err := l2.Compile(prog, fn, l2.Options{})
		if err != nil {
			return err
		}
		defer c.Free()
		return c.Disasm(w)
	default:
		prog.Disasm(w, fn, lines)
	}
	return nil
}
