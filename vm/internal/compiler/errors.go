package compiler

import (
	"fmt"
	"go/token"
)

// Error is a compile error at a source position. It prints as
// FILE:LINE:COL: message, the form editors and go build use.
type Error struct {
	Pos token.Position
	Msg string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.Pos.Filename, e.Pos.Line, e.Pos.Column, e.Msg)
}

func newError(fset *token.FileSet, pos token.Pos, msg string) *Error {
	return &Error{Pos: fset.Position(pos), Msg: msg}
}
