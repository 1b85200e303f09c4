package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/statuskit/statuskit/store"
	"github.com/statuskit/statuskit/store/redistest"
)

// The stateful scenario tests run one suite against every store: the
// embedded memory store and a real redis-server. Time is an injected
// clock, so a test moves it instead of sleeping.

// newScenarioClock starts on a whole second, so Last-Modified (second
// resolution) is exact.
func newScenarioClock() *store.ManualClock {
	return store.NewManualClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
}

// stateBackends are the stores the scenario suite runs against.
var stateBackends = []struct {
	name string
	open func(t *testing.T, clock store.Clock) store.Store
}{
	{"memory", func(t *testing.T, clock store.Clock) store.Store {
		return store.NewMemory(store.MemoryOptions{Clock: clock})
	}},
	{"redis", func(t *testing.T, clock store.Clock) store.Store {
		return openRedis(t, redistest.Start(t).URL, clock)
	}},
}

func openRedis(t *testing.T, url string, clock store.Clock) *store.Redis {
	t.Helper()
	st, err := store.NewRedis(url, store.RedisOptions{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// scenario is one server of the suite with its clock and a client that
// does not follow redirects.
type scenario struct {
	t      *testing.T
	ts     *httptest.Server
	clock  *store.ManualClock
	client *http.Client
}

// eachStore runs test against a server on every store; cfg's zero fields
// take the defaults.
func eachStore(t *testing.T, cfg Config, test func(sc *scenario)) {
	t.Helper()
	for _, b := range stateBackends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			clock := newScenarioClock()
			c := cfg
			c.Store = b.open(t, clock.Now)
			ts := testServer(t, c)
			test(&scenario{t: t, ts: ts, clock: clock, client: noRedirects(ts)})
		})
	}
}

// do sends one request and returns the response with its content read.
func (sc *scenario) do(method, path string, header http.Header, body string) exchangeResult {
	sc.t.Helper()
	return send(sc.t, sc.client, sc.ts.URL, request{method: method, path: path, header: header, body: body})
}

func (sc *scenario) get(path string, kv ...string) exchangeResult {
	sc.t.Helper()
	return sc.do(http.MethodGet, path, hdr(kv...), "")
}

// expect fails unless res has status want; what names the request.
func expect(t *testing.T, what string, res exchangeResult, want int) {
	t.Helper()
	if res.StatusCode != want {
		t.Fatalf("%s: got %d, want %d; body: %s", what, res.StatusCode, want, strings.TrimSpace(truncate(string(res.body), 300)))
	}
}

// expectField fails unless the response field name is want.
func expectField(t *testing.T, what string, res exchangeResult, name, want string) {
	t.Helper()
	if got := res.Header.Get(name); got != want {
		t.Errorf("%s: %s: %q, want %q", what, name, got, want)
	}
}
