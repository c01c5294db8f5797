//go:build !linux

package vm

// machineMemory is the machine's memory and swap in bytes (0: unknown).
func machineMemory() int64 { return 0 }
