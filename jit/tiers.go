package jit

// DefaultTiers returns the tiers this build of jitvm has, with their models
// (docs/ARCHITECTURE.md gives the measurements behind the numbers). A tier
// that cannot run on this machine is returned with Unavailable set.
func DefaultTiers() []Tier {
	return registered
}

// registered is filled by the tier packages' registration (tiers_l1.go,
// tiers_l2.go) as they are built into jitvm.
var registered []Tier
