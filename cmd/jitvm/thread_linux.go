package main

import "golang.org/x/sys/unix"

// gettid is the calling thread's id; callers lock the goroutine to it.
func gettid() int { return unix.Gettid() }
