//go:build race

package vm

// publish records the running function for the profiler (see publish.go).
func (m *Machine) publish(fn int) { m.current.Store(int32(fn)) }
