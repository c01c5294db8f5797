package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Bad input that is not a program of the language (testdata/errors has
// those, TestCompileErrors runs them): each is refused with exit status 1
// and one message, never a Go panic.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	file := func(name string, content []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	binary, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "dir.go")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
		want string // a regexp the first stderr line matches
	}{
		{"empty", []string{"run", file("empty.go", nil)}, `empty\.go:1:1: expected 'package', found 'EOF'$`},
		{"latin1", []string{"run", file("latin1.go", []byte("package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"caf\xe9\")\n}\n"))}, `latin1\.go:6:18: illegal UTF-8 encoding$`},
		{"nul", []string{"run", file("nul.go", []byte("package main\n\nfunc main() {\x00}\n"))}, `nul\.go:3:14: illegal character NUL$`},
		{"binary", []string{"run", file("binary.go", binary[:4096])}, `binary\.go:1:1: illegal character`},
		{"missing", []string{"run", filepath.Join(dir, "nosuch.go")}, `^jitvm: .*nosuch\.go: no such file$`},
		{"directory", []string{"run", sub}, `^jitvm: read .*dir\.go: is a directory$`},
		{"endless", []string{"run", "/dev/zero"}, `^jitvm: /dev/zero: larger than 64 MiB: too large for a program$`},
		{"no-file", []string{"run"}, `^jitvm run: want exactly one FILE\.go, got 0 arguments$`},
		{"two-files", []string{"run", "a.go", "b.go"}, `^jitvm run: want exactly one FILE\.go, got 2 arguments$`},
		{"unknown-flag", []string{"run", "--bogus", "a.go"}, `^jitvm: unknown flag: --bogus$`},
		{"unknown-command", []string{"bogus"}, `^jitvm: unknown command "bogus" for "jitvm"$`},
		{"max-stack-zero", []string{"run", "--max-stack=0", "a.go"}, `^jitvm run: --max-stack=0: must be at least 1 frame$`},
		{"max-stack-negative", []string{"run", "--max-stack=-5", "a.go"}, `^jitvm run: --max-stack=-5: must be at least 1 frame$`},
		{"max-heap-zero", []string{"run", "--max-heap=0", file("ok.go", []byte("package main\n\nfunc main() {}\n"))}, `^jitvm run: --max-heap=0: must be at least one byte$`},
		{"max-heap-word", []string{"run", "--max-heap=lots", filepath.Join(dir, "ok.go")}, `^jitvm run: --max-heap=lots: want a size like 256MB or 1GiB$`},
		{"timeout-negative", []string{"run", "--timeout=-1s", filepath.Join(dir, "ok.go")}, `^jitvm run: --timeout=-1s: must not be negative$`},
		{"report-unwritable", []string{"run", "--report=/sys/jitvm-report.json", filepath.Join(dir, "ok.go")}, `^jitvm run: --report=/sys/jitvm-report\.json: cannot create files in /sys: (permission denied|read-only file system)$`},
		{"deny-exec-bogus", []string{"run", "--deny-exec=bogus", filepath.Join(dir, "ok.go")}, `^jitvm run: --deny-exec=bogus: unknown errno \(want eacces or eperm\)$`},
	} {
		t.Run(c.name, func(t *testing.T) {
			stdout, stderr, code := runMain(t, c.args...)
			if code != exitFailure || stdout != "" {
				t.Errorf("exit status %d, stdout %q; want 1 and nothing", code, stdout)
			}
			first, _, _ := strings.Cut(stderr, "\n")
			if !regexp.MustCompile(c.want).MatchString(first) {
				t.Errorf("first stderr line %q, want a match of %q", first, c.want)
			}
			if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic") {
				t.Errorf("stderr looks like a Go crash:\n%s", stderr)
			}
		})
	}
}

// A Go panic inside jitvm (a bug in jitvm) is reported in one clear
// message, exit status 70, with the Go stack trace in a file and not on
// the terminal. The panic here comes from inside the VM's run, as a bug
// would: the program's output goes to a writer that panics.
func TestInternalError(t *testing.T) {
	prog := writeProgram(t, "ok.go", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfor i := range 100000 {\n\t\tfmt.Println(i)\n\t}\n}\n")
	for _, level := range limitLevels {
		t.Run("level="+level, func(t *testing.T) {
			var stderr bytes.Buffer
			code := doMain([]string{"run", "--level=" + level, prog}, panicWriter{}, &stderr)
			if code != exitInternal {
				t.Errorf("exit status %d, want %d", code, exitInternal)
			}
			want := regexp.MustCompile(`^jitvm: internal error: something impossible happened
jitvm: this is a bug in jitvm, not in the program\.
jitvm: please report it with the program and (\S+jitvm-crash-\S+\.txt)
$`)
			m := want.FindStringSubmatch(stderr.String())
			if m == nil {
				t.Fatalf("stderr:\n%s\nwant a match of:\n%s", stderr.String(), want)
			}
			defer os.Remove(m[1])
			details, err := os.ReadFile(m[1])
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{"jitvm run --level=" + level + " " + prog, "panic: something impossible happened", "goroutine ", "panicWriter.Write", "vm.(*Machine).Run", "cmd/jitvm.runProgram"} {
				if !strings.Contains(string(details), s) {
					t.Errorf("the crash file lacks %q:\n%s", s, details)
				}
			}
		})
	}
}

type panicWriter struct{}

func (panicWriter) Write([]byte) (int, error) { panic("something impossible happened") }
