package profiler

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/pprof/profile"
)

// sampleProfile is a finished profile as a perf-sw session on a VM without
// a PMU would leave it.
func sampleProfile() (*Profile, []FuncInfo) {
	p := &Profile{
		Requested: SourceAuto, Source: SourcePerfSW,
		Fallbacks: []Fallback{{Source: SourcePerfHW, Errno: "ENOENT", Reason: "no hardware PMU (virtual machine?)"}},
		Period:    time.Millisecond,
		Start:     time.Unix(1700000000, 0),
		Wall:      3100 * time.Millisecond,
		Samples:   3000, PerFunc: []uint64{740, 2250, 0, 5}, Unattributed: 5,
		ThreadCPU: 3 * time.Second,
	}
	funcs := []FuncInfo{
		{Name: "light", File: "two.go", Line: 3},
		{Name: "heavy", File: "two.go", Line: 9},
		{Name: "never", File: "two.go", Line: 15},
		// index 3 has no FuncInfo: it gets a made-up name
	}
	return p, funcs
}

func TestWriteStats(t *testing.T) {
	p, funcs := sampleProfile()
	var b bytes.Buffer
	p.WriteStats(&b, funcs)
	got := b.String()
	want := `profiler: perf-sw, one sample per 1ms of VM-thread CPU (asked for auto)
  fallback from perf-hw: no hardware PMU (virtual machine?) (ENOENT)
  3000 samples in 3s of VM-thread CPU (3.1s wall): 1000/s, expected 1000/s
  lost 0, throttled 0, unattributed 5
   share  samples  function
   75.0%     2250  heavy          two.go:9
   24.7%      740  light          two.go:3
    0.2%        5  func#3
    0.2%        5  (no function)
`
	if got != want {
		t.Errorf("WriteStats:\n%s\nwant:\n%s", got, want)
	}
}

func TestReportJSON(t *testing.T) {
	p, funcs := sampleProfile()
	js, err := json.Marshal(p.Report(funcs))
	if err != nil {
		t.Fatal(err)
	}
	// Decode generically: these are the names cmd and scripts rely on.
	var r struct {
		Profiler struct {
			Source    string `json:"source"`
			Fallbacks []struct {
				Source, Errno, Reason string
			} `json:"fallbacks"`
			Samples uint64  `json:"samples"`
			Rate    float64 `json:"samples_per_cpu_second"`
		} `json:"profiler"`
		Functions []struct {
			Name    string  `json:"name"`
			Samples uint64  `json:"samples"`
			Share   float64 `json:"share"`
		} `json:"functions"`
	}
	if err := json.Unmarshal(js, &r); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s", js)
	if r.Profiler.Source != SourcePerfSW || r.Profiler.Samples != 3000 || r.Profiler.Rate != 1000 ||
		len(r.Profiler.Fallbacks) != 1 || r.Profiler.Fallbacks[0].Errno != "ENOENT" {
		t.Errorf("profiler section: %+v", r.Profiler)
	}
	if len(r.Functions) != 3 || r.Functions[0].Name != "heavy" || r.Functions[0].Samples != 2250 || r.Functions[0].Share != 0.75 {
		t.Errorf("functions: %+v", r.Functions)
	}
	// A profile without fallbacks still has a fallbacks array.
	if js, _ := json.Marshal((&Profile{Source: SourceOff}).Report(nil)); !strings.Contains(string(js), `"fallbacks":[]`) {
		t.Errorf("no fallbacks: %s", js)
	}
}

func TestWritePprof(t *testing.T) {
	p, funcs := sampleProfile()
	var b bytes.Buffer
	if err := WritePprof(&b, p, funcs); err != nil {
		t.Fatal(err)
	}
	pp, err := profile.Parse(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if len(pp.SampleType) != 2 || pp.SampleType[0].Type != "samples" || pp.SampleType[0].Unit != "count" ||
		pp.SampleType[1].Type != "cpu" || pp.SampleType[1].Unit != "nanoseconds" {
		t.Errorf("sample types %v %v", pp.SampleType[0], pp.SampleType[1])
	}
	if pp.PeriodType.Type != "cpu" || pp.PeriodType.Unit != "nanoseconds" || pp.Period != 1e6 {
		t.Errorf("period %v %d", pp.PeriodType, pp.Period)
	}
	got := map[string][2]int64{}
	for _, s := range pp.Sample {
		ln := s.Location[0].Line[0]
		key := ln.Function.Name
		if ln.Function.Filename != "" {
			key += "@" + ln.Function.Filename + ":" + strconv.FormatInt(ln.Line, 10)
		}
		got[key] = [2]int64{s.Value[0], s.Value[1]}
	}
	want := map[string][2]int64{
		"heavy@two.go:9": {2250, 2250e6},
		"light@two.go:3": {740, 740e6},
		"func#3":         {5, 5e6},
		"(no function)":  {5, 5e6},
	}
	if len(got) != len(want) {
		t.Errorf("samples %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %v, want %v", k, got[k], v)
		}
	}

	// The real consumer: go tool pprof must list the functions by name,
	// hottest first.
	if testing.Short() {
		t.Skip("go tool pprof in -short mode")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go on PATH")
	}
	file := filepath.Join(t.TempDir(), "cpu.pprof")
	if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(gobin, "tool", "pprof", "-top", file).CombinedOutput()
	t.Logf("go tool pprof -top:\n%s", out)
	if err != nil {
		t.Fatal(err)
	}
	// flat flat% sum% cum cum% name
	top := regexp.MustCompile(`(?m)^\s*(\S+)\s+([0-9.]+)%\s+\S+\s+\S+\s+\S+\s+(\S+)$`).FindAllStringSubmatch(string(out), -1)
	if len(top) < 2 || top[0][3] != "heavy" || top[0][1] != "2250ms" || top[0][2] != "75.00" || top[1][3] != "light" {
		t.Errorf("go tool pprof -top does not list heavy (2.25s) then light: %q", top)
	}
}
