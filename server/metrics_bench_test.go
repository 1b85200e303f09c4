package server

import (
	"net/http"
	"testing"
)

// BenchmarkMetricsOverhead measures what the metrics layer adds to the
// hot path: the same server with and without it, on /200 and /503.
//
//	go test -run '^$' -bench MetricsOverhead -benchmem ./server/
func BenchmarkMetricsOverhead(b *testing.B) {
	s := New(DefaultConfig())
	without := s.middleware(s.routes())
	for _, tc := range []struct {
		path string
		code int
	}{{"/200", http.StatusOK}, {"/503", http.StatusServiceUnavailable}} {
		b.Run(tc.path[1:]+"/without", func(b *testing.B) {
			benchServe(b, without, benchRequest(tc.path, ""), tc.code)
		})
		b.Run(tc.path[1:]+"/with", func(b *testing.B) {
			benchServe(b, s, benchRequest(tc.path, ""), tc.code)
		})
	}
}

// BenchmarkMetricsLayer isolates the metrics layer's own cost around the
// trivial handler of BenchmarkBare200, routed through a mux so r.Pattern
// is set as in the server.
func BenchmarkMetricsLayer(b *testing.B) {
	mux := http.NewServeMux()
	mux.HandleFunc("/{code}", func(w http.ResponseWriter, _ *http.Request) {
		w.Header()["Content-Type"] = bareType
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(bareBody)
	})
	s := New(DefaultConfig())
	b.Run("bare", func(b *testing.B) { benchServe(b, mux, benchRequest("/200", ""), http.StatusOK) })
	b.Run("measured", func(b *testing.B) { benchServe(b, s.metrics.Measure(mux), benchRequest("/200", ""), http.StatusOK) })
}
