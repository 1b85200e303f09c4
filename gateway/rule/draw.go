package rule

import (
	"math"
	"math/rand/v2"
	"time"
)

// Hit draws whether a fault with percent (0-100) applies to one request.
// It draws from rng only when the answer is not certain, so a rule with
// percent 100 consumes nothing from its stream and 0 never fires.
func Hit(rng *rand.Rand, percent float64) bool {
	switch {
	case percent >= 100:
		return true
	case percent <= 0:
		return false
	}
	return rng.Float64()*100 < percent
}

// Draw returns one delay from the distribution: Fixed as is, Uniform
// evenly in [low, high], Lognormal as Median*exp(Sigma*Z) cut at Max.
func (d *Delay) Draw(rng *rand.Rand) time.Duration {
	switch {
	case d.Fixed != nil:
		return time.Duration(*d.Fixed)
	case d.Uniform != nil:
		lo, hi := int64(d.Uniform[0]), int64(d.Uniform[1])
		if hi <= lo {
			return time.Duration(lo)
		}
		return time.Duration(lo + rng.Int64N(hi-lo+1))
	case d.Lognormal != nil:
		l := d.Lognormal
		v := float64(l.Median) * math.Exp(l.Sigma*rng.NormFloat64())
		if v >= float64(l.Max) || math.IsNaN(v) {
			return time.Duration(l.Max)
		}
		return time.Duration(v)
	}
	return 0
}
