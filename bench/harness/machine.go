package harness

import (
	"os"
	"runtime"
	"strings"
)

// Machine is what the numbers were measured on.
type Machine struct {
	GOOS              string `json:"goos"`
	GOARCH            string `json:"goarch"`
	CPU               string `json:"cpu,omitempty"` // model name, family and model (cpuName)
	NumCPU            int    `json:"num_cpu"`
	Kernel            string `json:"kernel,omitempty"`
	PerfEventParanoid string `json:"perf_event_paranoid,omitempty"`
	Go                string `json:"go,omitempty"` // the baseline's toolchain
	Jitvm             string `json:"jitvm"`
}

func machineInfo(jitvm, goCmd string) Machine {
	m := Machine{GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, NumCPU: runtime.NumCPU(), Jitvm: jitvm}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		m.CPU = cpuName(string(b))
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	if b, err := os.ReadFile("/proc/sys/kernel/perf_event_paranoid"); err == nil {
		m.PerfEventParanoid = strings.TrimSpace(string(b))
	}
	if goCmd != "" {
		v := goVersion(goCmd)
		if f := strings.Fields(v); len(f) >= 3 {
			v = f[2]
		}
		m.Go = v
	}
	return m
}

// cpuName names the first processor of /proc/cpuinfo's text (the first
// value of each field wins): its model name, then its family and model
// numbers, which tell the microarchitecture where the name does not (a
// virtual machine's "AMD EPYC" is a Zen 4 at family 25 and a Zen 5 at
// family 26). The ratio of L1 to L0 depends on it: Zen 5's
// interpreter dispatch is cheap against a closure call (jit/l1's doc).
func cpuName(cpuinfo string) string {
	var name, family, model string
	for line := range strings.Lines(cpuinfo) {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		switch {
		case k == "model name" && name == "":
			name = v
		case k == "cpu family" && family == "":
			family = v
		case k == "model" && model == "":
			model = v
		}
	}
	switch {
	case family != "" && model != "":
		return strings.TrimSpace(name + " (family " + family + ", model " + model + ")")
	case name != "":
		return name
	}
	return ""
}
