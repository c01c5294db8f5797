package difftest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
)

// GoFlags are the compiler flags of the reference binaries. Since Go 1.26
// the compiler may give a non-escaping slice a stack buffer at its first
// append, so cap() after append depends on escape analysis; threshold 0
// turns that off, and cap() follows the heap growth rule jitvm reproduces
// (as in cmd/jitvm's differential test).
var GoFlags = []string{"-d=variablemakethreshold=0"}

// GoRunner builds programs with the Go toolchain and runs them. Outcomes
// are cached by source hash (with the toolchain version and flags) in
// CacheDir, so a program is built once however often it is checked.
type GoRunner struct {
	// CacheDir holds the outcomes; "" disables the cache.
	CacheDir string
	// Timeout limits one run of the binary (default 20s).
	Timeout time.Duration

	setup    sync.Once
	tools    string // GOTOOLDIR
	cfg      string // importcfg of fmt, math, os and their dependencies
	setupErr error
}

// DefaultCacheDir is os.UserCacheDir()/jitvm-fuzz/go, or "" when there is
// no user cache directory.
func DefaultCacheDir() string {
	base, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(base, "jitvm-fuzz", "go")
}

// Run builds src (a file named prog.go) and runs it. An error means the
// program could not be built or run (a generator bug, or the toolchain
// missing); a panic or os.Exit of the program is part of the outcome.
func (g *GoRunner) Run(src []byte) (Outcome, error) {
	key := g.key(src)
	if o, ok := g.cached(key); ok {
		return o, nil
	}
	o, err := g.build(src)
	if err != nil {
		return Outcome{}, err
	}
	g.store(key, o)
	return o, nil
}

func (g *GoRunner) key(src []byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s %s/%s %q\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, GoFlags)
	h.Write(src)
	return hex.EncodeToString(h.Sum(nil))[:32]
}

func (g *GoRunner) cached(key string) (Outcome, bool) {
	if g.CacheDir == "" {
		return Outcome{}, false
	}
	b, err := os.ReadFile(filepath.Join(g.CacheDir, key[:2], key+".json"))
	if err != nil {
		return Outcome{}, false
	}
	var o Outcome
	if json.Unmarshal(b, &o) != nil {
		return Outcome{}, false
	}
	return o, true
}

func (g *GoRunner) store(key string, o Outcome) {
	if g.CacheDir == "" {
		return
	}
	dir := filepath.Join(g.CacheDir, key[:2])
	if os.MkdirAll(dir, 0o755) != nil {
		return
	}
	b, _ := json.Marshal(o)
	tmp, err := os.CreateTemp(dir, "tmp-*")
	if err != nil {
		return
	}
	tmp.Write(b)
	tmp.Close()
	// Rename is atomic: concurrent fuzzers never read half an outcome.
	if os.Rename(tmp.Name(), filepath.Join(dir, key+".json")) != nil {
		os.Remove(tmp.Name())
	}
}

// init finds the toolchain: the compiler and linker are run directly
// (go build would add 0.1s of its own per program), with an importcfg of
// the standard packages' export data that go list builds once.
func (g *GoRunner) init() error {
	g.setup.Do(func() {
		out, err := exec.Command("go", "env", "GOTOOLDIR").Output()
		if err != nil {
			g.setupErr = fmt.Errorf("go env GOTOOLDIR: %v", err)
			return
		}
		g.tools = strings.TrimSpace(string(out))
		out, err = exec.Command("go", "list", "-export", "-deps",
			"-f", "{{if .Export}}packagefile {{.ImportPath}}={{.Export}}{{end}}", "fmt", "math", "os").Output()
		if err != nil {
			g.setupErr = fmt.Errorf("go list -export: %v", err)
			return
		}
		// One file per content, shared by concurrent fuzzers.
		sum := sha256.Sum256(out)
		g.cfg = filepath.Join(os.TempDir(), "jitvm-fuzz-importcfg-"+hex.EncodeToString(sum[:8]))
		if b, err := os.ReadFile(g.cfg); err == nil && bytes.Equal(b, out) {
			return
		}
		tmp, err := os.CreateTemp(os.TempDir(), "jitvm-fuzz-importcfg-tmp-")
		if err != nil {
			g.setupErr = err
			return
		}
		tmp.Write(out)
		tmp.Close()
		g.setupErr = os.Rename(tmp.Name(), g.cfg)
	})
	return g.setupErr
}

func (g *GoRunner) build(src []byte) (Outcome, error) {
	if err := g.init(); err != nil {
		return Outcome{}, err
	}
	dir, err := os.MkdirTemp("", "jitvm-fuzz-go-")
	if err != nil {
		return Outcome{}, err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "prog.go")
	if err := os.WriteFile(file, src, 0o644); err != nil {
		return Outcome{}, err
	}
	obj, bin := filepath.Join(dir, "prog.o"), filepath.Join(dir, "prog")
	args := append([]string{"-p", "main", "-complete", "-importcfg", g.cfg, "-o", obj}, GoFlags...)
	if out, err := exec.Command(filepath.Join(g.tools, "compile"), append(args, file)...).CombinedOutput(); err != nil {
		return Outcome{}, fmt.Errorf("go tool compile: %v\n%s", err, out)
	}
	if out, err := exec.Command(filepath.Join(g.tools, "link"), "-s", "-w", "-importcfg", g.cfg, "-o", bin, obj).CombinedOutput(); err != nil {
		return Outcome{}, fmt.Errorf("go tool link: %v\n%s", err, out)
	}
	timeout := g.Timeout
	if timeout <= 0 {
		timeout = 20 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	o := Outcome{Stdout: stdout.String(), Trace: stderr.String()}
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		return Outcome{}, fmt.Errorf("the Go binary ran for more than %v", timeout)
	case errors.As(err, &exit) && exit.Exited():
		o.Code = exit.ExitCode()
	case err != nil:
		return Outcome{}, fmt.Errorf("running the Go binary: %v\n%s", err, stderr.Bytes())
	}
	return o, nil
}
