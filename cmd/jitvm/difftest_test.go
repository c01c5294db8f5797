package main

// Differential tests: the spine of jitvm's test suite.
//
// Every program in examples/ is built with `go build` (the reference) and also run with
// `jitvm run [flags] FILE` once per entry of configs. Stdout and the exit status must be equal.
// When the reference panics (exit status 2, stderr starting with "panic: "), the first stderr
// line must be equal too, and jitvm's stderr must carry a stack trace line "NAME.go:LINE".
// When the reference writes nothing to stderr, jitvm must not either.
//
// Programs in testdata/errors are outside the language subset or do not compile. Line 1 of each
// holds the expectation:
//
//	// ERROR: LINE:COL: substring of the message
//
// and jitvm must exit with status 1, printing "PATH:LINE:COL: message" as its first stderr line.
//
// Flags (after -args, or directly with go test):
//
//	-difftest.jitvm=PATH   use this jitvm binary instead of building cmd/jitvm
//	-difftest.bench        also run bench/programs (slow: 0.2-0.5 s native each)
//	-difftest.timeout=D    limit for one run of one program (default 3m)
//
// -short skips the long-running examples (see longRunning).

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// configs are the jitvm flag sets that every program runs under; each becomes a subtest named
// PROGRAM/CONFIG (for example TestExamples/fib/default). To cover a new tier or option, append
// an entry, e.g. {"l1", []string{"--level=1"}} or {"auto-noperf", []string{"--level=auto", "--deny-perf"}}.
var configs = []struct {
	name  string
	flags []string
}{
	{"default", nil},
	{"level0", []string{"--level=0"}},
	{"level1", []string{"--level=1"}},
	{"level2", []string{"--level=2"}},
	{"perf-sw", []string{"--profiler=perf-sw"}},
	{"timer", []string{"--profiler=timer"}},
	{"exact", []string{"--profiler=exact"}}, // the interpreter's counting loop variant
	{"deny-perf", []string{"--deny-perf"}},  // auto falls back to timer sampling, with one notice line
	{"deny-perf-level2", []string{"--deny-perf", "--level=2"}},
	{"deny-exec", []string{"--deny-exec"}},                     // no executable memory: L1 is the top tier
	{"deny-exec-level2", []string{"--deny-exec", "--level=2"}}, // L2 asked for, L1 given, one notice line
}

// notice matches the one line jitvm may add at the end of stderr when it
// degrades (perf blocked, executable memory denied); the comparison ignores it.
var notice = regexp.MustCompile(`(?m)^jitvm: .*(instead|top tier)\n\z`)

// longRunning are the benchmark-sized examples (20-100 ms native); -short skips them.
var longRunning = map[string]bool{
	"ackermann": true, "bintrees": true, "collatz": true, "fannkuch": true, "fib": true,
	"hotcall": true, "hotloop": true, "life": true, "mandelbrot": true, "matmul": true,
	"nbody": true, "nqueens": true, "primes": true, "quicksort": true, "sieve": true,
	"spectralnorm": true, "twofuncs": true,
}

const (
	examplesDir = "../../examples"
	errorsDir   = "../../testdata/errors"
	benchDir    = "../../bench/programs"
	jitvmPkg    = "github.com/jitvm/jitvm/cmd/jitvm"

	// minExamples is the smallest acceptable size of the example corpus.
	minExamples = 30
)

// goBuildFlags are used for the reference binaries. Since Go 1.26 the compiler may give a
// non-escaping slice a stack buffer on its first append, so cap() after append depends on
// escape analysis; threshold 0 turns that off and cap() follows the heap growth rule that an
// interpreter can reproduce. The examples print the same either way (checked when written).
var goBuildFlags = []string{"-gcflags=-d=variablemakethreshold=0"}

var (
	flagJitvm   = flag.String("difftest.jitvm", "", "path of a prebuilt jitvm binary (default: build "+jitvmPkg+")")
	flagBench   = flag.Bool("difftest.bench", false, "also run the programs in bench/programs")
	flagTimeout = flag.Duration("difftest.timeout", 3*time.Minute, "time limit for one run of one program")
)

// workDir holds the jitvm binary built for this test process.
var workDir string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "jitvm-difftest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "difftest:", err)
		os.Exit(2)
	}
	workDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// jitvmBinary builds cmd/jitvm once per test process and returns its path.
var jitvmBinary = sync.OnceValues(func() (string, error) {
	if *flagJitvm != "" {
		return filepath.Abs(*flagJitvm)
	}
	bin := filepath.Join(workDir, "jitvm")
	out, err := exec.Command("go", "build", "-o", bin, jitvmPkg).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build %s: %v\n%s", jitvmPkg, err, out)
	}
	return bin, nil
})

func needJitvm(t *testing.T) string {
	t.Helper()
	bin, err := jitvmBinary()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// TestExamples runs every example natively and under jitvm in every config.
func TestExamples(t *testing.T) {
	needJitvm(t)
	for _, path := range listPrograms(t, examplesDir) {
		name := programName(path)
		t.Run(name, func(t *testing.T) {
			if testing.Short() && longRunning[name] {
				t.Skip("long-running example skipped in -short mode")
			}
			t.Parallel()
			diffProgram(t, path)
		})
	}
}

// TestBenchPrograms runs the benchmark programs through the same comparison (opt-in: slow).
func TestBenchPrograms(t *testing.T) {
	if !*flagBench {
		t.Skip("enable with -difftest.bench")
	}
	needJitvm(t)
	for _, path := range listPrograms(t, benchDir) {
		t.Run(programName(path), func(t *testing.T) {
			t.Parallel()
			diffProgram(t, path)
		})
	}
}

// diffProgram runs the program at path as a Go binary, then under jitvm once per config (as
// subtests), and reports every difference.
func diffProgram(t *testing.T, path string) {
	jitvm := needJitvm(t)
	native, err := nativeBinary(path)
	if err != nil {
		t.Fatal(err)
	}
	want := run(t, native)
	if want.err != nil {
		t.Fatalf("reference binary: %v", want.err)
	}
	for _, cfg := range configs {
		t.Run(cfg.name, func(t *testing.T) {
			args := append([]string{"run"}, cfg.flags...)
			args = append(args, path)
			got := run(t, jitvm, args...)
			if got.err != nil {
				t.Fatalf("jitvm %s: %v", strings.Join(args, " "), got.err)
			}
			compareRuns(t, programName(path), want, got)
		})
	}
}

// compareRuns reports how got (jitvm) differs from want (the Go binary).
func compareRuns(t *testing.T, name string, want, got result) {
	t.Helper()
	got.stderr = notice.ReplaceAll(got.stderr, nil)
	if d := firstDiff(want.stdout, got.stdout); d != "" {
		t.Errorf("stdout differs: %s", d)
	}
	if got.code != want.code {
		t.Errorf("exit status: got %d, want %d; jitvm stderr:\n%s", got.code, want.code, clip(got.stderr))
	}
	if bytes.Contains(got.stderr, []byte("github.com/jitvm/jitvm/")) {
		t.Errorf("jitvm's stderr shows a frame of jitvm itself (an internal crash?):\n%s", clip(got.stderr))
	}
	switch {
	case len(want.stderr) == 0:
		if len(got.stderr) != 0 {
			t.Errorf("unexpected stderr from jitvm:\n%s", clip(got.stderr))
		}
	case want.code == 2 && bytes.HasPrefix(want.stderr, []byte("panic: ")):
		if w, g := firstLine(want.stderr), firstLine(got.stderr); w != g {
			t.Errorf("panic message:\n got: %q\nwant: %q", g, w)
		}
		// The innermost frame of the program comes first in both traces; its line must agree.
		trace := regexp.MustCompile(regexp.QuoteMeta(name+".go:") + `[0-9]+`)
		w, g := trace.Find(want.stderr), trace.Find(got.stderr)
		switch {
		case g == nil:
			t.Errorf("jitvm's stderr has no stack trace line %q:\n%s", name+".go:LINE", clip(got.stderr))
		case w != nil && !bytes.Equal(w, g):
			t.Errorf("panic location: got %s, want %s; jitvm's stderr:\n%s", g, w, clip(got.stderr))
		}
	default:
		if w, g := firstLine(want.stderr), firstLine(got.stderr); w != g {
			t.Errorf("first stderr line:\n got: %q\nwant: %q", g, w)
		}
	}
	if t.Failed() {
		t.Logf("native %v, jitvm %v", want.dur.Round(time.Millisecond), got.dur.Round(time.Millisecond))
	}
}

// errorLine is line 1 of every program in testdata/errors.
var errorLine = regexp.MustCompile(`^// ERROR: ([0-9]+):([0-9]+): (.+)$`)

type errorCase struct {
	path      string
	line, col int
	msg       string
}

func readErrorCase(path string) (errorCase, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return errorCase{}, err
	}
	m := errorLine.FindStringSubmatch(firstLine(src))
	if m == nil {
		return errorCase{}, fmt.Errorf("%s: line 1 must be %q", path, "// ERROR: LINE:COL: message")
	}
	line, _ := strconv.Atoi(m[1])
	col, _ := strconv.Atoi(m[2])
	return errorCase{path, line, col, strings.TrimSpace(m[3])}, nil
}

// TestCompileErrors checks that jitvm rejects each program in testdata/errors with exit status 1
// and a "PATH:LINE:COL: message" first stderr line that matches the file's ERROR comment.
func TestCompileErrors(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(errorsDir, "*.go"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no programs in %s (%v)", errorsDir, err)
	}
	needJitvm(t)
	for _, path := range paths {
		t.Run(programName(path), func(t *testing.T) {
			c, err := readErrorCase(path)
			if err != nil {
				t.Fatal(err)
			}
			t.Parallel()
			got := run(t, needJitvm(t), "run", path)
			if got.err != nil {
				t.Fatalf("jitvm run %s: %v", path, got.err)
			}
			if got.code != 1 {
				t.Errorf("exit status %d, want 1", got.code)
			}
			if len(got.stdout) != 0 {
				t.Errorf("stdout should be empty, got:\n%s", clip(got.stdout))
			}
			first := firstLine(got.stderr)
			prefix := fmt.Sprintf("%s:%d:%d: ", path, c.line, c.col)
			if !strings.HasPrefix(first, prefix) || !strings.Contains(first[min(len(prefix), len(first)):], c.msg) {
				t.Errorf("first stderr line:\n got: %q\nwant: %q followed by a message containing %q", first, prefix, c.msg)
			}
			for _, bad := range []string{"panic:", "goroutine "} {
				if bytes.Contains(got.stderr, []byte(bad)) {
					t.Errorf("stderr contains %q; jitvm crashed?\n%s", bad, clip(got.stderr))
				}
			}
		})
	}
}

// TestCorpus checks the program corpora themselves; it needs no jitvm: enough examples, each
// gofmt'd with a one-line description, a //go:build ignore line (so that `go build ./...` and
// `go vet ./...` skip the many main packages), package main, and only the allowed imports.
func TestCorpus(t *testing.T) {
	examples := listPrograms(t, examplesDir)
	if len(examples) < minExamples {
		t.Errorf("%s has %d programs, want at least %d", examplesDir, len(examples), minExamples)
	}
	bench, _ := filepath.Glob(filepath.Join(benchDir, "*.go"))
	allowed := map[string]bool{`"fmt"`: true, `"math"`: true, `"os"`: true}
	for _, path := range append(examples, bench...) {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(firstLine(src), "// ") {
			t.Errorf("%s: line 1 should be a comment saying what the program exercises", path)
		}
		if !bytes.Contains(src, []byte("\n//go:build ignore\n")) {
			t.Errorf("%s: missing //go:build ignore", path)
		}
		if formatted, err := format.Source(src); err != nil || !bytes.Equal(formatted, src) {
			t.Errorf("%s: not gofmt'd (%v)", path, err)
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.ImportsOnly)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if f.Name.Name != "main" {
			t.Errorf("%s: package %s, want main", path, f.Name.Name)
		}
		for _, imp := range f.Imports {
			if !allowed[imp.Path.Value] {
				t.Errorf("%s: import %s is outside the subset", path, imp.Path.Value)
			}
		}
	}
	errs, _ := filepath.Glob(filepath.Join(errorsDir, "*.go"))
	if len(errs) == 0 {
		t.Errorf("no programs in %s", errorsDir)
	}
	for _, path := range errs {
		if _, err := readErrorCase(path); err != nil {
			t.Error(err)
		}
	}
}

// listPrograms returns the .go files of dir, sorted.
func listPrograms(t *testing.T, dir string) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatalf("no programs in %s", dir)
	}
	return paths
}

func programName(path string) string {
	return strings.TrimSuffix(filepath.Base(path), ".go")
}

// nativeBuilds deduplicates concurrent builds of one program within this process.
var nativeBuilds sync.Map // path -> func() (string, error)

// nativeBinary returns a Go binary for the program at path, from the cache when the source, the
// Go version and the build flags are unchanged.
func nativeBinary(path string) (string, error) {
	f, _ := nativeBuilds.LoadOrStore(path, sync.OnceValues(func() (string, error) {
		return buildNative(path)
	}))
	return f.(func() (string, error))()
}

func buildNative(path string) (string, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s %s/%s %q\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, goBuildFlags)
	h.Write(src)
	key := hex.EncodeToString(h.Sum(nil))[:24]

	dir := cacheDir()
	bin := filepath.Join(dir, programName(path)+"-"+key)
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	tmp, err := os.CreateTemp(dir, "build-*")
	if err != nil {
		return "", err
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	args := append([]string{"build", "-o", tmp.Name()}, goBuildFlags...)
	args = append(args, path)
	if out, err := exec.Command("go", args...).CombinedOutput(); err != nil {
		return "", fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	// Rename is atomic, so concurrent test processes never run a half-written binary.
	if err := os.Rename(tmp.Name(), bin); err != nil {
		return "", err
	}
	return bin, nil
}

// cacheDir is os.UserCacheDir()/jitvm-difftest, or a directory in workDir when that is unusable.
var cacheDir = sync.OnceValue(func() string {
	if base, err := os.UserCacheDir(); err == nil {
		dir := filepath.Join(base, "jitvm-difftest")
		if os.MkdirAll(dir, 0o755) == nil {
			return dir
		}
	}
	dir := filepath.Join(workDir, "cache")
	os.MkdirAll(dir, 0o755)
	return dir
})

// result is the outcome of one process run. err is set only when the process could not be
// started or was killed; a nonzero exit status is a normal result.
type result struct {
	stdout, stderr []byte
	code           int
	dur            time.Duration
	err            error
}

// run runs bin with args, within the -difftest.timeout limit and the test's deadline.
func run(t *testing.T, bin string, args ...string) result {
	timeout := *flagTimeout
	if d, ok := t.Deadline(); ok {
		timeout = min(timeout, time.Until(d)-10*time.Second)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = 5 * time.Second
	start := time.Now()
	err := cmd.Run()
	r := result{stdout: stdout.Bytes(), stderr: stderr.Bytes(), dur: time.Since(start)}
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		r.err = fmt.Errorf("killed after %v (-difftest.timeout)", timeout)
	case errors.As(err, &exit) && exit.Exited():
		r.code = exit.ExitCode()
	case err != nil:
		r.err = fmt.Errorf("%v; stderr:\n%s", err, clip(r.stderr))
	}
	return r
}

// firstDiff describes the first differing line of want and got, or returns "" if they are equal.
func firstDiff(want, got []byte) string {
	if bytes.Equal(want, got) {
		return ""
	}
	wl := strings.SplitAfter(string(want), "\n")
	gl := strings.SplitAfter(string(got), "\n")
	for i := 0; ; i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("first difference on line %d (got %d lines, want %d):\n got: %q\nwant: %q",
				i+1, countLines(got), countLines(want), clipString(g), clipString(w))
		}
	}
}

func countLines(b []byte) int {
	n := bytes.Count(b, []byte("\n"))
	if len(b) > 0 && b[len(b)-1] != '\n' {
		n++
	}
	return n
}

func firstLine(b []byte) string {
	line, _, _ := bytes.Cut(b, []byte("\n"))
	return string(line)
}

// clip keeps failure messages readable when a program prints a lot.
func clip(b []byte) string { return clipString(string(b)) }

func clipString(s string) string {
	const limit = 2000
	if len(s) > limit {
		return s[:limit] + fmt.Sprintf("... [%d more bytes]", len(s)-limit)
	}
	return s
}
