// At L0 (the bytecode compiler: every tier agrees with it), fmt.Print("p165", -1 <= g, 31, max(g, f()), "\n"), with f decrementing g, prints false where Go's gc prints true: gc converts a bool argument of a fmt call to an interface through its address, so a bool that is not a variable or an element (a comparison, a negation) goes into a temporary when the arguments are ordered, in source order among the calls (walk/order.go, addrTemp): -1 <= g is read before max(g, f()) runs. jitvm read it with the variables, after every call. Caught by jitvm-fuzz -impure-calls, seed 1506 (generator version 6); minimized by hand. Fixed by the compiler commit that added this file (order.go, boxedInTemp).

package main

import "fmt"

var g = 0
var gb = false
var bs = []bool{false}

func f() int {
	g -= 2
	gb = !gb
	bs[0] = !bs[0]
	return 1
}

func main() {
	fmt.Print("p165", -1 <= g, 31, max(g, f()), "\n")
	fmt.Println(g > -4, f(), g, !gb, gb, bs[0], bs[0] == gb)
	fmt.Printf("%v %d %t %v\n", g == -6, f(), g == -6, g < 0 && f() > 0)
}
