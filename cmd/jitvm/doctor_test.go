package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/jitvm/jitvm/profiler"
)

// machineFacts is what the doctor must agree with, read here independently
// of the profiler package.
type machineFacts struct {
	paranoid    int // -1: no perf_event_paranoid
	seccomp     string
	pmus        []string
	hardwarePMU bool
}

func readMachineFacts(t *testing.T) machineFacts {
	t.Helper()
	f := machineFacts{paranoid: -1}
	if b, err := os.ReadFile("/proc/sys/kernel/perf_event_paranoid"); err == nil {
		f.paranoid, _ = strconv.Atoi(strings.TrimSpace(string(b)))
	}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	for _, l := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(l, "Seccomp:"); ok {
			f.seccomp = strings.TrimSpace(v)
		}
	}
	ents, _ := os.ReadDir("/sys/bus/event_source/devices")
	for _, e := range ents {
		f.pmus = append(f.pmus, e.Name())
		f.hardwarePMU = f.hardwarePMU || e.Name() == "cpu" || strings.HasPrefix(e.Name(), "cpu_")
	}
	return f
}

// wantAuto is the source auto must pick given the facts, or "" when they
// do not decide it: with paranoid <= 2 and no seccomp filter, the process
// may sample its own threads in user space, so perf works; without a
// hardware PMU that is perf-sw.
func (f machineFacts) wantAuto() string {
	if f.paranoid < 0 || f.paranoid > 2 || f.seccomp != "0" {
		return ""
	}
	if f.hardwarePMU {
		return "perf-hw"
	}
	return "perf-sw"
}

// TestDoctor: "jitvm doctor" and "jitvm doctor --json" exit 0 and tell the
// truth about this machine (on the project's VM: paranoid 2, no seccomp,
// no hardware PMU, auto picks perf-sw).
func TestDoctor(t *testing.T) {
	facts := readMachineFacts(t)

	// line is the start of one of the doctor's aligned lines.
	line := func(key, value string) string { return fmt.Sprintf("  %-22s %s", key, value) }
	text, stderr, code := runMain(t, "doctor")
	t.Logf("jitvm doctor:\n%s", text)
	if code != 0 || stderr != "" {
		t.Errorf("doctor: status %d, stderr %q", code, stderr)
	}
	want := []string{
		line("seccomp", facts.seccomp+" ("),
		line("PMUs", strings.Join(facts.pmus, ", ")+":"),
		"probe perf-sw",
		line("probe timer", "ok:"),
		"auto picks",
	}
	if facts.paranoid >= 0 {
		want = append(want, line("perf_event_paranoid", strconv.Itoa(facts.paranoid)+" ("))
	}
	if a := facts.wantAuto(); a != "" {
		want = append(want, line("auto picks", a+" ("), line("probe "+a, "ok:"))
		if strings.Contains(text, "jitvm will print") {
			t.Errorf("doctor says jitvm would print a notice, but auto picks %s", a)
		}
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("doctor's text lacks %q", w)
		}
	}

	js, stderr, code := runMain(t, "doctor", "--json")
	if code != 0 || stderr != "" {
		t.Errorf("doctor --json: status %d, stderr %q", code, stderr)
	}
	var d profiler.Diagnosis
	if err := json.Unmarshal([]byte(js), &d); err != nil {
		t.Fatalf("doctor --json: %v\n%s", err, js)
	}
	if facts.paranoid >= 0 && (d.Paranoid == nil || *d.Paranoid != facts.paranoid) {
		t.Errorf("perf_event_paranoid %v, want %d", d.Paranoid, facts.paranoid)
	}
	if strconv.Itoa(d.Seccomp) != facts.seccomp || !slices.Equal(d.PMUs, facts.pmus) || d.HardwarePMU != facts.hardwarePMU {
		t.Errorf("seccomp %d, pmus %v, hardware %v; want %s, %v, %v", d.Seccomp, d.PMUs, d.HardwarePMU, facts.seccomp, facts.pmus, facts.hardwarePMU)
	}
	if len(d.Probes) != 3 {
		t.Errorf("probes: %+v", d.Probes)
	}
	if a := facts.wantAuto(); a != "" && (d.Auto != a || d.AutoSamples == 0 || d.Notice != "") {
		t.Errorf("auto %q with %d samples, notice %q; want %s", d.Auto, d.AutoSamples, d.Notice, a)
	}
	for _, p := range d.Probes {
		if p.Source == "timer" && (!p.OK || p.Samples == 0) {
			t.Errorf("the timer probe must work anywhere: %+v", p)
		}
	}
}

// TestDoctorArgs: doctor takes no arguments.
func TestDoctorArgs(t *testing.T) {
	if _, stderr, code := runMain(t, "doctor", "extra"); code != 1 || stderr != "jitvm doctor: takes no arguments, got [\"extra\"]\n" {
		t.Errorf("doctor extra: status %d, stderr %q", code, stderr)
	}
}
