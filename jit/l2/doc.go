// Package l2 is jitvm's native tier: it compiles a function's bytecode to
// x86-64 machine code (see the design notes below, kept current with the
// code).
package l2
