package profiler

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

const (
	paranoidPath = "/proc/sys/kernel/perf_event_paranoid"
	pmuDir       = "/sys/bus/event_source/devices"
)

// readProcEnv reads what the process can see about its perf permissions.
func readProcEnv() procEnv {
	e := procEnv{seccomp: -1}
	if b, err := os.ReadFile(paranoidPath); err == nil {
		if v, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
			e.paranoid, e.paranoidKnown = v, true
		}
	}
	st := readStatus()
	if v, ok := st["Seccomp"]; ok {
		if n, err := strconv.Atoi(v); err == nil {
			e.seccomp = n
		}
	}
	if v, ok := st["CapEff"]; ok {
		e.capEff, _ = strconv.ParseUint(v, 16, 64)
	}
	e.cpuPMU = hasCPUPMU(listPMUs())
	return e
}

// readStatus returns the "Key:\tvalue" lines of /proc/self/status.
func readStatus() map[string]string {
	m := map[string]string{}
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return m
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok {
			m[k] = strings.TrimSpace(v)
		}
	}
	return m
}

// listPMUs lists the event sources the kernel registered, sorted.
func listPMUs() []string {
	ents, err := os.ReadDir(pmuDir)
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// hasCPUPMU reports whether a core hardware PMU is listed: "cpu" on most
// machines, "cpu_core"/"cpu_atom" on hybrid Intel, "armv8_*" on arm64.
func hasCPUPMU(pmus []string) bool {
	for _, n := range pmus {
		if n == "cpu" || strings.HasPrefix(n, "cpu_") || strings.HasPrefix(n, "armv") {
			return true
		}
	}
	return false
}

// checkThread makes sure tid is a thread of this process: perf would
// happily sample another process's thread with the same user.
func checkThread(tid int) error {
	if _, err := os.Stat("/proc/self/task"); err != nil {
		return nil // no /proc to check with
	}
	if _, err := os.Stat("/proc/self/task/" + strconv.Itoa(tid)); err != nil {
		return fmt.Errorf("profiler: thread %d is not a thread of this process", tid)
	}
	return nil
}

// fillSystem adds what only Linux has to a Diagnosis.
func fillSystem(d *Diagnosis, env procEnv) {
	var u unix.Utsname
	if unix.Uname(&u) == nil {
		d.Kernel = unix.ByteSliceToString(u.Release[:]) + " " + unix.ByteSliceToString(u.Machine[:])
	}
	d.UID, d.EUID = os.Getuid(), os.Geteuid()
	st := readStatus()
	d.CapEff = st["CapEff"]
	d.NoNewPrivs = st["NoNewPrivs"] == "1"
}
