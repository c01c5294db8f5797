//go:build !race

package native

const raceFactor = 1
