//go:build !race

package amd64

const raceEnabled = false
