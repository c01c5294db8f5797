//go:build !linux

package main

import "os"

// terminalWidth: outside Linux the bench draws no progress bar.
func terminalWidth(*os.File) (int, bool) { return 0, false }
