// ERROR: 10:3: goto is not supported
package main

import "fmt"

func main() {
	i := 0
loop:
	if i < 3 {
		goto next
	}
	fmt.Println(i)
	return
next:
	i++
	goto loop
}
