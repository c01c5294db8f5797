package vm

import "golang.org/x/sys/unix"

// machineMemory is the machine's memory and swap in bytes (0: unknown).
func machineMemory() int64 {
	var si unix.Sysinfo_t
	if err := unix.Sysinfo(&si); err != nil {
		return 0
	}
	unit := int64(si.Unit)
	if unit == 0 {
		unit = 1
	}
	return (int64(si.Totalram) + int64(si.Totalswap)) * unit
}
