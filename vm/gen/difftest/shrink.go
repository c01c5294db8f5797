package difftest

import (
	"strings"
	"time"

	"github.com/jitvm/jitvm/vm/gen"
)

// Shrink minimizes src while it still shows a difference with key (a
// Diff's Key), running only the modes that difference involves.
func Shrink(src []byte, seed int64, key string, o Options, mo gen.MinimizeOptions) []byte {
	o = ShrinkOptions(key, o)
	return gen.Minimize(src, func(c []byte) bool {
		return Check(c, seed, o).Shows(key)
	}, mo)
}

// ShrinkOptions are the options that check candidates for a difference
// with key: only the modes it involves, always with the reference first;
// for a timeout, a shorter one (a candidate that terminates runs for
// milliseconds, and one that shows the hang costs the whole timeout).
func ShrinkOptions(key string, o Options) Options {
	o.Modes = ModesOf(key, o.Modes)
	if strings.Contains(key, "timed out") {
		o.Timeout = min(o.Timeout, 2*time.Second)
	}
	if !strings.Contains(key, "/go/") {
		o.Go = nil
	}
	return o
}

// Shows reports whether the report has a difference with key, and nothing
// that makes it meaningless: the reference run crashing (or timing out)
// when the difference is about another mode.
func (r Report) Shows(key string) bool {
	if !r.HasKey(key) {
		return false
	}
	if len(r.Runs) > 0 && r.Runs[0].Outcome.Crash != "" {
		return strings.HasPrefix(key, r.Runs[0].Name+"//crash/")
	}
	return true
}

// ModesOf are the modes a difference's key names, in the order of all,
// with the reference (all's first) first.
func ModesOf(key string, all []Mode) []Mode {
	if len(all) == 0 {
		all = Modes
	}
	a, b, _ := strings.Cut(key, "/")
	b, _, _ = strings.Cut(b, "/")
	ms := []Mode{all[0]}
	for _, m := range all[1:] {
		if string(m) == a || string(m) == b {
			ms = append(ms, m)
		}
	}
	return ms
}
