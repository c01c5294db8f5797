package harness

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// lookGo finds the go command for the native baseline, or says why there
// is none.
func lookGo(goCmd string) (path, note string) {
	if goCmd == "off" {
		return "", "go baseline off (--go=off): no ratios to Go native"
	}
	if goCmd == "" {
		goCmd = "go"
	}
	p, err := exec.LookPath(goCmd)
	if err != nil {
		return "", fmt.Sprintf("go baseline skipped: %s is not on PATH (no ratios to Go native)", goCmd)
	}
	return p, ""
}

// goVersion is "go version"'s output, which keys the binary cache.
func goVersion(goCmd string) string {
	out, err := exec.Command(goCmd, "version").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// buildGo builds the program with the Go toolchain into the cache directory
// (reused while the source and the toolchain are unchanged) and returns the
// binary. It is a plain "go build": the native speed limit.
func buildGo(ctx context.Context, goCmd, src, cacheDir string) (string, error) {
	data, err := os.ReadFile(src)
	if err != nil {
		return "", err
	}
	if cacheDir == "" {
		cacheDir = defaultCacheDir()
	}
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s/%s\n", goVersion(goCmd), runtime.GOOS, runtime.GOARCH)
	h.Write(data)
	bin := filepath.Join(cacheDir, ProgramName(src)+"-"+hex.EncodeToString(h.Sum(nil))[:20])
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	tmp, err := os.CreateTemp(cacheDir, ".build-*")
	if err != nil {
		return "", err
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	abs, err := filepath.Abs(src)
	if err != nil {
		return "", err
	}
	cmd := exec.CommandContext(ctx, goCmd, "build", "-o", tmp.Name(), abs)
	cmd.Dir = filepath.Dir(abs)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("%v: %s", err, strings.TrimSpace(string(out)))
	}
	// Renamed into place whole, so a concurrent bench never runs half a binary.
	if err := os.Rename(tmp.Name(), bin); err != nil {
		return "", err
	}
	return bin, nil
}

// defaultCacheDir is os.UserCacheDir()/jitvm-bench, or one in the
// temporary directory.
func defaultCacheDir() string {
	if base, err := os.UserCacheDir(); err == nil {
		return filepath.Join(base, "jitvm-bench")
	}
	return filepath.Join(os.TempDir(), "jitvm-bench-cache")
}
