package main

// --deny-perf installs a seccomp filter for the rest of the process, so these
// tests run the jitvm binary that the differential tests build (needJitvm) as
// a child process, against a kernel that really says no.

import (
	"path/filepath"
	"strings"
	"testing"
)

// childProgram is shares.go sized to about 0.2 s in the (race-free) binary.
func childProgram(t *testing.T) string {
	return writeProgram(t, "child.go", sharesSource(t, 150000, 30))
}

// TestDenyPerf: under --deny-perf auto falls back to timer; the program's
// output is that of a normal run, stderr has exactly one line, naming the
// seccomp filter and the errno, and the report lists the fallbacks.
func TestDenyPerf(t *testing.T) {
	bin := needJitvm(t)
	prog := childProgram(t)
	normal := run(t, bin, "run", prog)
	if normal.err != nil || normal.code != 0 || len(normal.stderr) != 0 {
		t.Fatalf("normal run: %v, status %d, stderr %q", normal.err, normal.code, normal.stderr)
	}
	for _, c := range []struct{ flag, errno string }{
		{"--deny-perf", "EACCES"}, // bare flag: eacces
		{"--deny-perf=eacces", "EACCES"},
		{"--deny-perf=eperm", "EPERM"},
	} {
		t.Run(strings.TrimPrefix(c.flag, "--"), func(t *testing.T) {
			report := filepath.Join(t.TempDir(), "r.json")
			got := run(t, bin, "run", c.flag, "--report="+report, prog)
			if got.err != nil {
				t.Fatal(got.err)
			}
			if got.code != 0 || string(got.stdout) != string(normal.stdout) {
				t.Errorf("status %d, stdout %q; want 0 and %q", got.code, got.stdout, normal.stdout)
			}
			ls := lines(string(got.stderr))
			if len(ls) != 1 {
				t.Fatalf("stderr has %d lines, want exactly 1:\n%s", len(ls), got.stderr)
			}
			t.Logf("stderr: %s", ls[0])
			for _, w := range []string{"jitvm: ", "seccomp", "(" + c.errno + ")", "timer"} {
				if !strings.Contains(ls[0], w) {
					t.Errorf("stderr line lacks %q", w)
				}
			}
			r, raw := readReport(t, report)
			p := r.Profiler
			if p.Requested != "auto" || p.Source != "timer" || p.Notice != ls[0] || p.Samples == 0 {
				t.Errorf("report: requested %q, source %q, %d samples, notice %q\n%s", p.Requested, p.Source, p.Samples, p.Notice, raw)
			}
			var sources []string
			for _, f := range p.Fallbacks {
				sources = append(sources, f.Source)
				if f.Errno != c.errno || !strings.Contains(f.Reason, "seccomp") {
					t.Errorf("fallback %+v: want errno %s and a reason naming seccomp", f, c.errno)
				}
			}
			if strings.Join(sources, ",") != "perf-hw,perf-sw" {
				t.Errorf("fallbacks from %v, want perf-hw then perf-sw", sources)
			}
		})
	}
}

// TestDenyPerfForced: a forced perf source under --deny-perf fails the run
// with the reason, before the program starts; a forced timer does not care.
func TestDenyPerfForced(t *testing.T) {
	bin := needJitvm(t)
	prog := childProgram(t)
	for _, c := range []struct{ args, want []string }{
		{[]string{"--profiler=perf", "--deny-perf"}, []string{"jitvm run: --profiler=perf: perf-sw: ", "seccomp", "(EACCES)"}},
		{[]string{"--profiler=perf-sw", "--deny-perf=eperm"}, []string{"jitvm run: --profiler=perf-sw: perf_event_open blocked by a seccomp filter", "(EPERM)"}},
		{[]string{"--profiler=perf-hw", "--deny-perf=eacces"}, []string{"jitvm run: --profiler=perf-hw: ", "seccomp", "(EACCES)"}},
		{[]string{"--deny-perf=foo"}, []string{"jitvm run: --deny-perf=foo: unknown errno (want eacces, eperm or enosys)"}},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			got := run(t, bin, append(append([]string{"run"}, c.args...), prog)...)
			if got.err != nil {
				t.Fatal(got.err)
			}
			if got.code != 1 || len(got.stdout) != 0 {
				t.Errorf("status %d, stdout %q; want 1 and nothing (the program must not run)", got.code, got.stdout)
			}
			ls := lines(string(got.stderr))
			if len(ls) != 1 {
				t.Fatalf("stderr has %d lines, want 1:\n%s", len(ls), got.stderr)
			}
			t.Logf("stderr: %s", ls[0])
			for _, w := range c.want {
				if !strings.Contains(ls[0], w) {
					t.Errorf("stderr lacks %q", w)
				}
			}
		})
	}
	t.Run("timer", func(t *testing.T) {
		got := run(t, bin, "run", "--profiler=timer", "--deny-perf", prog)
		if got.err != nil || got.code != 0 || len(got.stderr) != 0 {
			t.Errorf("forced timer under --deny-perf: %v, status %d, stderr %q", got.err, got.code, got.stderr)
		}
	})
}

// TestDenyPerfPanic: when the program panics under a degraded profiler,
// stderr starts with the program's own panic, as Go's would, and the notice
// comes last, once.
func TestDenyPerfPanic(t *testing.T) {
	bin := needJitvm(t)
	prog := writeProgram(t, "panic.go", `package main

func main() {
	panic("boom")
}
`)
	got := run(t, bin, "run", "--deny-perf=eperm", prog)
	if got.err != nil {
		t.Fatal(got.err)
	}
	ls := lines(string(got.stderr))
	if got.code != 2 || len(ls) < 2 || ls[0] != "panic: boom" || !strings.Contains(ls[len(ls)-1], "(EPERM)") ||
		strings.Count(string(got.stderr), "seccomp") != 1 {
		t.Errorf("status %d, stderr:\n%s\nwant 2, the panic first and one notice last", got.code, got.stderr)
	}
}

// TestDoctorDenyPerf: the doctor under a seccomp filter says so, and that
// auto would use the timer.
func TestDoctorDenyPerf(t *testing.T) {
	bin := needJitvm(t)
	got := run(t, bin, "doctor", "--deny-perf=eperm")
	if got.err != nil || got.code != 0 {
		t.Fatalf("%v, status %d, stderr %q", got.err, got.code, got.stderr)
	}
	out := string(got.stdout)
	t.Logf("jitvm doctor --deny-perf=eperm:\n%s", out)
	for _, w := range []string{"seccomp                2 (filter)", "auto picks             timer (", "jitvm will print       jitvm: perf_event_open blocked by a seccomp filter", "(EPERM)"} {
		if !strings.Contains(out, w) {
			t.Errorf("doctor's text lacks %q", w)
		}
	}
}
