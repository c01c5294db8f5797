// ERROR: 7:12: maps are not supported
package main

import "fmt"

func main() {
	m := make(map[int]int)
	m[1] = 2
	fmt.Println(len(m))
}
