// ERROR: 6:2: import "strings" is not supported
package main

import (
	"fmt"
	"strings"
)

func main() {
	fmt.Println(strings.ToUpper("x"))
}
