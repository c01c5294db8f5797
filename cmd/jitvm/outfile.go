package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// outputFile is a file a run writes after the program stops (--report,
// --pprof). It is checked before the program runs, so that a long run does
// not end in "no such directory", and written to a temporary file in the
// same directory that is then renamed over FILE: readers see the whole
// file or none (or the previous one).
type outputFile struct {
	flag string // "--report", for messages
	path string
}

// checkOutputs refuses output files that cannot be written, or that would
// overwrite the program being run or each other.
func checkOutputs(source string, outs ...outputFile) error {
	seen := map[string]string{}
	for _, o := range outs {
		if o.path == "" {
			continue
		}
		abs, err := filepath.Abs(o.path)
		if err != nil {
			return fmt.Errorf("%s=%s: %v", o.flag, o.path, err)
		}
		if sameFile(abs, source) {
			return fmt.Errorf("%s=%s would overwrite the program being run", o.flag, o.path)
		}
		if other, ok := seen[abs]; ok {
			return fmt.Errorf("%s and %s name the same file %s", other, o.flag, o.path)
		}
		seen[abs] = o.flag
		if fi, err := os.Stat(abs); err == nil && fi.IsDir() {
			return fmt.Errorf("%s=%s is a directory", o.flag, o.path)
		}
		dir := filepath.Dir(abs)
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			return fmt.Errorf("%s=%s: directory %s does not exist", o.flag, o.path, dir)
		}
		// The file is written after the run: find out now whether it can be.
		probe, err := os.CreateTemp(dir, "."+filepath.Base(abs)+".*.tmp")
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return fmt.Errorf("%s=%s: cannot create files in %s: %v", o.flag, o.path, dir, err)
		}
		probe.Close()
		os.Remove(probe.Name())
	}
	return nil
}

// sameFile reports whether a and b are the same file: the same path, or,
// when both exist, the same inode (hard links, symbolic links).
func sameFile(a, b string) bool {
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	if errA == nil && errB == nil && absA == absB {
		return true
	}
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}

// write writes the file through fill, atomically: into a temporary file in
// the same directory, synced, then renamed over the path.
func (o outputFile) write(fill func(io.Writer) error) (err error) {
	dir, base := filepath.Split(o.path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	w := bufio.NewWriter(tmp)
	if err := fill(w); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	// CreateTemp makes the file 0600; an output file is an ordinary file.
	if err := tmp.Chmod(0o644); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), o.path)
}
