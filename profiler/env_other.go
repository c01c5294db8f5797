//go:build !linux

package profiler

func readProcEnv() procEnv { return procEnv{seccomp: -1} }

func listPMUs() []string { return nil }

func hasCPUPMU(pmus []string) bool { return false }

func checkThread(tid int) error { return nil }

func fillSystem(d *Diagnosis, env procEnv) {}
