package difftest

import (
	"github.com/jitvm/jitvm/vm/gen"
)

// Shrink minimizes src while it still shows a difference with key (a
// Diff's Key), running only the modes that difference involves.
func Shrink(src []byte, seed int64, key string, o Options, mo gen.MinimizeOptions) []byte {
	o.Modes = ModesOf(key, o.Modes)
	return gen.Minimize(src, func(c []byte) bool {
		return Check(c, seed, o).HasKey(key)
	}, mo)
}

// ModesOf are the modes a difference's key names, in the order of all
// (the reference first).
func ModesOf(key string, all []Mode) []Mode {
	if len(all) == 0 {
		all = Modes
	}
	var d Diff
	parts := splitKey(key)
	d.A, d.B = parts[0], parts[1]
	var ms []Mode
	for _, m := range all {
		if string(m) == d.A || string(m) == d.B {
			ms = append(ms, m)
		}
	}
	if len(ms) == 0 || d.B == "go" && ms[0] != all[0] {
		// A difference with Go is found on the reference mode.
		ms = append([]Mode{all[0]}, ms...)
	}
	return ms
}

func splitKey(key string) [2]string {
	var out [2]string
	i := 0
	start := 0
	for j := 0; j < len(key) && i < 2; j++ {
		if key[j] == '/' {
			out[i] = key[start:j]
			i++
			start = j + 1
		}
	}
	return out
}
