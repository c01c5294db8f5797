package harness

import (
	"bufio"
	"os"
	"runtime"
	"strings"
)

// Machine is what the numbers were measured on.
type Machine struct {
	GOOS              string `json:"goos"`
	GOARCH            string `json:"goarch"`
	CPU               string `json:"cpu,omitempty"`
	NumCPU            int    `json:"num_cpu"`
	Kernel            string `json:"kernel,omitempty"`
	PerfEventParanoid string `json:"perf_event_paranoid,omitempty"`
	Go                string `json:"go,omitempty"` // the baseline's toolchain
	Jitvm             string `json:"jitvm"`
}

func machineInfo(jitvm, goCmd string) Machine {
	m := Machine{GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, NumCPU: runtime.NumCPU(), Jitvm: jitvm}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
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
