// ERROR: 2:1: function main is undeclared in the main package
package main

import "fmt"

func helper() {
	fmt.Println("no main")
}
