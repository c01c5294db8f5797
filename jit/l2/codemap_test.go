//go:build amd64

package l2

import (
	"strings"
	"testing"
)

// The code map names the function of an address in L2 code, the callee for
// the body of an inlined call, nothing outside L2 code or after Free.
func TestCodeMap(t *testing.T) {
	prog := compileSrc(t, perfSrc)
	cm := NewCodeMap(prog)
	c, err := Compile(prog, prog.Main, Options{})
	if err != nil {
		t.Fatal(err)
	}
	hot := prog.FuncIndex("main.hot")
	if len(c.inlined) != 1 || c.inlined[0].fn != int32(hot) {
		t.Fatalf("inlined ranges %+v, want main.hot's", c.inlined)
	}
	in := c.inlined[0]
	for _, tc := range []struct {
		ip   uintptr
		fn   int32
		want bool
	}{
		{c.start, int32(prog.Main), true},
		{c.end - 1, int32(prog.Main), true},
		{in.start, int32(hot), true},
		{in.end - 1, int32(hot), true},
		{in.end, int32(prog.Main), true},
		{c.end, 0, false},
		{c.start - 1, 0, false},
	} {
		fn, ok := cm.Lookup(uint64(tc.ip))
		if ok != tc.want || ok && fn != tc.fn {
			t.Errorf("Lookup(%#x) = %d, %v; want %d, %v", tc.ip, fn, ok, tc.fn, tc.want)
		}
	}
	other := compileSrc(t, perfSrc)
	if _, ok := NewCodeMap(other).Lookup(uint64(c.start)); ok {
		t.Error("another program's code map claims this code")
	}
	var names []string
	for _, r := range c.PerfRanges() {
		names = append(names, r.Name)
	}
	if got := strings.Join(names, ","); got != "jitvm:L2:main.main,jitvm:L2:main.hot (inlined in main.main),jitvm:L2:main.main" {
		t.Errorf("perf ranges %s", got)
	}
	start := c.start
	c.Free()
	if _, ok := cm.Lookup(uint64(start)); ok {
		t.Error("freed code still in the code map")
	}
}
