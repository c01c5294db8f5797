package vm

import (
	"testing"

	"github.com/stretchr/testify/require"

	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// AppendWordsTo does what Go's append does, in place when the values fit:
// the same backing array, which another slice of it sees, values that
// overlap the destination, growth, and a nil slice with nothing to add.
func TestAppendWordsTo(t *testing.T) {
	m := New(&bc.Program{}, Options{})
	for _, tc := range []struct {
		name     string
		len, cap int
		vals     []uint64
		overlap  bool // append the slice to itself
		inPlace  bool
	}{
		{"one fits", 3, 10, []uint64{7}, false, true},
		{"several fit exactly", 3, 6, []uint64{7, 8, 9}, false, true},
		{"itself fits", 2, 4, nil, true, true},
		{"grows", 3, 3, []uint64{7}, false, false},
		{"itself grows", 3, 4, nil, true, false},
		{"nothing to add", 0, 0, nil, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The same contents, appended to by Go and by the machine.
			mk := func() []uint64 {
				if tc.cap == 0 {
					return nil
				}
				w := make([]uint64, tc.len, tc.cap)
				for i := range w {
					w[i] = uint64(i*i + 1)
				}
				return w
			}
			gw, vw := mk(), mk()
			gvals, vvals := tc.vals, tc.vals
			if tc.overlap {
				gvals, vvals = gw, vw
			}
			gotGo := append(gw, gvals...)
			dst := Slice{W: vw}
			m.AppendWordsTo(&dst, bc.ElemWord, vvals, 0)
			require.Equal(t, gotGo, dst.W)
			require.Equal(t, len(gotGo), len(dst.W))
			require.Equal(t, tc.inPlace, cap(dst.W) == cap(vw), "capacity")
			if tc.inPlace && cap(vw) > 0 {
				// Another slice of the array sees the stored values.
				require.Equal(t, dst.W, vw[:len(dst.W)])
			}
			if tc.cap == 0 {
				require.True(t, dst.IsNil(), "append(nil) with nothing is nil")
			}
		})
	}
}
