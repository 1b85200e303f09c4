package server

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// The hot-path benchmarks call Server.ServeHTTP directly on a reused
// ResponseWriter, so they measure statuskit's own work per request (mux,
// middleware, decision, header writing) without net/http's connection
// handling or httptest.ResponseRecorder's allocations. bench/run measures
// the whole stack over real connections; BenchmarkBare200 is the floor
// these numbers compare to.
//
//	go test -run '^$' -bench . -benchmem ./server/

// discardWriter is the cheapest possible http.ResponseWriter: it keeps one
// header map, cleared between requests as net/http gives each request a
// fresh one, and remembers only the status and body size.
type discardWriter struct {
	header http.Header
	status int
	bytes  int
}

func newDiscardWriter() *discardWriter { return &discardWriter{header: make(http.Header)} }

func (w *discardWriter) Header() http.Header { return w.header }

func (w *discardWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}

func (w *discardWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.bytes += len(b)
	return len(b), nil
}

func (w *discardWriter) reset() {
	clear(w.header)
	w.status, w.bytes = 0, 0
}

// benchServe runs h on one reused request and fails if any answer is not
// one of want, so a benchmark cannot quietly measure an error path.
func benchServe(b *testing.B, h http.Handler, r *http.Request, want ...int) {
	b.Helper()
	w := newDiscardWriter()
	b.ReportAllocs()
	for b.Loop() {
		w.reset()
		h.ServeHTTP(w, r)
		if !wanted(w.status, want) || w.bytes == 0 {
			b.Fatalf("%s %s answered %d with %d body bytes; want one of %v with a body", r.Method, r.URL, w.status, w.bytes, want)
		}
	}
}

func wanted(code int, want []int) bool {
	for _, c := range want {
		if c == code {
			return true
		}
	}
	return false
}

func benchRequest(target, accept string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, target, nil)
	if accept != "" {
		r.Header.Set("Accept", accept)
	}
	// What curl and wrk send; the server must look past them.
	r.Header.Set("User-Agent", "bench/1")
	return r
}

func BenchmarkServe200(b *testing.B) {
	benchServe(b, New(DefaultConfig()), benchRequest("/200", ""), http.StatusOK)
}

func BenchmarkServe503(b *testing.B) {
	benchServe(b, New(DefaultConfig()), benchRequest("/503", ""), http.StatusServiceUnavailable)
}

func BenchmarkServeJSON(b *testing.B) {
	benchServe(b, New(DefaultConfig()), benchRequest("/200", "application/json"), http.StatusOK)
}

func BenchmarkServeStatusList(b *testing.B) {
	benchServe(b, New(DefaultConfig()), benchRequest("/status/200:0.9,503:0.1", ""),
		http.StatusOK, http.StatusServiceUnavailable)
}

// bareBody and bareType are what bench/bare answers.
var (
	bareBody = []byte("ok\n")
	bareType = []string{"text/plain; charset=utf-8"}
)

// BenchmarkBare200 is the floor: the trivial handler bench/bare runs.
func BenchmarkBare200(b *testing.B) {
	bare := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header()["Content-Type"] = bareType
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(bareBody)
	})
	benchServe(b, bare, benchRequest("/", ""), http.StatusOK)
}
