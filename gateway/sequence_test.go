package gateway

import (
	"net/http"
	"slices"
	"testing"

	"github.com/statuskit/statuskit/store"
	"github.com/statuskit/statuskit/store/redistest"
)

const sequenceRules = `
rules:
  - id: first-two-fail
    match: {path: /checkout}
    key: {header: X-Client}
    sequence: [503, {status: 429, retry_after: 5}, pass]
  - id: flip-flop
    match: {path: /flip}
    sequence: {steps: [500, pass], cycle: true}
`

// statuses sends n requests to url with the given fields.
func statuses(t *testing.T, url string, n int, fields ...string) []int {
	t.Helper()
	out := make([]int, n)
	for i := range out {
		out[i] = status(t, url, fields...)
	}
	return out
}

func TestSequenceGoesByCountPerClientKey(t *testing.T) {
	t.Parallel()
	up := recordingUpstream(t)
	gw := startGateway(t, withRules(t, testConfig(up.URL), sequenceRules))
	if got, want := statuses(t, gw.url+"/checkout", 4, "X-Client", "alice"), []int{503, 429, 200, 200}; !slices.Equal(got, want) {
		t.Errorf("alice: %v, want %v: the steps in order, then the last repeats", got, want)
	}
	if got, want := statuses(t, gw.url+"/checkout", 2, "X-Client", "bob"), []int{503, 429}; !slices.Equal(got, want) {
		t.Errorf("bob: %v, want %v: each client key has its own position", got, want)
	}
	res := get(t, gw.url+"/checkout", "X-Client", "carol")
	readBody(t, res)
	res = get(t, gw.url+"/checkout", "X-Client", "carol")
	readBody(t, res)
	if res.StatusCode != 429 || res.Header.Get("Retry-After") != "5" {
		t.Errorf("a {status: 429, retry_after: 5} step = %d Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	if got, want := statuses(t, gw.url+"/flip", 5), []int{500, 200, 500, 200, 500}; !slices.Equal(got, want) {
		t.Errorf("a cycling sequence keyed by the client's address: %v, want %v", got, want)
	}
	var doc logDocument
	mustJSON(t, get(t, gw.admin+LogPath+"?rule=first-two-fail"), &doc)
	if doc.Counts["first-two-fail"]["sequence"] != 6 || doc.Faults[0].Client != "alice" {
		t.Errorf("the log counts %v sequence faults (want 6) and names client %q (want alice)", doc.Counts, doc.Faults[0].Client)
	}
}

func TestResetStartsSequencesOver(t *testing.T) {
	t.Parallel()
	up := recordingUpstream(t)
	gw := startGateway(t, withRules(t, testConfig(up.URL), sequenceRules))
	statuses(t, gw.url+"/checkout", 3, "X-Client", "dave")
	res, err := http.Post(gw.admin+ResetPath, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	readBody(t, res)
	if got, want := statuses(t, gw.url+"/checkout", 3, "X-Client", "dave"), []int{503, 429, 200}; !slices.Equal(got, want) {
		t.Errorf("after POST %s: %v, want the sequence from its start %v", ResetPath, got, want)
	}
}

// Two gateway replicas with one Redis behave as one: the sequence
// advances once per request, whichever replica gets it.
func TestSequencesAreSharedAcrossGatewaysThroughRedis(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	up := recordingUpstream(t)
	replica := func() *testGateway {
		st, err := store.NewRedis(srv.URL, store.RedisOptions{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		cfg := withRules(t, testConfig(up.URL), sequenceRules)
		cfg.Store = st
		return startGateway(t, cfg)
	}
	a, b := replica(), replica()
	var got []int
	for _, gw := range []*testGateway{a, b, a, b} {
		got = append(got, status(t, gw.url+"/checkout", "X-Client", "erin"))
	}
	if want := []int{503, 429, 200, 200}; !slices.Equal(got, want) {
		t.Errorf("alternating replicas: %v, want %v", got, want)
	}
	res, err := http.Post(b.admin+ResetPath, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	readBody(t, res)
	if got := status(t, a.url+"/checkout", "X-Client", "erin"); got != 503 {
		t.Errorf("after a reset through one replica, the other answers %d; the shared position starts over (want 503)", got)
	}
}

// A Redis that goes away makes a sequence rule answer 503 saying so,
// rather than guessing a position.
func TestSequenceWithTheStoreDownIs503(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	st, err := store.NewRedis(srv.URL, store.RedisOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	up := recordingUpstream(t)
	cfg := withRules(t, testConfig(up.URL), sequenceRules)
	cfg.Store = st
	gw := startGateway(t, cfg)
	srv.Stop()
	res := get(t, gw.url+"/checkout")
	body := readBody(t, res)
	if res.StatusCode != 503 || res.Header.Get("Retry-After") == "" || up.count() != 0 {
		t.Errorf("with Redis down: %d %q (upstream reached %d times); want 503 with Retry-After saying the state store failed", res.StatusCode, body, up.count())
	}
}
