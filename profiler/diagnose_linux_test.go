package profiler

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestDiagnose(t *testing.T) {
	d := Diagnose()
	var text bytes.Buffer
	d.WriteText(&text)
	t.Logf("\n%s", text.String())
	js, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s", js)

	// What it read must agree with the files.
	if b, err := os.ReadFile(paranoidPath); err == nil {
		want, _ := strconv.Atoi(strings.TrimSpace(string(b)))
		if d.Paranoid == nil || *d.Paranoid != want {
			t.Errorf("paranoid %v, file says %d", d.Paranoid, want)
		}
	}
	cpu := false
	for _, p := range d.PMUs {
		cpu = cpu || p == "cpu"
	}
	if _, err := os.Stat(pmuDir + "/cpu"); (err == nil) != cpu {
		t.Errorf("PMUs %v disagree with %s/cpu", d.PMUs, pmuDir)
	}
	if len(d.Probes) != 3 || d.Probes[2].Source != SourceTimer || !d.Probes[2].OK {
		t.Errorf("probes %+v: want perf-hw, perf-sw, timer with timer working", d.Probes)
	}
	// The source auto picked is the first probe that worked.
	for _, p := range d.Probes {
		if p.OK {
			if d.Auto != p.Source {
				t.Errorf("auto picked %s, but the first working probe is %s", d.Auto, p.Source)
			}
			break
		}
	}
	// This kind of machine (a VM: paranoid 2, no PMU, no seccomp) must
	// land on perf-sw with a notice-free fallback from perf-hw.
	if !d.HardwarePMU && d.Seccomp == 0 && d.Paranoid != nil && *d.Paranoid <= 2 {
		if d.Auto != SourcePerfSW || d.Notice != "" || len(d.AutoFallbacks) != 1 || d.AutoFallbacks[0].Errno != "ENOENT" {
			t.Errorf("auto = %s, notice %q, fallbacks %+v; want perf-sw after perf-hw ENOENT", d.Auto, d.Notice, d.AutoFallbacks)
		}
		if !regexp.MustCompile(`(?m)^  auto picks +perf-sw `).MatchString(text.String()) {
			t.Errorf("text does not say auto picks perf-sw")
		}
	}
}
