package l1

import (
	"testing"
	"unsafe"

	"github.com/jitvm/jitvm/vm"
)

// BenchmarkDispatch measures what one step of work costs to reach on this
// machine, the figure L1's design rests on (doc.go, "What was measured"):
// the same ten register operations run as chained closures, as L1's
// statements run (each calls the next through its target), and as a loop
// with a switch over an array of operations, as an interpreter dispatches.
// ns/step is the time per operation. On the Zen 4 machine of the earlier
// measurements a chained closure cost about 1.7 ns against about 1 ns for
// a jump-table dispatch; on a Zen 5 (family 26) this benchmark gives 1.0 ns
// for the switch and 1.8-1.9 ns for the closure, and L0's interpreter, a
// switch, gained more from the newer core than L1 did.
//
//	go test ./jit/l1 -run - -bench Dispatch
func BenchmarkDispatch(b *testing.B) {
	// Registers at offsets 8..120; a few results feed later operations.
	ops := []dispatchOp{
		{0, 8, 16, 24, 0}, {1, 32, 40, 0, 3}, {2, 48, 56, 64, 0}, {3, 72, 80, 0, 5},
		{0, 88, 96, 104, 0}, {4, 112, 8, 0, 7}, {2, 16, 32, 48, 0}, {1, 24, 72, 0, 9},
		{5, 40, 88, 112, 0}, {3, 56, 16, 0, 3},
	}
	var regs [16]uint64
	r := unsafe.Pointer(&regs[0])
	perStep := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ops)), "ns/step")
	}

	b.Run("switch", func(b *testing.B) {
		for b.Loop() {
			dispatchSwitch(ops, r)
		}
		perStep(b)
	})

	b.Run("chain", func(b *testing.B) {
		// Built back to front, as chain() builds a block's statements; each
		// goes to its target as the templates do (leaf.go's target).
		next := target{}
		for i := len(ops) - 1; i >= 0; i-- {
			o, nx := ops[i], next
			d, x, y, k := o.dst, o.x, o.y, o.k
			var f chainFn
			switch o.code {
			case 0:
				f = func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
					*reg(r, d) = *reg(r, x) + *reg(r, y)
					if nx.fn != nil {
						return nx.fn(m, r, s)
					}
					return nx.b, r, s
				}
			case 1:
				f = func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
					*reg(r, d) = *reg(r, x) + k
					if nx.fn != nil {
						return nx.fn(m, r, s)
					}
					return nx.b, r, s
				}
			case 2:
				f = func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
					*reg(r, d) = *reg(r, x) * *reg(r, y)
					if nx.fn != nil {
						return nx.fn(m, r, s)
					}
					return nx.b, r, s
				}
			case 3:
				f = func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
					*reg(r, d) = *reg(r, x) >> k
					if nx.fn != nil {
						return nx.fn(m, r, s)
					}
					return nx.b, r, s
				}
			case 4:
				f = func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
					*reg(r, d) = *reg(r, x) & k
					if nx.fn != nil {
						return nx.fn(m, r, s)
					}
					return nx.b, r, s
				}
			case 5:
				f = func(m *vm.Machine, r, s ptr) (*block, ptr, ptr) {
					*reg(r, d) = *reg(r, x) ^ *reg(r, y)
					if nx.fn != nil {
						return nx.fn(m, r, s)
					}
					return nx.b, r, s
				}
			}
			next = target{fn: f}
		}
		for b.Loop() {
			next.fn(nil, r, nil)
		}
		perStep(b)
	})
}

// dispatchOp is an operation of BenchmarkDispatch: R(dst) = R(x) op R(y),
// or R(x) op k.
type dispatchOp struct {
	code      uint8
	dst, x, y uintptr
	k         uint64
}

// dispatchSwitch runs ops on the registers at r, as an interpreter does.
func dispatchSwitch(ops []dispatchOp, r ptr) {
	for i := range ops {
		o := &ops[i]
		switch o.code {
		case 0:
			*reg(r, o.dst) = *reg(r, o.x) + *reg(r, o.y)
		case 1:
			*reg(r, o.dst) = *reg(r, o.x) + o.k
		case 2:
			*reg(r, o.dst) = *reg(r, o.x) * *reg(r, o.y)
		case 3:
			*reg(r, o.dst) = *reg(r, o.x) >> o.k
		case 4:
			*reg(r, o.dst) = *reg(r, o.x) & o.k
		case 5:
			*reg(r, o.dst) = *reg(r, o.x) ^ *reg(r, o.y)
		}
	}
}
