// At L2, a loop whose body reslices a global (g29 = g29[:min(...):cap(g29)]) never ends when the function also reads g29 elsewhere: the loop counter i115 does not survive the global slice assignment. Caught by jitvm-fuzz, seed 20516 (generator version 4).

package main

var g28 int = f23(chk, chk, float64(chk), 65535)

var g29 []int

var chk int

func f23(p24 int, p25 int, p26 float64, p27 int) int {
	return -(-p27)
}

func init() {
	v146 := f6()
	_ = v146
}

func main() {
}

func f6() (r7 []float64) {
	switch cap(r7) {
	case 1, -1:
	case 4:
		v106 := g29[chk]
		_ = v106
	default:
		i115 := 0
		for {
			i115++
			if i115 > 8 {
				break
			}
			g29 = g29[:min(max(g28)&3, len(g29)):cap(g29)]
		}
	}
	return r7
}
