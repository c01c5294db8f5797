package vm

import (
	"fmt"
	"io"
	"math"

	bc "github.com/jitvm/jitvm/vm/bytecode"
)

// goValue converts a register's value of type t to the Go value of the same
// type, so that fmt formats it exactly as the Go program would (%T and %#v
// included, nil slices included).
func goValue(w uint64, s Slice, t *bc.Type) any {
	switch t.Kind {
	case bc.KInt:
		return int(int64(w))
	case bc.KFloat:
		return math.Float64frombits(w)
	case bc.KBool:
		return w != 0
	}
	return goSlice(s, t)
}

func goSlice(s Slice, t *bc.Type) any {
	switch t.Elem.Kind {
	case bc.KInt:
		if s.W == nil {
			return []int(nil)
		}
		out := make([]int, len(s.W))
		for i, v := range s.W {
			out[i] = int(int64(v))
		}
		return out
	case bc.KFloat:
		if s.W == nil {
			return []float64(nil)
		}
		out := make([]float64, len(s.W))
		for i, v := range s.W {
			out[i] = math.Float64frombits(v)
		}
		return out
	case bc.KBool:
		if s.W == nil {
			return []bool(nil)
		}
		out := make([]bool, len(s.W))
		for i, v := range s.W {
			out[i] = v != 0
		}
		return out
	}
	// Slices of slices: build the nested Go type for the common depths and
	// fall back to []any beyond (which prints the same with %v).
	return nestedSlice(s, t)
}

func nestedSlice(s Slice, t *bc.Type) any {
	switch t.Elem.String() {
	case "[]int":
		return collect[[]int](s, t)
	case "[]float64":
		return collect[[]float64](s, t)
	case "[]bool":
		return collect[[]bool](s, t)
	case "[][]int":
		return collect[[][]int](s, t)
	case "[][]float64":
		return collect[[][]float64](s, t)
	case "[][]bool":
		return collect[[][]bool](s, t)
	}
	if s.S == nil {
		return []any(nil)
	}
	out := make([]any, len(s.S))
	for i, e := range s.S {
		out[i] = goSlice(e, t.Elem)
	}
	return out
}

func collect[E any](s Slice, t *bc.Type) any {
	if s.S == nil {
		return []E(nil)
	}
	out := make([]E, len(s.S))
	for i, e := range s.S {
		out[i] = goSlice(e, t.Elem).(E)
	}
	return out
}

// print runs one print site with its arguments in registers base.. of the
// register file.
func (m *Machine) print(w io.Writer, site *bc.PrintSite, r []uint64, s []Slice) {
	args := make([]any, len(site.Args))
	for i, a := range site.Args {
		if a.Type == nil {
			args[i] = a.Str
		} else {
			args[i] = goValue(r[i], s[i], a.Type)
		}
	}
	switch site.Kind {
	case bc.Println:
		fmt.Fprintln(w, args...)
	case bc.Print:
		fmt.Fprint(w, args...)
	default:
		fmt.Fprintf(w, site.Format, args...)
	}
}

// panicValue formats a panic's value as Go's runtime prints it.
func panicValue(site *bc.PanicSite, w uint64) string {
	if site.Arg == nil {
		return site.Msg
	}
	return fmt.Sprint(goValue(w, Slice{}, site.Arg))
}
