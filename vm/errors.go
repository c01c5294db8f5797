package vm

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
)

// TraceFrame is one frame of a program stack trace.
type TraceFrame struct {
	Func string // e.g. main.fib
	File string
	Line int
}

// RuntimeError is a panic of the running program: a runtime error raised by
// an instruction, or a call of panic. Every tier raises the same errors, so
// errors.Is works across tiers.
type RuntimeError struct {
	Msg   string // what follows "panic: " (or "fatal error: " when Fatal)
	Fatal bool   // not a panic: the program cannot go on (stack overflow)
	Trace []TraceFrame
	Note  string // printed on the line before, for fatal errors
	plain bool   // Msg is a runtime error, printed with the "runtime error: " prefix
}

func (e *RuntimeError) Error() string {
	switch {
	case e.Fatal:
		return "fatal error: " + e.Msg
	case e.plain:
		return "panic: runtime error: " + e.Msg
	}
	return "panic: " + e.Msg
}

// Is matches runtime errors of the same kind (the same message), whatever
// the tier or stack that raised them.
func (e *RuntimeError) Is(target error) bool {
	t, ok := target.(*RuntimeError)
	return ok && t.Msg == e.Msg && t.Fatal == e.Fatal && t.plain == e.plain
}

// WriteTrace prints the error the way Go's runtime does: the panic line, a
// blank line, and the program's goroutine stack.
func (e *RuntimeError) WriteTrace(w io.Writer) {
	if e.Note != "" {
		fmt.Fprintln(w, e.Note)
	}
	fmt.Fprintln(w, e.Error())
	fmt.Fprintln(w)
	fmt.Fprintln(w, "goroutine 1 [running]:")
	for i, f := range e.Trace {
		args := "(...)"
		if i == len(e.Trace)-1 || f.Func == "main.main" {
			args = "()"
		}
		fmt.Fprintf(w, "%s%s\n\t%s:%d\n", f.Func, args, f.File, f.Line)
	}
}

// ExitError is a call of os.Exit.
type ExitError struct{ Code int }

func (e *ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// ExitCode gives the process exit status for a run's error, the way a Go
// binary's would be: 0, os.Exit's code, or 2 for a panic or fatal error.
func ExitCode(err error) int {
	var ee *ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.Code
	}
	return 2
}

// Runtime errors raised by instructions, with Go's texts.
var (
	ErrDivideByZero  = &RuntimeError{Msg: "integer divide by zero", plain: true}
	ErrNegativeShift = &RuntimeError{Msg: "negative shift amount", plain: true}
)

// indexError gives Go's message for a failed s[i] (runtime/error.go's
// boundsErrorFmt, and boundsNegErrorFmt for a negative index).
func indexError(i int64, n int) *RuntimeError {
	if i < 0 {
		return &RuntimeError{Msg: fmt.Sprintf("index out of range [%d]", i), plain: true}
	}
	return &RuntimeError{Msg: fmt.Sprintf("index out of range [%d] with length %d", i, n), plain: true}
}

// index2Error is the error of a failed s[i][j]: the first index that is out
// of range.
func index2Error(ss []Slice, i, j uint64) *RuntimeError {
	if i >= uint64(len(ss)) {
		return indexError(int64(i), len(ss))
	}
	return indexError(int64(j), len(ss[i].W))
}

// sliceError gives Go's message for a failed s[lo:hi] or s[lo:hi:max].
func sliceError(lo, hi, mx int64, three bool, length, capacity int) *RuntimeError {
	var msg string
	switch {
	case three && mx < 0:
		msg = fmt.Sprintf("slice bounds out of range [::%d]", mx)
	case three && mx > int64(capacity):
		msg = fmt.Sprintf("slice bounds out of range [::%d] with capacity %d", mx, capacity)
	case three && hi < 0:
		msg = fmt.Sprintf("slice bounds out of range [:%d:]", hi)
	case three && hi > mx:
		msg = fmt.Sprintf("slice bounds out of range [:%d:%d]", hi, mx)
	case three && lo < 0:
		msg = fmt.Sprintf("slice bounds out of range [%d::]", lo)
	case three:
		msg = fmt.Sprintf("slice bounds out of range [%d:%d:]", lo, hi)
	case hi < 0:
		msg = fmt.Sprintf("slice bounds out of range [:%d]", hi)
	case hi > int64(capacity):
		msg = fmt.Sprintf("slice bounds out of range [:%d] with capacity %d", hi, capacity)
	case lo < 0:
		msg = fmt.Sprintf("slice bounds out of range [%d:]", lo)
	default:
		msg = fmt.Sprintf("slice bounds out of range [%d:%d]", lo, hi)
	}
	return &RuntimeError{Msg: msg, plain: true}
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}
