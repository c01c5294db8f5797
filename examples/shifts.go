// Shifts and bitwise ops: large and variable shift counts, arithmetic right shift, & | ^ &^ and their assignments.

//go:build ignore

package main

import "fmt"

func main() {
	x := 1
	for _, s := range []int{0, 1, 31, 32, 62, 63, 64, 70, 1000} {
		fmt.Println("1 <<", s, "=", x<<s, " -1 >>", s, "=", -1>>s, " MinInt64 >>", s, "=", (-1<<63)>>s)
	}
	big := 0x7fffffffffffffff
	for _, s := range []int{1, 4, 63, 64, 65} {
		fmt.Println(big>>s, big<<s, -big>>s)
	}
	// Shift counts of any integer value; constants shifted at compile time.
	n := 70
	y := 5
	y <<= n
	fmt.Println(y, 5>>n, -5>>n, 12345<<n>>n)
	const c = 1 << 62
	fmt.Println(c, c>>61, 1<<10|1<<3)

	// Bitwise operators.
	a, b := 0b1100_1010, 0xf0
	fmt.Println(a&b, a|b, a^b, a&^b, ^a, -a, ^0, ^-1)
	fmt.Printf("%08b %08b %08b %08b\n", a&b, a|b, a^b, a&^b)
	neg := -0x10
	fmt.Println(neg&0xff, neg|1, neg^-1, neg&^0x30, neg>>2, neg<<2)

	// Op-assignment forms.
	v := 0x0f0f
	v &= 0x00ff
	fmt.Print(v, " ")
	v |= 0x1000
	fmt.Print(v, " ")
	v ^= 0x0101
	fmt.Print(v, " ")
	v &^= 0x1000
	fmt.Print(v, " ")
	v <<= 4
	fmt.Print(v, " ")
	v >>= 8
	fmt.Println(v)

	// Population count, bit reversal and the lowest set bit.
	w := -0x123456789abcdef1
	pop := 0
	for t := w; t != 0; t &= t - 1 {
		pop++
	}
	rev := 0
	for i := 0; i < 64; i++ {
		rev = rev<<1 | (w>>i)&1
	}
	fmt.Println(w, pop, rev, w&-w)

	// Precedence: << binds tighter than +, & tighter than |.
	fmt.Println(1+2<<3, (1+2)<<3, 6&3|8, 6&(3|8), 1<<2*3, 10-1>>1)
	fmt.Printf("%x %X %o %O %b %#x %#o %#b\n", 255, 3054, 8, 8, 5, 255, 8, 5)
}
