package gen

import (
	"go/scanner"
	"go/token"
	"strings"
)

// readsIn returns the names that the statements read, in Go's sense of
// "used": every occurrence of a name except as the whole target of a plain
// assignment or a declaration (x = e, x, y := e, var x T, for i := ...).
// The generator decides what to declare from this rather than from the
// expressions it built, since it builds and drops expressions as it goes.
func readsIn(stmts []string) map[string]bool {
	src := []byte(strings.Join(stmts, "\n"))
	var s scanner.Scanner
	fset := token.NewFileSet()
	s.Init(fset.AddFile("", -1, len(src)), src, nil, 0)
	read := map[string]bool{}
	var stmt []tok
	flush := func() {
		defer func() { stmt = stmt[:0] }()
		toks := stmt
		if len(toks) > 0 {
			switch toks[0].t {
			case token.FOR, token.IF, token.SWITCH, token.VAR, token.CONST, token.CASE, token.GO, token.RETURN:
				if toks[0].t == token.VAR || toks[0].t == token.CONST {
					// var x T = e: x is declared, not read.
					if len(toks) > 1 {
						toks = toks[2:]
						for len(toks) > 0 && toks[0].t != token.ASSIGN {
							toks = toks[1:]
						}
					}
				} else {
					toks = toks[1:]
				}
			}
		}
		// The targets: names at depth 0 before a top-level = or :=,
		// directly followed by a comma or that operator.
		assign := -1
		depth := 0
		for i, t := range toks {
			switch t.t {
			case token.LPAREN, token.LBRACK:
				depth++
			case token.RPAREN, token.RBRACK:
				depth--
			case token.ASSIGN, token.DEFINE:
				if depth == 0 && assign < 0 {
					assign = i
				}
			}
		}
		for i, t := range toks {
			if t.t != token.IDENT {
				continue
			}
			if i < assign && (toks[i+1].t == token.COMMA || i+1 == assign) && (i == 0 || toks[i-1].t == token.COMMA) {
				continue
			}
			read[t.lit] = true
		}
	}
	for {
		_, t, lit := s.Scan()
		switch t {
		case token.EOF:
			flush()
			return read
		case token.SEMICOLON, token.LBRACE, token.RBRACE, token.COLON:
			if t == token.COLON && bracketDepth(stmt) > 0 {
				stmt = append(stmt, tok{t, lit})
				continue
			}
			flush()
		default:
			stmt = append(stmt, tok{t, lit})
		}
	}
}

type tok struct {
	t   token.Token
	lit string
}

// bracketDepth is the nesting of brackets open at the end of toks (a colon
// inside brackets is a slice expression's, not a label's or a case's).
func bracketDepth(toks []tok) int {
	d := 0
	for _, x := range toks {
		switch x.t {
		case token.LBRACK:
			d++
		case token.RBRACK:
			d--
		}
	}
	return d
}
