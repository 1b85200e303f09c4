package gateway

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/statuskit/statuskit/store"
)

// failingStore is a state store whose sequences always fail, as a Redis
// that went away does.
type failingStore struct{ store.Store }

func (failingStore) NextInSequence(context.Context, string, int, bool, time.Duration) (int, error) {
	return 0, errors.New("connection refused")
}

// Every response the gateway writes itself, rather than relays, carries
// X-Request-Id, and one a rule made carries X-Statuskit-Rule: a client
// (or a test) must be able to tell it from the upstream's and find it in
// the gateway's logs (docs/gateway.md).
func TestEveryResponseTheGatewayMakesCarriesXRequestId(t *testing.T) {
	t.Parallel()
	slow := upstream(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	closed := listen(t)
	refusing := "http://" + closed.Addr().String()
	closed.Close()
	ok := recordingUpstream(t)
	for _, tc := range []struct {
		name     string
		cfg      func() Config
		request  func(gw *testGateway) string
		method   string
		status   int
		wantRule string // "" when no rule made it: then X-Statuskit-Rule is absent
	}{
		{"502 upstream refused", func() Config { return testConfig(refusing) },
			func(*testGateway) string { return "GET /x HTTP/1.1\r\nHost: a\r\n\r\n" }, "GET", 502, ""},
		{"504 upstream timeout", func() Config {
			cfg := testConfig(slow.URL)
			cfg.UpstreamTimeout = 50 * time.Millisecond
			return cfg
		}, func(*testGateway) string { return "GET /x HTTP/1.1\r\nHost: a\r\n\r\n" }, "GET", 504, ""},
		{"405 CONNECT", func() Config { return testConfig(ok.URL) },
			func(*testGateway) string { return "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n" }, "CONNECT", 405, ""},
		{"421 absolute-form target", func() Config { return testConfig(ok.URL) },
			func(*testGateway) string { return "GET http://other.example/x HTTP/1.1\r\nHost: other.example\r\n\r\n" }, "GET", 421, ""},
		{"508 loop", func() Config { return testConfig(ok.URL) },
			func(gw *testGateway) string {
				return "GET /x HTTP/1.1\r\nHost: a\r\nVia: 1.1 " + gw.pseudonym + "\r\n\r\n"
			}, "GET", 508, ""},
		{"204 OPTIONS Max-Forwards 0", func() Config { return testConfig(ok.URL) },
			func(*testGateway) string { return "OPTIONS /x HTTP/1.1\r\nHost: a\r\nMax-Forwards: 0\r\n\r\n" }, "OPTIONS", 204, ""},
		{"200 TRACE Max-Forwards 0", func() Config { return testConfig(ok.URL) },
			func(*testGateway) string { return "TRACE /x HTTP/1.1\r\nHost: a\r\nMax-Forwards: 0\r\n\r\n" }, "TRACE", 200, ""},
		{"400 bad X-Statuskit-Fault", func() Config {
			cfg := testConfig(ok.URL)
			cfg.AllowHeaderFaults = true
			return cfg
		}, func(*testGateway) string { return "GET /x HTTP/1.1\r\nHost: a\r\nX-Statuskit-Fault: explode\r\n\r\n" }, "GET", 400, ""},
		{"503 sequence with the store failing", func() Config {
			cfg := withRules(t, testConfig(ok.URL), sequenceRules)
			cfg.Store = failingStore{store.NewMemory(store.MemoryOptions{})}
			return cfg
		}, func(*testGateway) string { return "GET /checkout HTTP/1.1\r\nHost: a\r\n\r\n" }, "GET", 503, "first-two-fail"},
		{"503 abort", func() Config {
			return withRules(t, testConfig(ok.URL), "rules: [{id: down, abort: {status: 503}}]")
		}, func(*testGateway) string { return "GET /x HTTP/1.1\r\nHost: a\r\n\r\n" }, "GET", 503, "down"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			gw := startGateway(t, tc.cfg())
			res := exchange(t, gw.addr, tc.request(gw), tc.method)
			res.Body.Close()
			if res.StatusCode != tc.status {
				t.Fatalf("= %d, want %d", res.StatusCode, tc.status)
			}
			if res.Header.Get("X-Request-Id") == "" {
				t.Errorf("the gateway's %d has no X-Request-Id; every response the gateway makes carries one (docs/gateway.md)", tc.status)
			}
			if got := res.Header.Get("X-Statuskit-Rule"); got != tc.wantRule {
				t.Errorf("X-Statuskit-Rule = %q, want %q", got, tc.wantRule)
			}
		})
	}
}
