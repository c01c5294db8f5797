package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/jitvm/jitvm/vm/gen"
	"github.com/jitvm/jitvm/vm/gen/difftest"
)

type options struct {
	n         int64
	seed      int64
	goEvery   int64
	parallel  int
	timeout   time.Duration
	modes     string
	out       string
	minTime   time.Duration
	minPerKey int
	progress  time.Duration
	goCache   string
	verbose   bool
	budget    int64
	impure    bool

	print bool

	// Child process roles.
	worker   bool
	check    string
	minimize string
	key      string
	withGo   bool
}

func doMain(args []string, stdout, stderr io.Writer) int {
	var o options
	fs := flag.NewFlagSet("jitvm-fuzz", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Int64Var(&o.n, "n", 1000, "programs to generate and check")
	fs.Int64Var(&o.seed, "seed", 0, "first seed (programs use seed, seed+1, ...); 0: from the clock")
	fs.Int64Var(&o.goEvery, "go-every", 10, "compare one program in `K` with the Go toolchain's binary (0: never)")
	fs.IntVar(&o.parallel, "parallel", 2, "worker processes")
	fs.DurationVar(&o.timeout, "timeout", 10*time.Second, "time limit of one run of one program in one mode")
	fs.StringVar(&o.modes, "modes", "all", "comma-separated modes to run ("+modeNames()+"); the first is the reference")
	fs.StringVar(&o.out, "out", filepath.Join("testdata", "fuzz", "found"), "directory for the minimized programs of differences")
	fs.DurationVar(&o.minTime, "minimize-time", 10*time.Minute, "time limit of one minimization")
	fs.IntVar(&o.minPerKey, "minimize-per-kind", 3, "minimize at most this many differences of one kind (modes and what differs); list the others")
	fs.DurationVar(&o.progress, "progress", 10*time.Second, "interval of progress lines")
	fs.StringVar(&o.goCache, "go-cache", difftest.DefaultCacheDir(), "cache of the Go binaries' outcomes (\"\": none)")
	fs.BoolVar(&o.verbose, "v", false, "print every difference and the minimizer's steps")
	fs.Int64Var(&o.budget, "budget", 0, "statements a generated program may execute, roughly (0: the generator's default)")
	fs.BoolVar(&o.impure, "impure-calls", false, "generate calls of functions with side effects inside expressions, next to reads of what they change (gen.Config.ImpureCalls): checks jitvm's order of evaluation against gc's (use with -go-every 1)")
	fs.BoolVar(&o.print, "print", false, "print the program of -seed and exit")
	fs.BoolVar(&o.worker, "worker", false, "internal: check the seeds read from stdin")
	fs.StringVar(&o.check, "check", "", "internal: check one program `FILE` for the difference -key")
	fs.StringVar(&o.minimize, "minimize", "", "minimize the program `FILE` for the difference -key (default: the first it shows; -go compares with Go) and print it")
	fs.StringVar(&o.key, "key", "", "internal: the difference -check looks for")
	fs.BoolVar(&o.withGo, "go", false, "internal: -check compares with Go too")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "jitvm-fuzz: unexpected arguments %q\n", fs.Args())
		return 2
	}
	modes, err := difftest.ParseModes(o.modes)
	if err != nil {
		fmt.Fprintf(stderr, "jitvm-fuzz: -modes: %v\n", err)
		return 2
	}
	dopts := difftest.Options{Modes: modes, Timeout: o.timeout}
	cfg := gen.Config{Budget: o.budget, ImpureCalls: o.impure}
	goCacheDir = o.goCache
	switch {
	case o.print:
		stdout.Write(gen.Program(o.seed, cfg))
		return 0
	case o.worker:
		return worker(os.Stdin, stdout, dopts, cfg)
	case o.check != "":
		if o.withGo {
			dopts.Go = goRunner()
		}
		return check(o.check, o.seed, o.key, dopts, o.verbose, stderr)
	}
	if o.n <= 0 || o.parallel <= 0 {
		fmt.Fprintln(stderr, "jitvm-fuzz: -n and -parallel must be positive")
		return 2
	}
	if o.seed == 0 && o.minimize == "" {
		o.seed = time.Now().UnixNano() % 1_000_000_000
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "jitvm-fuzz: %v\n", err)
		return 2
	}
	c := &campaign{o: o, modes: modes, cfg: cfg, exe: exe, stdout: stdout, stderr: stderr, atLevel: map[string][3]int{}}
	if o.minimize != "" {
		return c.minimizeFile(o.minimize)
	}
	return c.run()
}

var goCacheDir string

var goRunner = sync.OnceValue(func() *difftest.GoRunner {
	return &difftest.GoRunner{CacheDir: goCacheDir}
})

func modeNames() string {
	var s []string
	for _, m := range difftest.Modes {
		s = append(s, string(m))
	}
	return strings.Join(s, ",")
}

// campaign is the parent process: it hands seeds to the workers, collects
// their results, and minimizes what differs.
type campaign struct {
	o      options
	modes  []difftest.Mode
	cfg    gen.Config
	exe    string
	stdout io.Writer
	stderr io.Writer

	mu       sync.Mutex
	done     int64
	vsGo     int64
	panics   int64
	exits    int64
	notes    int64
	osr      int64
	lines    int64
	atLevel  map[string][3]int
	findings []*finding
	start    time.Time
}

// finding is one difference (or crash, hang, invalid program) to report.
type finding struct {
	seed    int64
	kind    string // "diff", "crash", "hang", "invalid"
	key     string // what the minimizer preserves
	summary []string
	goCheck bool
	file    string // where the minimized program went
	lines   [2]int // before and after minimization
}

func (c *campaign) run() int {
	c.start = time.Now()
	fmt.Fprintf(c.stdout, "jitvm-fuzz: generator version %d%s, seeds %d..%d, modes %v, go every %d, %d workers, timeout %v\n",
		gen.Version, c.genFlags(), c.o.seed, c.o.seed+c.o.n-1, c.modes, c.o.goEvery, c.o.parallel, c.o.timeout)
	seeds := make(chan int64)
	go func() {
		for s := c.o.seed; s < c.o.seed+c.o.n; s++ {
			seeds <- s
		}
		close(seeds)
	}()
	minq := make(chan *finding, 1024)
	var minWG sync.WaitGroup
	minWG.Add(1)
	go func() {
		defer minWG.Done()
		perKey := map[string]int{}
		for f := range minq {
			if perKey[f.key] >= c.o.minPerKey && f.kind != "invalid" {
				continue // listed in the summary, not minimized
			}
			perKey[f.key]++
			c.minimize(f)
		}
	}()
	stop := make(chan struct{})
	go c.reportProgress(stop)
	var wg sync.WaitGroup
	for i := range c.o.parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.workerLoop(i, seeds, minq)
		}()
	}
	wg.Wait()
	close(stop)
	close(minq)
	minWG.Wait()
	return c.summary()
}

// workerLoop runs one worker process, restarting it after a crash or a
// hang, until the seeds run out.
func (c *campaign) workerLoop(id int, seeds <-chan int64, minq chan<- *finding) {
	var w *child
	defer func() {
		if w != nil {
			w.close()
		}
	}()
	perSeed := c.o.timeout*time.Duration(len(c.modes)+1) + 2*time.Minute
	for seed := range seeds {
		if w == nil {
			var err error
			if w, err = c.startWorker(); err != nil {
				fmt.Fprintf(c.stderr, "jitvm-fuzz: worker %d: %v\n", id, err)
				return
			}
		}
		j := job{Seed: seed, Go: c.o.goEvery > 0 && seed%c.o.goEvery == 0}
		res, err := w.do(j, perSeed)
		if err != nil {
			f := &finding{seed: seed, goCheck: j.Go}
			if errors.Is(err, errHang) {
				f.kind, f.key = "hang", "hang"
				f.summary = []string{fmt.Sprintf("no result after %v: jitvm hangs in some mode", perSeed)}
			} else {
				f.kind = "crash"
				f.key = crashKey(w.stderr.String())
				f.summary = []string{"the worker died: " + err.Error(), clipLines(w.stderr.String(), 200)}
			}
			w.kill()
			w = nil
			c.record(result{Seed: seed}, f)
			minq <- f
			continue
		}
		var f *finding
		switch {
		case res.Invalid != "":
			f = &finding{seed: seed, kind: "invalid", summary: []string{"the generated program does not compile: " + res.Invalid}}
		case len(res.Diffs) > 0:
			f = &finding{seed: seed, kind: "diff", key: res.Diffs[0].Key(), goCheck: j.Go}
			for _, d := range res.Diffs {
				f.summary = append(f.summary, d.String())
			}
		}
		c.record(res, f)
		if f != nil {
			minq <- f
		}
	}
}

func (c *campaign) record(r result, f *finding) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.done++
	if r.Go {
		c.vsGo++
	}
	switch r.Code {
	case 0:
	case 2:
		c.panics++
	default:
		c.exits++
	}
	c.osr += int64(r.OSR)
	c.notes += int64(r.Notes)
	c.lines += int64(r.Lines)
	for m, l := range r.AtLevel {
		a := c.atLevel[m]
		for i := range a {
			a[i] += l[i]
		}
		c.atLevel[m] = a
	}
	if f != nil {
		c.findings = append(c.findings, f)
		fmt.Fprintf(c.stdout, "jitvm-fuzz: seed %d: %s: %s\n", f.seed, f.kind, firstLine(strings.Join(f.summary, "\n")))
		if f.kind == "crash" {
			fmt.Fprintf(c.stdout, "    %s\n", f.key)
		}
		if c.o.verbose {
			for _, s := range f.summary {
				fmt.Fprintf(c.stdout, "    %s\n", s)
			}
		}
	}
}

func (c *campaign) reportProgress(stop <-chan struct{}) {
	t := time.NewTicker(c.o.progress)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			c.mu.Lock()
			el := time.Since(c.start)
			fmt.Fprintf(c.stdout, "jitvm-fuzz: %v: %d/%d programs (%.1f/s), %d vs go, %d differences, %.0f%% panic, %.1f%% exit\n",
				el.Round(time.Second), c.done, c.o.n, float64(c.done)/el.Seconds(), c.vsGo, len(c.findings),
				pct(c.panics, c.done), pct(c.exits, c.done))
			c.mu.Unlock()
		}
	}
}

func pct(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

func (c *campaign) summary() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	el := time.Since(c.start)
	w := c.stdout
	fmt.Fprintf(w, "\njitvm-fuzz summary: %d programs (seeds %d..%d) in %v, %.1f/s, %d lines each on average\n",
		c.done, c.o.seed, c.o.seed+c.o.n-1, el.Round(time.Second), float64(c.done)/el.Seconds(), c.lines/max(c.done, 1))
	fmt.Fprintf(w, "  modes: %v, each compared with %s; %d programs also compared with the Go toolchain\n", c.modes, c.modes[0], c.vsGo)
	fmt.Fprintf(w, "  outcomes (reference mode): %.1f%% ran to the end, %.1f%% panicked, %.1f%% called os.Exit\n",
		pct(c.done-c.panics-c.exits, c.done), pct(c.panics, c.done), pct(c.exits, c.done))
	var names []string
	for m := range c.atLevel {
		names = append(names, m)
	}
	sort.Strings(names)
	fmt.Fprintf(w, "  functions at each level when the runs ended (L0/L1/L2):")
	for _, m := range names {
		a := c.atLevel[m]
		fmt.Fprintf(w, " %s %d/%d/%d", m, a[0], a[1], a[2])
	}
	fmt.Fprintf(w, "\n  on-stack replacements: %d; notes (functions a tier did not compile, profiler problems): %d\n", c.osr, c.notes)
	fmt.Fprintf(w, "  differences: %d\n", len(c.findings))
	sort.Slice(c.findings, func(i, j int) bool { return c.findings[i].seed < c.findings[j].seed })
	for _, f := range c.findings {
		fmt.Fprintf(w, "    seed %d: %s: %s\n", f.seed, f.kind, firstLine(strings.Join(f.summary, "\n")))
		if f.file != "" {
			fmt.Fprintf(w, "      minimized %d -> %d lines: %s\n", f.lines[0], f.lines[1], f.file)
		}
	}
	if len(c.findings) > 0 {
		return 1
	}
	return 0
}

// child is a worker process.
type child struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	lines  chan []byte
	stderr *tailBuffer
}

var errHang = errors.New("hang")

func (c *campaign) startWorker() (*child, error) {
	args := []string{"-worker", "-timeout", c.o.timeout.String(), "-modes", c.o.modes, "-go-cache", c.o.goCache,
		"-budget", fmt.Sprint(c.o.budget)}
	if c.o.impure {
		args = append(args, "-impure-calls")
	}
	cmd := exec.Command(c.exe, args...)
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	w := &child{cmd: cmd, in: in, lines: make(chan []byte), stderr: &tailBuffer{max: 64 << 10}}
	cmd.Stderr = w.stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		sc := bufio.NewScanner(out)
		sc.Buffer(nil, 64<<20)
		for sc.Scan() {
			w.lines <- append([]byte(nil), sc.Bytes()...)
		}
		close(w.lines)
	}()
	return w, nil
}

// do sends one job and waits for its result.
func (w *child) do(j job, limit time.Duration) (result, error) {
	b, _ := json.Marshal(j)
	if _, err := w.in.Write(append(b, '\n')); err != nil {
		return result{}, fmt.Errorf("writing to the worker: %v", err)
	}
	select {
	case line, ok := <-w.lines:
		if !ok {
			err := w.cmd.Wait()
			return result{}, fmt.Errorf("worker exited (%v)", err)
		}
		var r result
		if err := json.Unmarshal(line, &r); err != nil {
			return result{}, fmt.Errorf("bad result %q: %v", line, err)
		}
		return r, nil
	case <-time.After(limit):
		return result{}, errHang
	}
}

func (w *child) kill() {
	w.cmd.Process.Kill()
	w.cmd.Wait()
}

func (w *child) close() {
	w.in.Close()
	done := make(chan struct{})
	go func() { w.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		w.cmd.Process.Kill()
		<-done
	}
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	b   []byte
	max int
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = t.b[len(t.b)-t.max:]
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}

var (
	crashLine = regexp.MustCompile(`(?m)^(panic: .*|fatal error: .*|SIG[A-Z]+: .*|unexpected fault address.*)$`)
	numbers   = regexp.MustCompile(`0x[0-9a-f]+|[0-9]+`)
)

// crashKey is the kind of a crash of jitvm: the first panic or fatal
// error line of its stderr, without numbers and addresses.
func crashKey(stderr string) string {
	line := crashLine.FindString(stderr)
	return "crash: " + numbers.ReplaceAllString(line, "N")
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

func clipLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

// minimize shrinks a finding's program, running each candidate in a child
// process, and writes the result to -out.
func (c *campaign) minimize(f *finding) {
	src := gen.Program(f.seed, c.cfg)
	small := src
	if f.kind != "invalid" {
		small = c.shrink(f, src)
	}
	if err := os.MkdirAll(c.o.out, 0o755); err != nil {
		fmt.Fprintf(c.stderr, "jitvm-fuzz: %v\n", err)
		return
	}
	var hdr bytes.Buffer
	fmt.Fprintf(&hdr, "// jitvm-fuzz seed %d (%s): %s\n", f.seed, f.kind, firstLine(strings.Join(f.summary, "\n")))
	fmt.Fprintf(&hdr, "// Reproduce the original with: jitvm-fuzz -n 1 -seed %d -go-every 1%s -v (generator version %d)\n", f.seed, c.genFlags(), gen.Version)
	fmt.Fprintf(&hdr, "// Minimized from %d to %d lines; check this file with: jitvm-fuzz -check FILE -seed %d -key '%s'", lines(src), lines(small), f.seed, f.key)
	if strings.Contains(f.key, "/go/") {
		hdr.WriteString(" -go")
	}
	hdr.WriteString(" -v\n\n")
	body := bytes.TrimPrefix(small, []byte("// Code generated by jitvm's vm/gen"))
	if len(body) != len(small) {
		// Drop the generator's header line: this file is edited by hand now.
		_, body, _ = bytes.Cut(body, []byte("\n"))
	}
	if f.kind == "crash" || f.kind == "hang" {
		// What the worker said when it died: a crash may not happen again.
		log := filepath.Join(c.o.out, fmt.Sprintf("seed%d.%s.txt", f.seed, f.kind))
		os.WriteFile(log, []byte(strings.Join(f.summary, "\n")+"\n"), 0o644)
	}
	file := filepath.Join(c.o.out, fmt.Sprintf("seed%d.go", f.seed))
	if err := os.WriteFile(file, append(hdr.Bytes(), bytes.TrimLeft(body, "\n")...), 0o644); err != nil {
		fmt.Fprintf(c.stderr, "jitvm-fuzz: %v\n", err)
		return
	}
	c.mu.Lock()
	f.file, f.lines = file, [2]int{lines(src), lines(small)}
	c.mu.Unlock()
	fmt.Fprintf(c.stdout, "jitvm-fuzz: seed %d: minimized %d -> %d lines: %s\n", f.seed, lines(src), lines(small), file)
}

// shrink minimizes src for f, checking each candidate in a child process.
func (c *campaign) shrink(f *finding, src []byte) []byte {
	tmp, err := os.MkdirTemp("", "jitvm-fuzz-min-")
	if err != nil {
		fmt.Fprintf(c.stderr, "jitvm-fuzz: %v\n", err)
		return src
	}
	defer os.RemoveAll(tmp)
	n := 0
	return gen.Minimize(src, func(cand []byte) bool {
		n++
		file := filepath.Join(tmp, fmt.Sprintf("cand%d.go", n))
		if os.WriteFile(file, cand, 0o644) != nil {
			return false
		}
		defer os.Remove(file)
		return c.interesting(f, file)
	}, gen.MinimizeOptions{Deadline: time.Now().Add(c.o.minTime), Log: func(format string, args ...any) {
		if c.o.verbose {
			fmt.Fprintf(c.stderr, "jitvm-fuzz: seed %d: "+format+"\n", append([]any{f.seed}, args...)...)
		}
	}})
}

// minimizeFile is -minimize FILE: it minimizes a program for the
// difference -key (by default, the first one it shows) and prints it.
func (c *campaign) minimizeFile(file string) int {
	src, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintf(c.stderr, "jitvm-fuzz: %v\n", err)
		return 2
	}
	f := &finding{seed: c.o.seed, kind: "diff", key: c.o.key}
	if f.key == "" {
		o := difftest.Options{Modes: c.modes, Timeout: c.o.timeout}
		if c.o.withGo {
			o.Go = goRunner()
		}
		r := difftest.Check(src, c.o.seed, o)
		if r.Invalid != nil {
			fmt.Fprintf(c.stderr, "jitvm-fuzz: %v\n", r.Invalid)
			return 2
		}
		if len(r.Diffs) == 0 {
			fmt.Fprintf(c.stderr, "jitvm-fuzz: %s shows no difference\n", file)
			return 1
		}
		f.key = r.Diffs[0].Key()
		fmt.Fprintf(c.stderr, "jitvm-fuzz: minimizing for %s (%s)\n", f.key, r.Diffs[0])
	}
	small := c.shrink(f, src)
	fmt.Fprintf(c.stderr, "jitvm-fuzz: %d -> %d lines\n", lines(src), lines(small))
	c.stdout.Write(small)
	return 0
}

// genFlags are the flags that choose the generated programs besides the
// seed, as they are given on the command line.
func (c *campaign) genFlags() string {
	s := ""
	if c.o.budget != 0 {
		s += fmt.Sprintf(" -budget %d", c.o.budget)
	}
	if c.o.impure {
		s += " -impure-calls"
	}
	return s
}

func lines(b []byte) int { return bytes.Count(b, []byte("\n")) }

// interesting runs the check of a candidate in a child process.
func (c *campaign) interesting(f *finding, file string) bool {
	so := difftest.Options{Modes: c.modes, Timeout: c.o.timeout}
	key := "none"
	if f.kind == "diff" {
		so = difftest.ShrinkOptions(f.key, difftest.Options{Modes: c.modes, Timeout: c.o.timeout, Go: goRunner()})
		key = f.key
	}
	var names []string
	for _, m := range so.Modes {
		names = append(names, string(m))
	}
	args := []string{"-check", file, "-seed", fmt.Sprint(f.seed), "-timeout", so.Timeout.String(), "-go-cache", c.o.goCache,
		"-key", key, "-modes", strings.Join(names, ",")}
	if so.Go != nil {
		args = append(args, "-go")
	}
	limit := so.Timeout*time.Duration(len(so.Modes)+1) + time.Minute
	if f.kind == "hang" {
		limit = 3 * c.o.timeout * time.Duration(len(c.modes))
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.exe, args...)
	var stderr tailBuffer
	stderr.max = 64 << 10
	cmd.Stderr = &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	switch f.kind {
	case "hang":
		return ctx.Err() != nil
	case "crash":
		return ctx.Err() == nil && errors.As(err, &ee) && ee.ExitCode() != 1 && ee.ExitCode() != 3 && crashKey(stderr.String()) == f.key
	}
	return err == nil
}
