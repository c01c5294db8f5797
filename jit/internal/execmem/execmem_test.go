package execmem

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	seccomp "github.com/elastic/go-seccomp-bpf"
	"golang.org/x/sys/unix"
)

type mapping struct {
	lo, hi uintptr
	perms  string
	path   string
}

func readMaps(t *testing.T) []mapping {
	t.Helper()
	ms, err := parseMaps()
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

func parseMaps() ([]mapping, error) {
	data, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		return nil, err
	}
	var ms []mapping
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 5 {
			continue
		}
		lohi := strings.SplitN(f[0], "-", 2)
		lo, _ := strconv.ParseUint(lohi[0], 16, 64)
		hi, _ := strconv.ParseUint(lohi[1], 16, 64)
		m := mapping{lo: uintptr(lo), hi: uintptr(hi), perms: f[1]}
		if len(f) >= 6 {
			m.path = f[5]
		}
		ms = append(ms, m)
	}
	return ms, sc.Err()
}

// permsAt returns the permissions of the mapping containing addr ("" if none).
func permsAt(ms []mapping, addr uintptr) string {
	for _, m := range ms {
		if addr >= m.lo && addr < m.hi {
			return m.perms
		}
	}
	return ""
}

func checkNoWX(t *testing.T, ms []mapping) {
	t.Helper()
	for _, m := range ms {
		if m.perms[1] == 'w' && m.perms[2] == 'x' {
			t.Errorf("mapping %#x-%#x %s %s is writable and executable", m.lo, m.hi, m.perms, m.path)
		}
	}
}

func TestLoadPermissions(t *testing.T) {
	code := []byte{0x48, 0x89, 0xC8, 0xC3} // MOV RAX, RCX; RET
	var during string
	testHookBeforeProtect = func(mem []byte) {
		ms := readMaps(t)
		during = permsAt(ms, uintptr(unsafe.Pointer(&mem[0])))
		checkNoWX(t, ms)
	}
	defer func() { testHookBeforeProtect = nil }()
	c, err := Load(code)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Free()
	if during != "rw-p" {
		t.Errorf("while copying, the region is %q, want rw-p", during)
	}
	ms := readMaps(t)
	if p := permsAt(ms, c.Addr()); p != "r-xp" {
		t.Errorf("after Load, the region is %q, want r-xp", p)
	}
	checkNoWX(t, ms)
	if !bytes.Equal(c.Bytes(), code) || c.Len() != len(code) {
		t.Errorf("Bytes() = % x, want % x", c.Bytes(), code)
	}
	if c.Addr()%uintptr(pageSize) != 0 {
		t.Errorf("code at %#x is not page-aligned", c.Addr())
	}
}

func TestWritingCodeFaults(t *testing.T) {
	c, err := Load([]byte{0xC3})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Free()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	faulted := func() (f bool) {
		defer func() { f = recover() != nil }()
		c.Bytes()[0] = 0xCC
		return false
	}()
	if !faulted {
		t.Fatal("writing to loaded code did not fault: the region is writable")
	}
}

func TestNoLeakedMappings(t *testing.T) {
	rx := func() (n int, size uintptr) {
		for _, m := range readMaps(t) {
			if m.perms == "r-xp" && m.path == "" {
				n++
				size += m.hi - m.lo
			}
		}
		return
	}
	n0, size0 := rx()
	var addrs []uintptr
	live := make([]*Code, 0, 16)
	for i := range 2000 {
		code := bytes.Repeat([]byte{0x90}, 1+i%(3*pageSize))
		c, err := Load(code)
		if err != nil {
			t.Fatal(err)
		}
		addrs = append(addrs, c.Addr())
		live = append(live, c)
		if len(live) == cap(live) || i == 1999 {
			for _, c := range live {
				if err := c.Free(); err != nil {
					t.Fatal(err)
				}
			}
			live = live[:0]
		}
	}
	n1, size1 := rx()
	if n1 != n0 || size1 != size0 {
		t.Errorf("anonymous r-x mappings: %d (%d bytes) before, %d (%d bytes) after 2000 Load/Free", n0, size0, n1, size1)
	}
	ms := readMaps(t)
	for _, a := range addrs {
		if p := permsAt(ms, a); strings.Contains(p, "x") {
			t.Fatalf("freed code at %#x is still mapped %s", a, p)
		}
	}
	checkNoWX(t, ms)
}

func TestFreeTwiceAndEmpty(t *testing.T) {
	c, err := Load([]byte{0xC3})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Free(); err != nil {
		t.Fatal(err)
	}
	if err := c.Free(); !errors.Is(err, ErrFreed) {
		t.Errorf("second Free: %v, want ErrFreed", err)
	}
	if c.Addr() != 0 || c.Bytes() != nil {
		t.Error("Addr/Bytes after Free should be empty")
	}
	if _, err := Load(nil); err == nil {
		t.Error("Load(nil) succeeded")
	}
}

func TestErrorClassification(t *testing.T) {
	for _, tc := range []struct {
		errno  unix.Errno
		denied bool
	}{
		{unix.EACCES, true}, {unix.EPERM, true}, {unix.ENOMEM, false}, {unix.EINVAL, false},
	} {
		err := error(&Error{Op: "mprotect", Err: tc.errno})
		if errors.Is(err, ErrExecDenied) != tc.denied {
			t.Errorf("%v: errors.Is(ErrExecDenied) = %v", tc.errno, !tc.denied)
		}
		if !errors.Is(err, tc.errno) {
			t.Errorf("%v: errno not reachable through errors.Is", tc.errno)
		}
	}
}

const childEnv = "JITVM_EXECMEM_SECCOMP_CHILD"

// TestDeniedBySeccomp runs this test binary again in a child process that
// installs a seccomp filter refusing PROT_EXEC in mmap/mprotect/pkey_mprotect
// (what a locked-down container or SELinux's execmem denial look like), and
// checks that Probe and Load fail with ErrExecDenied and leave no mapping.
func TestDeniedBySeccomp(t *testing.T) {
	if mode := os.Getenv(childEnv); mode != "" {
		seccompChild(mode)
		return
	}
	if !seccomp.Supported() {
		t.Skip("seccomp not supported")
	}
	for _, mode := range []string{"EACCES", "EPERM"} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestDeniedBySeccomp$", "-test.count=1")
		cmd.Env = append(os.Environ(), childEnv+"="+mode)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s child: %v\n%s", mode, err, out)
		}
		if !strings.Contains(string(out), "child ok") {
			t.Fatalf("%s child did not report:\n%s", mode, out)
		}
		t.Logf("%s: %s", mode, firstLine(out))
	}
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(string(b), "\n")
	return s
}

func seccompChild(mode string) {
	errno := unix.EACCES
	action := seccomp.ActionErrno | seccomp.Action(unix.EACCES)
	if mode == "EPERM" {
		errno = unix.EPERM
		action = seccomp.ActionErrno // the default errno is EPERM
	}
	protExec := []seccomp.Condition{{Argument: 2, Operation: seccomp.BitsSet, Value: unix.PROT_EXEC}}
	runtime.LockOSThread()
	err := seccomp.LoadFilter(seccomp.Filter{
		NoNewPrivs: true,
		Flag:       seccomp.FilterFlagTSync,
		Policy: seccomp.Policy{
			DefaultAction: seccomp.ActionAllow,
			Syscalls: []seccomp.SyscallGroup{{
				Action: action,
				NamesWithCondtions: []seccomp.NameWithConditions{
					{Name: "mmap", Conditions: protExec},
					{Name: "mprotect", Conditions: protExec},
					{Name: "pkey_mprotect", Conditions: protExec},
				},
			}},
		},
	})
	runtime.UnlockOSThread()
	fail := func(format string, args ...any) {
		fmt.Printf("child FAILED: "+format+"\n", args...)
		os.Exit(1)
	}
	if err != nil {
		fail("loading the filter: %v", err)
	}
	var mapped []uintptr // every mapping a Load made before mprotect failed
	testHookBeforeProtect = func(mem []byte) { mapped = append(mapped, uintptr(unsafe.Pointer(&mem[0]))) }
	perr := Probe()
	if !errors.Is(perr, ErrExecDenied) || !errors.Is(perr, errno) {
		fail("Probe: %v, want ErrExecDenied with %v", perr, errno)
	}
	for range 100 {
		if c, err := Load([]byte{0xC3}); err == nil || !errors.Is(err, ErrExecDenied) {
			fail("Load: %v, %v", c, err)
		}
	}
	if len(mapped) != 101 {
		fail("%d mappings made, want 101", len(mapped))
	}
	ms := readMapsNoT()
	for _, a := range mapped {
		if p := permsAt(ms, a); p != "" {
			fail("a failed Load left its mapping at %#x (%s)", a, p)
		}
	}
	fmt.Printf("child ok: %v\n", perr)
}

func readMapsNoT() []mapping {
	ms, err := parseMaps()
	if err != nil {
		fmt.Printf("child FAILED: %v\n", err)
		os.Exit(1)
	}
	return ms
}
