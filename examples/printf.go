// fmt verbs, flags, widths and precisions for ints, floats, bools and slices; Print/Println spacing rules.

//go:build ignore

package main

import "fmt"

func main() {
	i, n := 42, -42
	fmt.Printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d] [%x] [%X] [%o] [%O] [%b]\n", i, i, i, i, i, i, i, i, i, i, i)
	fmt.Printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d] [%x] [%X] [%o] [%b]\n", n, n, n, n, n, n, n, n, n, n)
	fmt.Printf("[%#x] [%#X] [%#o] [%#b] [%#08x] [%8.4d] [%-10d] [%.0d] [%.0d]\n", i, i, i, i, i, i, n, 0, i)
	fmt.Printf("[%c] [%c] [%3c] [%U] [%#U] [%x]\n", 65, 0x263A, 97, 0x1F600, 66, 1<<40)
	fmt.Printf("[%v] [%6v] [%-6v|] [%T]\n", i, n, i, i)

	f := 3.14159265358979
	fmt.Printf("[%v] [%f] [%.2f] [%8.3f] [%-8.3f] [%08.3f] [%+.1f] [% .1f]\n", f, f, f, f, f, f, f, f)
	fmt.Printf("[%e] [%E] [%.3e] [%12.4E] [%g] [%G] [%.3g] [%10.4g]\n", f, f, f, f, f, f, f, f)
	big, tiny := 123456789.0, 0.000012345
	fmt.Printf("[%v] [%g] [%e] [%f] [%.3g]\n", big, big, big, big, big)
	fmt.Printf("[%v] [%g] [%e] [%f] [%.3g] [%.10f]\n", tiny, tiny, tiny, tiny, tiny, tiny)
	fmt.Printf("[%x] [%X] [%b] [%.3x] [%T]\n", 1.0, -0.5, 2.0, f, f)
	fmt.Printf("[%.0f] [%.0f] [%.0f] [%.0f] [%.1f] [%.2f]\n", 0.5, 1.5, 2.5, -0.5, 0.25, 1.005)
	fmt.Printf("[%5.1f%%] [%6.2f]\n", 99.5, -0.001)

	t, fl := true, false
	fmt.Printf("[%t] [%v] [%6t] [%-6t|] [%T]\n", t, fl, t, fl, t)

	s := []int{1, -2, 30}
	fs := []float64{0.5, 2, 1e21}
	bs := []bool{true, false}
	m := [][]int{{1, 2}, {3}}
	fmt.Printf("[%v] [%d] [%x] [%3d] [%T]\n", s, s, s, s, s)
	fmt.Printf("[%v] [%.2f] [%g] [%e] [%T]\n", fs, fs, fs, fs, fs)
	fmt.Printf("[%v] [%t] [%T] [%v] [%T]\n", bs, bs, bs, m, m)
	var empty []int
	fmt.Printf("[%v] [%d] [%v]\n", empty, []int{}, [][]float64{{}, {1.5}})

	// Width and precision from arguments, and explicit argument indexes.
	fmt.Printf("[%*d] [%-*d] [%.*f] [%*.*f]\n", 6, i, 6, i, 2, f, 10, 3, f)
	fmt.Printf("[%[2]d %[1]d] [%[1]d %[1]x %[1]o] [%d %[1]d]\n", 10, 20)
	fmt.Printf("%d%%\n", 50)
	fmt.Printf("no verbs\n")

	// Print puts spaces only between operands when neither is a string; Println always does.
	fmt.Print(1, 2, "a", 3, "b", "c", 4.5, true, false, s, "\n")
	fmt.Print("x", 1, "\n")
	fmt.Print(1.5, 2.5, "\n")
	fmt.Println(1, 2, "a", 3, "b", "c", 4.5, true, s)
	fmt.Println()
	fmt.Println("multi\nline", "tab\tseparated")
	fmt.Print()
	fmt.Print("\n")
}
