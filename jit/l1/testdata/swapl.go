// Reversal loops, whose body L1 runs as one closure (a swap, the moves,
// and the loop's increment and test: compiler.swapLoopTail): one move, the
// test on either counter, and an index error raised by the swap inside
// one, after the iterations before it, and a reversal over more than one
// batch of a self loop (selfSwap). reverseCount's last statement is
// not the counter its test reads, so its swap stays a closure of its own.

package main

import "fmt"

func reverse(p []int) {
	for i, j := 0, len(p)-1; i < j; i, j = i+1, j-1 {
		p[i], p[j] = p[j], p[i]
	}
}

func reverseCount(p []int) int {
	k := 0
	for i, j := 0, len(p)-1; i < j; i, j, k = i+1, j-1, k+3 {
		p[i], p[j] = p[j], p[i]
	}
	return k
}

func reverseUp(p []int, n int) {
	j := n - 1
	for i := 0; j > i; i++ {
		p[i], p[j] = p[j], p[i]
		j--
	}
}

func main() {
	p := make([]int, 11)
	for i := range p {
		p[i] = i * i
	}
	reverse(p)
	fmt.Println(p)
	fmt.Println(reverseCount(p[2:9]), p)
	reverseUp(p, 10)
	fmt.Println(p)
	for r := 0; r < 2000; r++ {
		reverse(p[r%5:])
	}
	fmt.Println(p)
	long := make([]int, 5001) // over two batches of a self loop
	for i := range long {
		long[i] = i * 3
	}
	reverse(long)
	fmt.Println(long[:3], long[2499:2502], long[4998:])
	q := p[:6]
	for i, j := 0, 8; i < j; i, j = i+1, j-1 {
		q[i], q[j] = q[j], q[i]
	}
	fmt.Println("unreachable", q)
}
