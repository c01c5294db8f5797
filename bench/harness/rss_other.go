//go:build !linux

package harness

import "syscall"

// maxRSSBytes is ru_maxrss in bytes: the BSDs and macOS count it in bytes.
func maxRSSBytes(ru *syscall.Rusage) int64 { return int64(ru.Maxrss) }
