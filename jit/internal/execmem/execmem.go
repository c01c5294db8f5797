package execmem

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// ErrExecDenied is matched (errors.Is) by errors from Load and Probe when the
// system refuses executable memory (EACCES or EPERM from mmap/mprotect).
var ErrExecDenied = errors.New("execmem: executable memory denied by the system")

// ErrFreed is returned when a Code is used after Free.
var ErrFreed = errors.New("execmem: code already freed")

// Error is a failed system call of this package.
type Error struct {
	Op  string // "mmap", "mprotect" or "munmap"
	Err error  // the errno (a unix.Errno)
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("execmem: %s: %v", e.Op, e.Err)
	if e.denied() {
		msg += " (executable memory denied: SELinux execmem, PaX or a seccomp filter?)"
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrExecDenied) true for EACCES and EPERM.
func (e *Error) Is(target error) bool { return target == ErrExecDenied && e.denied() }

func (e *Error) denied() bool {
	return errors.Is(e.Err, unix.EACCES) || errors.Is(e.Err, unix.EPERM)
}

// Code is machine code in a read+execute mapping of its own.
type Code struct {
	mu   sync.Mutex
	mem  []byte // the whole mapping (page-rounded); nil after Free
	size int    // bytes of code
	addr uintptr
}

var pageSize = os.Getpagesize()

// testHookBeforeProtect, if set, is called with the mapping after the code
// has been copied and before mprotect (tests check it is not executable).
var testHookBeforeProtect func(mem []byte)

// Load copies code into a new mapping and makes it read+execute.
func Load(code []byte) (*Code, error) {
	if len(code) == 0 {
		return nil, errors.New("execmem: empty code")
	}
	n := (len(code) + pageSize - 1) &^ (pageSize - 1)
	mem, err := unix.Mmap(-1, 0, n, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
	if err != nil {
		return nil, &Error{Op: "mmap", Err: err}
	}
	copy(mem, code)
	if testHookBeforeProtect != nil {
		testHookBeforeProtect(mem)
	}
	if err := unix.Mprotect(mem, unix.PROT_READ|unix.PROT_EXEC); err != nil {
		_ = unix.Munmap(mem)
		return nil, &Error{Op: "mprotect", Err: err}
	}
	return &Code{mem: mem, size: len(code), addr: uintptr(unsafe.Pointer(&mem[0]))}, nil
}

// Addr returns the address of the first byte of code (0 after Free).
func (c *Code) Addr() uintptr {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.mem == nil {
		return 0
	}
	return c.addr
}

// Len returns the number of bytes of code.
func (c *Code) Len() int { return c.size }

// Bytes returns the code as loaded. The slice is read-only memory: writing
// to it faults. Nil after Free.
func (c *Code) Bytes() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.mem == nil {
		return nil
	}
	return c.mem[:c.size:c.size]
}

// Free unmaps the code. The caller guarantees no thread is executing it or
// will jump to it. A second Free returns ErrFreed.
func (c *Code) Free() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.mem == nil {
		return ErrFreed
	}
	if err := unix.Munmap(c.mem); err != nil {
		return &Error{Op: "munmap", Err: err}
	}
	c.mem = nil
	return nil
}

// Probe reports whether this process may create executable memory: it loads
// one RET instruction and frees it. A nil error means L2 can be used; an
// error matching ErrExecDenied means the system forbids it.
func Probe() error {
	c, err := Load([]byte{0xC3})
	if err != nil {
		return err
	}
	return c.Free()
}
