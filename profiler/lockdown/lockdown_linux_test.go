package lockdown

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Filters are irreversible, so each test re-executes this test binary with
// childEnv set; TestMain then runs the named child instead of the tests and
// exits 0 only if every check in it passed.
const childEnv = "JITVM_LOCKDOWN_CHILD"

func TestMain(m *testing.M) {
	if name := os.Getenv(childEnv); name != "" {
		err := children[name]()
		if err != nil {
			fmt.Println("FAIL:", err)
			os.Exit(1)
		}
		fmt.Println("ok")
		os.Exit(0)
	}
	os.Exit(m.Run())
}

var children = map[string]func() error{
	"deny-perf-eacces": func() error { return denyPerfChild(unix.EACCES) },
	"deny-perf-eperm":  func() error { return denyPerfChild(unix.EPERM) },
	"deny-exec":        denyExecChild,
}

func runChild(t *testing.T, name string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+name)
	out, err := cmd.CombinedOutput()
	t.Logf("child %s:\n%s", name, out)
	if err != nil {
		t.Fatalf("child %s: %v", name, err)
	}
}

func TestDenyPerfEACCES(t *testing.T) { runChild(t, "deny-perf-eacces") }
func TestDenyPerfEPERM(t *testing.T)  { runChild(t, "deny-perf-eperm") }
func TestDenyExec(t *testing.T)       { runChild(t, "deny-exec") }

// openSoftwareEvent tries perf_event_open of task-clock on the calling thread.
func openSoftwareEvent() error {
	attr := unix.PerfEventAttr{
		Type:   unix.PERF_TYPE_SOFTWARE,
		Config: unix.PERF_COUNT_SW_TASK_CLOCK,
		Size:   uint32(unsafe.Sizeof(unix.PerfEventAttr{})),
		Bits:   unix.PerfBitExcludeKernel | unix.PerfBitExcludeHv,
	}
	fd, err := unix.PerfEventOpen(&attr, 0, -1, -1, unix.PERF_FLAG_FD_CLOEXEC)
	if err == nil {
		unix.Close(fd)
	}
	return err
}

// onNewThreads runs f on n fresh goroutines, each locked to its own thread,
// and returns the first error.
func onNewThreads(n int, f func() error) error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runtime.LockOSThread() // never unlocked: the thread dies with the goroutine
			errs[i] = f()
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

func denyPerfChild(errno unix.Errno) error {
	if err := openSoftwareEvent(); err != nil {
		// Without perf to begin with there is nothing to deny.
		fmt.Println("perf unavailable before the filter:", err)
	}
	if err := DenyPerf(errno); err != nil {
		return err
	}
	return onNewThreads(8, func() error {
		if err := openSoftwareEvent(); err != errno {
			return fmt.Errorf("perf_event_open after DenyPerf(%v): %v, want %v", errno, err, errno)
		}
		return nil
	})
}

func denyExecChild() error {
	if err := DenyExec(unix.EACCES); err != nil {
		return err
	}
	page := unix.Getpagesize()
	check := func() error {
		// mmap with PROT_EXEC is refused...
		if b, err := unix.Mmap(-1, 0, page, unix.PROT_READ|unix.PROT_EXEC, unix.MAP_ANON|unix.MAP_PRIVATE); err != unix.EACCES {
			if err == nil {
				unix.Munmap(b)
			}
			return fmt.Errorf("mmap PROT_EXEC: %v, want EACCES", err)
		}
		// ...and so is flipping a writable mapping to executable...
		b, err := unix.Mmap(-1, 0, page, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
		if err != nil {
			return fmt.Errorf("plain mmap: %v", err)
		}
		defer unix.Munmap(b)
		b[0] = 0xC3
		if err := unix.Mprotect(b, unix.PROT_READ|unix.PROT_EXEC); err != unix.EACCES {
			return fmt.Errorf("mprotect PROT_EXEC: %v, want EACCES", err)
		}
		// ...with pkey_mprotect too (pkey -1 = default key).
		_, _, e := unix.Syscall6(unix.SYS_PKEY_MPROTECT, uintptr(unsafe.Pointer(&b[0])), uintptr(page),
			unix.PROT_READ|unix.PROT_EXEC, ^uintptr(0), 0, 0)
		if e != unix.EACCES {
			return fmt.Errorf("pkey_mprotect PROT_EXEC: %v, want EACCES", e)
		}
		// Non-exec protection changes still work.
		if err := unix.Mprotect(b, unix.PROT_READ); err != nil {
			return fmt.Errorf("mprotect PROT_READ: %v", err)
		}
		return nil
	}
	if err := onNewThreads(4, check); err != nil {
		return err
	}
	// The Go runtime keeps working: allocation (new heap arenas are
	// mmapped), GC, growing stacks, new threads.
	var keep [][]byte
	for i := range 64 {
		keep = append(keep, make([]byte, 4<<20))
		keep[i][0] = byte(i)
	}
	runtime.GC()
	var deep func(int) int
	deep = func(n int) int {
		var pad [256]byte
		pad[n%256] = byte(n)
		if n == 0 {
			return int(pad[0])
		}
		return deep(n-1) + int(pad[n%256]) - int(byte(n))
	}
	deep(10000)
	keep = nil
	runtime.GC()
	var sb strings.Builder
	for range 1000 {
		sb.WriteString("grow the heap ")
	}
	return onNewThreads(16, func() error { return nil })
}
