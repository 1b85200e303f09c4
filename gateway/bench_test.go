package gateway

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"testing"
)

// The gateway's own cost per forwarded request, against a bare
// httputil.ReverseProxy over the same loopback upstream: both handlers
// are called directly, on a writer that only resets its header map, so
// the difference is the gateway's work (rules, metrics, fields, Via).
// bench/gateway measures the whole stack with wrk.

type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(int)             {}
func (w *discardWriter) Flush()                      {}

func benchUpstream(b *testing.B) *httptest.Server {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = []string{"text/plain; charset=utf-8"}
		_, _ = io.WriteString(w, "ok\n")
	}))
	b.Cleanup(s.Close)
	return s
}

func benchHandler(b *testing.B, h http.Handler) {
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("User-Agent", "wrk")
	req.Header.Set("Accept", "*/*")
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, req)
	}
}

const tenRules = `
rules:
  - {id: r1, match: {path: /orders*}, abort: {status: 503, percent: 30, retry_after: 2}}
  - {id: r2, match: {path: /api/*/items}, delay: {fixed: 100ms}}
  - {id: r3, match: {method: POST}, abort: {status: 500, percent: 10}}
  - {id: r4, match: {method: [PUT, PATCH, DELETE]}, abort: {status: 409}}
  - {id: r5, match: {header: {X-Chaos: "on"}}, connection: {fault: reset, after: 10}}
  - {id: r6, match: {path: "*.json"}, throttle: {bytes_per_second: 1024}}
  - {id: r7, match: {path: /admin*}, maintenance: {retry_after: 60}}
  - {id: r8, match: {path: /checkout}, sequence: [503, 503, pass]}
  - {id: r9, match: {path: /search, header: {X-Env: "stag*"}}, delay: {uniform: [50ms, 300ms]}}
  - {id: r10, match: {path: /v2/*, header: {X-Client: "*"}}, shed: {max_in_flight: 10}}
`

func BenchmarkGatewayNoRules(b *testing.B) {
	g, err := New(testConfig(benchUpstream(b).URL))
	if err != nil {
		b.Fatal(err)
	}
	benchHandler(b, g)
}

func BenchmarkGatewayTenRulesNoMatch(b *testing.B) {
	g, err := New(withRules(b, testConfig(benchUpstream(b).URL), tenRules))
	if err != nil {
		b.Fatal(err)
	}
	benchHandler(b, g)
}

func BenchmarkBareReverseProxy(b *testing.B) {
	target, _ := url.Parse(benchUpstream(b).URL)
	cfg := DefaultConfig()
	benchHandler(b, &httputil.ReverseProxy{
		Rewrite:       func(pr *httputil.ProxyRequest) { pr.SetURL(target) },
		Transport:     newTransport(cfg),
		FlushInterval: -1,
	})
}
