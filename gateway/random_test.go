package gateway

import (
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"testing"
)

// draws runs the decision of the first rule of doc n times in-process,
// as requests in order, and returns what each decided.
func draws(t *testing.T, doc string, seed uint64, n int) []string {
	t.Helper()
	cfg := withRules(t, testConfig("http://127.0.0.1:9"), doc)
	cfg.Seed = seed
	g, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	lr := g.rules.Load().rules[0]
	req := httptest.NewRequest(http.MethodPost, "/orders", nil)
	out := make([]string, n)
	for i := range out {
		p, err := g.decide(req, lr)
		if err != nil {
			t.Fatal(err)
		}
		if p != nil {
			out[i] = p.delay.String()
			for _, k := range p.kinds {
				out[i] += "," + k
			}
		}
	}
	return out
}

// The share of requests a percent selects is binomial: with n draws at
// p, the count stays within 5 standard deviations of n*p except with
// probability below 1e-6, and a fixed seed makes the test deterministic
// besides.
func TestPercentSelectsABinomialShare(t *testing.T) {
	t.Parallel()
	const n = 4000
	for _, p := range []float64{0.5, 30, 99.5} {
		doc := `rules: [{id: flaky, match: {path: /orders}, abort: {status: 503, percent: ` + strconv.FormatFloat(p, 'f', -1, 64) + `}}]`
		hits := 0
		for _, d := range draws(t, doc, 42, n) {
			if d != "" {
				hits++
			}
		}
		mean := n * p / 100
		sd := math.Sqrt(n * p / 100 * (1 - p/100))
		if math.Abs(float64(hits)-mean) > 5*sd {
			t.Errorf("percent %v: %d of %d requests aborted; want %.0f ± %.0f (5 sigma of the binomial)", p, hits, n, mean, 5*sd)
		}
	}
	for _, d := range draws(t, `rules: [{id: never, abort: {status: 503, percent: 0}}]`, 42, 200) {
		if d != "" {
			t.Fatal("percent 0 aborted a request")
		}
	}
}

func TestTheSameSeedGivesTheSameFaults(t *testing.T) {
	t.Parallel()
	const doc = `rules: [{id: mixed, abort: {status: 503, percent: 40}, delay: {uniform: [1ms, 90ms], percent: 50}}]`
	a, b := draws(t, doc, 7, 300), draws(t, doc, 7, 300)
	if !slices.Equal(a, b) {
		t.Error("two gateways with seed 7 decided differently for the same requests in the same order")
	}
	if c := draws(t, doc, 8, 300); slices.Equal(a, c) {
		t.Error("seeds 7 and 8 decided the same 300 times; the seed is not used")
	}

	// Over HTTP, in order: two gateways, same seed, same statuses; and a
	// reset starts the streams over.
	up := recordingUpstream(t)
	run := func(gw *testGateway) []int { return statuses(t, gw.url+"/orders", 40) }
	cfg := withRules(t, testConfig(up.URL), `rules: [{id: flaky, abort: {status: 503, percent: 50}}]`)
	cfg.Seed = 99
	one, two := startGateway(t, cfg), startGateway(t, cfg)
	first := run(one)
	if second := run(two); !slices.Equal(first, second) {
		t.Errorf("same seed, same requests, different faults:\n%v\n%v", first, second)
	}
	if !slices.Contains(first, 503) || !slices.Contains(first, 200) {
		t.Errorf("50%% aborts over 40 requests gave %v", first)
	}
	res, err := http.Post(one.admin+ResetPath, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	readBody(t, res)
	if again := run(one); !slices.Equal(first, again) {
		t.Errorf("after a reset the same requests drew different faults:\n%v\n%v", first, again)
	}
}

// One rule's traffic does not shift another rule's draws.
func TestEachRuleDrawsFromItsOwnStream(t *testing.T) {
	t.Parallel()
	cfg := withRules(t, testConfig("http://127.0.0.1:9"), `
rules:
  - {id: a, match: {path: /a}, abort: {status: 503, percent: 50}}
  - {id: b, match: {path: /b}, abort: {status: 503, percent: 50}}
`)
	decideN := func(interleave bool) []bool {
		g, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		rs := g.rules.Load()
		var out []bool
		for range 100 {
			if interleave {
				if _, err := g.decide(httptest.NewRequest("GET", "/b", nil), rs.rules[1]); err != nil {
					t.Fatal(err)
				}
			}
			p, _ := g.decide(httptest.NewRequest("GET", "/a", nil), rs.rules[0])
			out = append(out, p != nil)
		}
		return out
	}
	if !slices.Equal(decideN(false), decideN(true)) {
		t.Error("requests to rule b changed what rule a drew")
	}
}
