package scenario_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/statuskit/statuskit/responder"
	"github.com/statuskit/statuskit/route"
	"github.com/statuskit/statuskit/scenario"
	"github.com/statuskit/statuskit/store"
)

// newMux serves the scenarios as the status server mounts them, on a
// memory store.
func newMux(t *testing.T) *http.ServeMux {
	t.Helper()
	codes := responder.New(responder.Config{MaxSleep: time.Second, MaxSleeping: 10, MaxFields: 8, MaxRangeSize: 1 << 20})
	sc := scenario.New(scenario.Config{
		Store: store.NewMemory(store.MemoryOptions{MaxKeys: 100}), StateTTL: time.Hour, TombstoneTTL: time.Minute,
		MaxJobDuration: time.Minute, MaxResourceSize: 1 << 16, MaxBody: 1 << 20, MaxRateLimit: 1000, MaxWindow: time.Hour,
	}, codes)
	mux := http.NewServeMux()
	route.Any(mux, "/sequence/{codes...}", sc.Sequence)
	route.Any(mux, "/ratelimit", sc.RateLimit)
	route.Resource(mux, "/jobs", route.POST(sc.JobCreate))
	route.Resource(mux, "/jobs/{id}", route.GET(sc.JobStatus), route.DELETE(sc.JobCancel))
	route.Resource(mux, "/jobs/{id}/result", route.GET(sc.JobResult))
	route.Resource(mux, "/resources", route.POST(sc.ResourceBatch))
	route.Resource(mux, "/resources/{name}", route.GET(sc.ResourceGet), route.PUT(sc.ResourcePut), route.DELETE(sc.ResourceDelete))
	return mux
}

// do sends one request to h and returns the recorded response and its
// content.
func do(t *testing.T, h http.Handler, method, target, body string, header ...string) (*http.Response, string) {
	t.Helper()
	var rd io.Reader
	if body != "" || method == http.MethodPut || method == http.MethodPost {
		rd = strings.NewReader(body)
	}
	r := httptest.NewRequest(method, target, rd)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	res := w.Result()
	return res, w.Body.String()
}
