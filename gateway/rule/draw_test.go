package rule

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// Bounds below are at least 5 standard deviations wide over thousands of
// draws from a fixed seed: they do not flake, and a wrong distribution
// falls outside them.
func TestUniformDelaysStayInRangeWithTheRightMean(t *testing.T) {
	lo, hi := Duration(50*time.Millisecond), Duration(300*time.Millisecond)
	d := &Delay{Uniform: &[2]Duration{lo, hi}}
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 5000
	var sum float64
	for range n {
		v := d.Draw(rng)
		if v < time.Duration(lo) || v > time.Duration(hi) {
			t.Fatalf("uniform [50ms, 300ms] drew %s", v)
		}
		sum += float64(v)
	}
	mean, width := sum/n, float64(hi-lo)
	sd := width / math.Sqrt(12) / math.Sqrt(n)
	if want := float64(lo+hi) / 2; math.Abs(mean-want) > 5*sd {
		t.Errorf("mean %s, want %s ± %s", time.Duration(mean), time.Duration(want), time.Duration(5*sd))
	}
}

func TestLognormalDelaysHaveTheirMedianAndNeverPassTheCap(t *testing.T) {
	d := &Delay{Lognormal: &Lognormal{Median: Duration(80 * time.Millisecond), Sigma: 0.4, Max: Duration(150 * time.Millisecond)}}
	rng := rand.New(rand.NewPCG(3, 4))
	const n = 5000
	draws := make([]time.Duration, n)
	capped := 0
	for i := range draws {
		draws[i] = d.Draw(rng)
		if draws[i] > 150*time.Millisecond {
			t.Fatalf("drew %s past the 150ms cap", draws[i])
		}
		if draws[i] == 150*time.Millisecond {
			capped++
		}
	}
	slices.Sort(draws)
	// The sample median's share below the true median is binomial(n, 1/2):
	// 5 sigma is 5*sqrt(n)/2 draws either side.
	k := int(5 * math.Sqrt(n) / 2)
	if lo, hi := draws[n/2-k], draws[n/2+k]; lo > 80*time.Millisecond || hi < 80*time.Millisecond {
		t.Errorf("the median 80ms is outside the order statistics [%s, %s]", lo, hi)
	}
	// P(X > 150ms) = P(Z > ln(150/80)/0.4) ≈ 0.058.
	p := 1 - 0.5*math.Erfc(-math.Log(150.0/80)/0.4/math.Sqrt2)
	if sd := math.Sqrt(n * p * (1 - p)); math.Abs(float64(capped)-n*p) > 5*sd {
		t.Errorf("%d draws capped, want %.0f ± %.0f", capped, n*p, 5*sd)
	}
}

func TestHitDrawsOnlyWhenInDoubt(t *testing.T) {
	a, b := rand.New(rand.NewPCG(5, 6)), rand.New(rand.NewPCG(5, 6))
	for range 100 {
		if !Hit(a, 100) || Hit(a, 0) {
			t.Fatal("percent 100 must always hit and 0 never")
		}
	}
	if a.Uint64() != b.Uint64() {
		t.Error("percent 0 or 100 consumed draws from the stream; other faults of the rule would shift")
	}
}
