package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/jitvm/jitvm/vm/gen"
	"github.com/jitvm/jitvm/vm/gen/difftest"
)

// job is what the campaign sends a worker: one seed to check.
type job struct {
	Seed int64 `json:"seed"`
	Go   bool  `json:"go"`
}

// result is what a worker answers for a job.
type result struct {
	Seed    int64             `json:"seed"`
	Invalid string            `json:"invalid,omitempty"`
	Diffs   []difftest.Diff   `json:"diffs,omitempty"`
	Go      bool              `json:"go"`
	Code    int               `json:"code"`     // the reference run's exit status
	AtLevel map[string][3]int `json:"at_level"` // per mode
	OSR     int               `json:"osr"`
	Notes   int               `json:"notes"`
	Lines   int               `json:"lines"` // program size
	Elapsed time.Duration     `json:"elapsed"`
}

// worker reads jobs from in, one JSON object a line, and writes one result
// a line to out.
func worker(in io.Reader, out io.Writer, o difftest.Options, cfg gen.Config) int {
	sc := bufio.NewScanner(in)
	enc := json.NewEncoder(out)
	for sc.Scan() {
		var j job
		if err := json.Unmarshal(sc.Bytes(), &j); err != nil {
			fmt.Fprintf(os.Stderr, "jitvm-fuzz worker: bad job %q: %v\n", sc.Text(), err)
			return 1
		}
		if err := enc.Encode(checkSeed(j, o, cfg)); err != nil {
			return 1
		}
	}
	return 0
}

func checkSeed(j job, o difftest.Options, cfg gen.Config) result {
	start := time.Now()
	src := gen.Program(j.Seed, cfg)
	if j.Go {
		o.Go = goRunner()
	} else {
		o.Go = nil
	}
	r := difftest.Check(src, j.Seed, o)
	res := result{Seed: j.Seed, Go: j.Go, Diffs: r.Diffs, AtLevel: map[string][3]int{},
		Lines: strings.Count(string(src), "\n")}
	if r.Invalid != nil {
		res.Invalid = r.Invalid.Error()
	}
	for i, run := range r.Runs {
		if i == 0 {
			res.Code = run.Outcome.Code
		}
		res.AtLevel[run.Name] = run.Outcome.AtLevel
		res.OSR += run.Outcome.OSR
		res.Notes += len(run.Outcome.Notes)
	}
	res.Elapsed = time.Since(start)
	return res
}

// check is the minimizer's test of one candidate program, run in a child
// process: exit 0 when file shows a difference with key, 1 when it does
// not, 3 when jitvm does not compile it.
func check(file string, seed int64, key string, o difftest.Options, verbose bool, stderr io.Writer) int {
	src, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 3
	}
	r := difftest.Check(src, seed, o)
	if r.Invalid != nil {
		if verbose {
			fmt.Fprintln(stderr, r.Invalid)
		}
		return 3
	}
	if verbose {
		for _, d := range r.Diffs {
			fmt.Fprintln(stderr, d)
		}
	}
	if r.Shows(key) {
		return 0
	}
	return 1
}
