package main

// jitvm bench: the benchmark matrix (bench/harness) as a command. Each
// program runs under every --levels × --profilers configuration and as a
// Go-native binary, each run a child process ("jitvm run ... --report"),
// interleaved, --count times after --warmup; the runs' outputs must agree.

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/jitvm/jitvm/bench/harness"
	"github.com/jitvm/jitvm/vm"
)

// exitInterrupted is a program's status after SIGINT, as a shell reports it.
const exitInterrupted = 130

type benchFlags struct {
	levels    []string
	profilers []string
	count     int
	warmup    int
	format    string
	json      string
	svg       string
	png       string
	timeout   time.Duration
	metric    string
	jitvm     string
	goCmd     string
}

func newBenchCmd(stdout, stderr io.Writer) *cobra.Command {
	var fl benchFlags
	cmd := &cobra.Command{
		Use:   "bench [flags] [FILE.go|DIR...]",
		Short: "Run programs under every level and profiler source, against Go native, side by side",
		Long: `Run each program under a matrix of configurations and report them side by side.

A configuration is a --level (0, 1, 2, auto) and a profiler source standing for
a perf_event_paranoid setting:
  perf   --profiler=perf            paranoid <= 2: perf_event_open works
  timer  --profiler=auto --deny-perf  paranoid 3 or a container: a real seccomp
                                    filter denies perf, auto falls back to timer
  off    --profiler=off             no samples
The matrix is the full product: at level auto the samples drive the JIT (perf
against timer is what perf being blocked costs), at a forced level they drive
nothing (perf and timer against off at the same level is the sampling's
overhead). Plus "go": the program built with the Go toolchain (skipped, with a
note, when go is not on PATH), the native limit every ratio is measured against.

Each run is a child process (jitvm run ... --report); configurations run
interleaved (A B C A B C ...), --warmup rounds first, then --count measured
rounds. Every run's stdout and exit status must equal the Go binary's and the
configuration's first run's. A configuration this build or machine cannot run
(probed on an empty program) is reported unavailable. Without FILE arguments
the programs in bench/programs (of the jitvm module, or the current directory)
run. The exit status is 1 when a program fails to compile or a configuration
fails or differs, 130 after Ctrl-C (the table shows what finished).`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			status := runBench(cmd, args, fl, stdout, stderr)
			setStatus(cmd, status)
			if status != exitOK {
				return errors.New("bench failed")
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&fl.levels, "levels", harness.AllLevels, "levels to run: some of 0,1,2,auto")
	f.StringSliceVar(&fl.profilers, "profilers", harness.AllProfilers, "profiler sources: some of perf,timer,off")
	f.IntVar(&fl.count, "count", 5, "measured runs of each configuration")
	f.IntVar(&fl.warmup, "warmup", 1, "runs of each configuration before the measured ones")
	f.StringVar(&fl.format, "format", "table", "stdout: table (for people) or bench (Go benchmark lines for benchstat)")
	f.StringVar(&fl.json, "json", "", "write every run's raw figures as JSON to `FILE`")
	f.StringVar(&fl.svg, "svg", "", "write a bar chart (ratio to Go native, log scale) as SVG to `FILE`")
	f.StringVar(&fl.png, "png", "", "write the bar chart as PNG to `FILE`")
	f.StringVar(&fl.metric, "metric", harness.MetricCPU, "what the ratios compare: cpu (user+system time, robust on a busy machine) or wall")
	f.DurationVar(&fl.timeout, "timeout", 10*time.Minute, "limit of one run (0: none)")
	f.StringVar(&fl.jitvm, "jitvm", "", "the jitvm binary the runs use (default: this one)")
	f.StringVar(&fl.goCmd, "go", "go", "the go command for the native baseline, or off")
	return cmd
}

func runBench(cmd *cobra.Command, args []string, fl benchFlags, stdout, stderr io.Writer) int {
	bad := func(format string, a ...any) int {
		argError(stderr, cmd, format, a...)
		return exitFailure
	}
	if fl.format != "table" && fl.format != "bench" {
		return bad("--format=%s: want table or bench", fl.format)
	}
	if err := harness.CheckMatrix(fl.levels, fl.profilers); err != nil {
		return bad("%v", err)
	}
	if fl.metric != harness.MetricCPU && fl.metric != harness.MetricWall {
		return bad("--metric=%s: want cpu or wall", fl.metric)
	}
	if fl.count < 1 {
		return bad("--count=%d: want at least 1", fl.count)
	}
	if fl.warmup < 0 {
		return bad("--warmup=%d: want 0 or more", fl.warmup)
	}
	files, err := benchFiles(args)
	if err != nil {
		return bad("%v", err)
	}
	outs := []outputFile{{"--json", fl.json}, {"--svg", fl.svg}, {"--png", fl.png}}
	for _, file := range files {
		if err := checkOutputs(file, outs...); err != nil {
			return bad("%v", err)
		}
	}
	jitvm := fl.jitvm
	if jitvm == "" {
		if jitvm, err = os.Executable(); err != nil {
			return bad("cannot find this jitvm binary (%v): name one with --jitvm", err)
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	opts := harness.Options{
		Jitvm: jitvm, Files: files, Levels: fl.levels, Profilers: fl.profilers,
		Count: fl.count, Warmup: fl.warmup, Timeout: fl.timeout, Metric: fl.metric, Go: fl.goCmd,
		Check: func(path string) error {
			_, err := vm.CompileFile(path)
			var ce *vm.CompileError
			if errors.As(err, &ce) {
				return errors.New(ce.Error())
			}
			return err
		},
	}
	if f, ok := stderr.(*os.File); ok {
		if width, ok := terminalWidth(f); ok {
			opts.Progress = harness.NewProgress(stderr, width)
		}
	}
	res, err := harness.Run(ctx, opts)
	stop() // a second Ctrl-C now stops the bench at once
	if err != nil {
		fmt.Fprintf(stderr, "jitvm bench: %v\n", err)
		return exitFailure
	}

	status := exitOK
	if fl.format == "bench" {
		err = harness.WriteBench(stdout, res)
	} else {
		err = harness.WriteTable(stdout, res)
	}
	if err != nil {
		fmt.Fprintf(stderr, "jitvm bench: writing stdout: %v\n", err)
		status = exitFailure
	}
	if fl.json != "" {
		if err := (outputFile{"--json", fl.json}).write(func(w io.Writer) error { return harness.WriteJSON(w, res) }); err != nil {
			fmt.Fprintf(stderr, "jitvm bench: --json: %v\n", err)
			status = exitFailure
		}
	}
	for _, c := range []struct{ flag, path, format string }{{"--svg", fl.svg, "svg"}, {"--png", fl.png, "png"}} {
		if c.path == "" {
			continue
		}
		if err := (outputFile{c.flag, c.path}).write(func(w io.Writer) error { return harness.WriteChart(w, res, c.format) }); err != nil {
			fmt.Fprintf(stderr, "jitvm bench: %s: %v\n", c.flag, err)
			status = exitFailure
		}
	}
	if res.Failed() {
		reportFailures(stderr, res)
		status = exitFailure
	}
	if res.Interrupted {
		fmt.Fprintf(stderr, "jitvm bench: interrupted after %d of %d runs\n", res.RunsDone, res.RunsPlanned)
		status = exitInterrupted
	}
	return status
}

// reportFailures names on stderr each program and configuration that failed.
func reportFailures(w io.Writer, res *harness.Result) {
	for _, p := range res.Programs {
		if len(p.Configs) == 0 && p.Status.Bad() {
			fmt.Fprintf(w, "jitvm bench: %s: %s\n", p.Name, p.Status)
		}
		for _, c := range p.Configs {
			if c.Status.Bad() {
				fmt.Fprintf(w, "jitvm bench: %s %s: %s\n", p.Name, c.Name, c.Status)
			}
		}
	}
}

// benchFiles are the programs to run: the arguments (a directory stands
// for its .go files), or by default the bench programs.
func benchFiles(args []string) ([]string, error) {
	if len(args) == 0 {
		return defaultBenchPrograms()
	}
	var files []string
	for _, a := range args {
		fi, err := os.Stat(a)
		switch {
		case err != nil:
			return nil, fmt.Errorf("%s: no such file", a)
		case fi.IsDir():
			fs := goFiles(a)
			if len(fs) == 0 {
				return nil, fmt.Errorf("%s: no .go files in the directory", a)
			}
			files = append(files, fs...)
		default:
			files = append(files, a)
		}
	}
	return files, nil
}

// defaultBenchPrograms finds bench/programs in the jitvm module around the
// current directory, or under the current directory.
func defaultBenchPrograms() ([]string, error) {
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	var looked []string
	dirs := []string{}
	if root := jitvmModuleRoot(cwd); root != "" {
		dirs = append(dirs, filepath.Join(root, "bench", "programs"))
	}
	dirs = append(dirs, filepath.Join(cwd, "bench", "programs"))
	for _, d := range dirs {
		if len(looked) > 0 && looked[len(looked)-1] == d {
			continue
		}
		looked = append(looked, d)
		if fs := goFiles(d); len(fs) > 0 {
			return fs, nil
		}
	}
	return nil, fmt.Errorf("no FILE.go given, and no bench programs found (looked in %s): name the programs to run, or run it inside the jitvm module", strings.Join(looked, " and "))
}

// jitvmModuleRoot is the directory of the go.mod of module
// github.com/jitvm/jitvm at or above dir, or "".
func jitvmModuleRoot(dir string) string {
	for {
		if f, err := os.Open(filepath.Join(dir, "go.mod")); err == nil {
			sc := bufio.NewScanner(f)
			found := false
			for sc.Scan() {
				if fields := strings.Fields(sc.Text()); len(fields) == 2 && fields[0] == "module" {
					found = fields[1] == "github.com/jitvm/jitvm"
					break
				}
			}
			f.Close()
			if found {
				return dir
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// goFiles are the .go files of dir (not tests), sorted.
func goFiles(dir string) []string {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var fs []string
	for _, e := range ents {
		n := e.Name()
		if !e.IsDir() && strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") {
			fs = append(fs, filepath.Join(dir, n))
		}
	}
	sort.Strings(fs)
	return fs
}
