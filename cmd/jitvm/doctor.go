package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/jitvm/jitvm/profiler"
	"github.com/jitvm/jitvm/profiler/lockdown"
)

// newDoctorCmd is "jitvm doctor": what this machine lets the profiler do,
// found by trying every source for real. It exits 0 whatever it finds: a
// machine without perf is a finding, not an error.
func newDoctorCmd(stdout, stderr io.Writer) *cobra.Command {
	var asJSON bool
	var denyPerf string
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Show what this machine allows the profiler (perf events, seccomp, PMUs) and what auto picks",
		Args:  cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 0 {
				setStatus(cmd, exitFailure)
				return argError(stderr, cmd, "takes no arguments, got %q", args)
			}
			if denyPerf != "" {
				errno, ok := denyPerfErrnos[strings.ToLower(denyPerf)]
				if !ok {
					setStatus(cmd, exitFailure)
					return argError(stderr, cmd, "--deny-perf=%s: unknown errno (want eacces, eperm or enosys)", denyPerf)
				}
				if err := lockdown.DenyPerf(errno); err != nil {
					fmt.Fprintf(stderr, "jitvm doctor: --deny-perf: %v\n", err)
				}
			}
			d := profiler.Diagnose()
			if asJSON {
				enc := json.NewEncoder(stdout)
				enc.SetIndent("", "  ")
				enc.Encode(d)
				return nil
			}
			d.WriteText(stdout)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the diagnosis as JSON")
	cmd.Flags().StringVar(&denyPerf, "deny-perf", "", "diagnose as if perf_event_open were denied: install a seccomp filter (eacces, eperm or enosys) first")
	cmd.Flags().Lookup("deny-perf").NoOptDefVal = "eacces"
	return cmd
}
