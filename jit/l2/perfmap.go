package l2

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// PerfMap writes Linux perf's map of JIT code, /tmp/perf-PID.map: one line
// per function, "START SIZE NAME" with START and SIZE in hex without 0x
// (torvalds/linux tools/perf/Documentation/jit-interface.txt). perf report
// reads it to name samples in code that no ELF file describes. Lines are
// appended as functions are compiled and never removed: perf reads the
// file after the process has exited, and uses the last line covering an
// address.
type PerfMap struct {
	mu   sync.Mutex
	f    *os.File
	w    *bufio.Writer
	path string
}

// OpenPerfMap creates (or appends to) the perf map of this process in dir,
// "" meaning /tmp, where perf looks.
func OpenPerfMap(dir string) (*PerfMap, error) {
	if dir == "" {
		dir = os.TempDir()
		if dir != "/tmp" {
			dir = "/tmp" // perf looks only there
		}
	}
	path := filepath.Join(dir, fmt.Sprintf("perf-%d.map", os.Getpid()))
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("l2: perf map: %w", err)
	}
	return &PerfMap{f: f, w: bufio.NewWriter(f), path: path}, nil
}

// Path returns the file's path.
func (p *PerfMap) Path() string { return p.path }

// PerfRange is one named address range of generated code.
type PerfRange struct {
	Start, End uintptr
	Name       string
}

// codeInfo is what perf map lines need from a Code.
type codeInfo interface {
	PerfRanges() []PerfRange
}

// Add writes the lines of one compiled function and flushes them (perf
// may read the file while the process runs, e.g. perf top). The body of
// an inlined call gets a line of its own, named after the callee, so that
// perf report shows the callee's samples as its own.
func (p *PerfMap) Add(c codeInfo) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.f == nil {
		return fmt.Errorf("l2: perf map closed")
	}
	for _, r := range c.PerfRanges() {
		fmt.Fprintf(p.w, "%x %x %s\n", r.Start, r.End-r.Start, r.Name)
	}
	return p.w.Flush()
}

// Close closes the file (it stays for perf to read).
func (p *PerfMap) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.f == nil {
		return nil
	}
	err := p.w.Flush()
	if cerr := p.f.Close(); err == nil {
		err = cerr
	}
	p.f = nil
	return err
}
