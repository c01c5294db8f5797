package amd64

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"golang.org/x/arch/x86/x86asm"
)

// Syntax selects the assembly syntax of a listing.
type Syntax int

// The listing syntaxes.
const (
	Intel Syntax = iota // MOV RAX, QWORD PTR [RBX+8]  (destination first)
	Go                  // MOVQ 0x8(BX), AX            (Go assembler, destination last)
)

// Disassemble writes a listing of code, one instruction per line: address,
// bytes in hex, instruction. pc is the address of code[0] (0 for offsets).
// labels maps offsets to names printed as "name:" lines; data ranges
// [start, end) are printed as bytes, not decoded. Bytes x86asm cannot decode
// are printed as "(bad)" one at a time.
func Disassemble(w io.Writer, code []byte, pc uint64, syntax Syntax, labels map[int]string, data [][2]int) error {
	// Branch targets that are labels print as their names.
	sym := func(addr uint64) (string, uint64) {
		if addr >= pc {
			if name, ok := labels[int(addr-pc)]; ok {
				return name[strings.LastIndexByte(name, '\n')+1:], addr
			}
		}
		return "", 0
	}
	var sb strings.Builder
	for off := 0; off < len(code); {
		if name, ok := labels[off]; ok {
			fmt.Fprintf(&sb, "%s:\n", name)
		}
		if end := dataEnd(data, off); end > off {
			end = min(end, len(code))
			fmt.Fprintf(&sb, "  0x%04x  %-30x .data\n", pc+uint64(off), code[off:end])
			off = end
			continue
		}
		inst, err := x86asm.Decode(code[off:], 64)
		if err != nil {
			fmt.Fprintf(&sb, "  0x%04x  %-30x (bad)\n", pc+uint64(off), code[off:off+1])
			off++
			continue
		}
		var text string
		switch syntax {
		case Go:
			text = x86asm.GoSyntax(inst, pc+uint64(off), sym)
		default:
			text = x86asm.IntelSyntax(inst, pc+uint64(off), sym)
		}
		fmt.Fprintf(&sb, "  0x%04x  %-30x %s\n", pc+uint64(off), code[off:off+inst.Len], text)
		off += inst.Len
	}
	_, err := io.WriteString(w, sb.String())
	return err
}

func dataEnd(data [][2]int, off int) int {
	for _, d := range data {
		if d[0] == off {
			return d[1]
		}
	}
	return -1
}

// Listing returns the Intel-syntax listing of the code emitted so far, with
// offsets as addresses, label names and data ranges.
func (a *Assembler) Listing(syntax Syntax) string {
	labels := map[int]string{}
	var bound []*Label
	for _, l := range a.labels {
		if l.pos >= 0 {
			bound = append(bound, l)
		}
	}
	sort.SliceStable(bound, func(i, j int) bool { return bound[i].pos < bound[j].pos })
	for _, l := range bound {
		if prev, ok := labels[l.pos]; ok {
			labels[l.pos] = prev + ":\n" + l.String()
		} else {
			labels[l.pos] = l.String()
		}
	}
	var sb strings.Builder
	_ = Disassemble(&sb, a.buf, 0, syntax, labels, a.data)
	return sb.String()
}

// String returns the Intel-syntax listing (see Listing).
func (a *Assembler) String() string { return a.Listing(Intel) }
