// ERROR: 7:25: missing ',' before newline
package main

import "fmt"

func main() {
	fmt.Println(1 + (2 * 3)
	fmt.Println("unbalanced")
}
