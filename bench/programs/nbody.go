// Benchmark: n-body simulation of the Jovian planets (float arithmetic and math.Sqrt over []float64).

//go:build ignore

package main

import (
	"fmt"
	"math"
)

const (
	solarMass   = 4 * math.Pi * math.Pi
	daysPerYear = 365.24
)

var (
	x  = []float64{0, 4.84143144246472090e+00, 8.34336671824457987e+00, 1.28943695621391310e+01, 1.53796971148509165e+01}
	y  = []float64{0, -1.16032004402742839e+00, 4.12479856412430479e+00, -1.51111514016986312e+01, -2.59193146099879641e+01}
	z  = []float64{0, -1.03622044471123109e-01, -4.03523417114321381e-01, -2.23307578892655734e-01, 1.79258772950371181e-01}
	vx = []float64{0, 1.66007664274403694e-03 * daysPerYear, -2.76742510726862411e-03 * daysPerYear, 2.96460137564761618e-03 * daysPerYear, 2.68067772490389322e-03 * daysPerYear}
	vy = []float64{0, 7.69901118419740425e-03 * daysPerYear, 4.99852801234917238e-03 * daysPerYear, 2.37847173959480950e-03 * daysPerYear, 1.62824170038242295e-03 * daysPerYear}
	vz = []float64{0, -6.90460016972063023e-05 * daysPerYear, 2.30417297573763929e-05 * daysPerYear, -2.96589568540237556e-05 * daysPerYear, -9.51592254519715870e-05 * daysPerYear}
	m  = []float64{solarMass, 9.54791938424326609e-04 * solarMass, 2.85885980666130812e-04 * solarMass, 4.36624404335156298e-05 * solarMass, 5.15138902046611451e-05 * solarMass}
)

func energy() float64 {
	e := 0.0
	for i := range m {
		e += 0.5 * m[i] * (vx[i]*vx[i] + vy[i]*vy[i] + vz[i]*vz[i])
		for j := i + 1; j < len(m); j++ {
			dx, dy, dz := x[i]-x[j], y[i]-y[j], z[i]-z[j]
			e -= m[i] * m[j] / math.Sqrt(dx*dx+dy*dy+dz*dz)
		}
	}
	return e
}

func advance(dt float64) {
	n := len(m)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			dx, dy, dz := x[i]-x[j], y[i]-y[j], z[i]-z[j]
			d2 := dx*dx + dy*dy + dz*dz
			mag := dt / (d2 * math.Sqrt(d2))
			mi, mj := m[i]*mag, m[j]*mag
			vx[i] -= dx * mj
			vy[i] -= dy * mj
			vz[i] -= dz * mj
			vx[j] += dx * mi
			vy[j] += dy * mi
			vz[j] += dz * mi
		}
	}
	for i := 0; i < n; i++ {
		x[i] += dt * vx[i]
		y[i] += dt * vy[i]
		z[i] += dt * vz[i]
	}
}

func main() {
	px, py, pz := 0.0, 0.0, 0.0
	for i := range m {
		px += vx[i] * m[i]
		py += vy[i] * m[i]
		pz += vz[i] * m[i]
	}
	vx[0], vy[0], vz[0] = -px/solarMass, -py/solarMass, -pz/solarMass
	fmt.Printf("%.9f\n", energy())
	for i := 0; i < 3000000; i++ {
		advance(0.01)
	}
	fmt.Printf("%.9f\n", energy())
}
