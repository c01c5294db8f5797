package harness

import "syscall"

// maxRSSBytes is ru_maxrss in bytes: Linux counts it in KiB.
func maxRSSBytes(ru *syscall.Rusage) int64 { return ru.Maxrss * 1024 }
