package l1

import (
	"fmt"
	"strings"
)

// String is the text form of the compiled plan: for each block, the
// statements as expression trees and the templates (closures) they compiled
// to, and the terminator. jitvm disasm --level=1 prints it, and golden tests
// compare it.
func (c *Code) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "l1 %s: %d blocks, %d closures", c.f.Name, len(c.blocks), c.closures)
	if c.bails > 0 {
		fmt.Fprintf(&b, ", %d bail-outs", c.bails)
	}
	b.WriteString("\n")
	for _, blk := range c.blocks {
		fmt.Fprintf(&b, "b%d pc %d-%d:", blk.id, blk.start, blk.end)
		if blk.run == nil {
			fmt.Fprintf(&b, " %s\n", blk.lines[0])
			continue
		}
		b.WriteString("\n")
		for _, line := range blk.lines {
			fmt.Fprintf(&b, "    %s\n", line)
		}
	}
	return b.String()
}
