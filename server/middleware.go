package server

import (
	"net/http"

	"github.com/statuskit/statuskit/lifecycle"
	"github.com/statuskit/statuskit/metrics"
	"github.com/statuskit/statuskit/policy"
)

// middleware wraps the mux in the origin server's policies, outermost
// first: the request log (what each client received), CORS (so every
// response carries it, whichever layer writes it), recovery from panics,
// 414 and 431 for a head over the limits, 501 for methods the server does
// not implement, and the content limit.
func (s *Server) middleware(next http.Handler) http.Handler {
	h := policy.BodyLimit(s.cfg.MaxBody, next)
	h = policy.Methods(h)
	h = policy.HeadLimits(s.cfg.MaxURIBytes, s.cfg.MaxHeaderBytes, h)
	h = policy.Recover(s.cfg.Logger, h)
	h = policy.CORS(s.cfg.CORSOrigins, h)
	return policy.Log(s.cfg.Logger, h)
}

// newMetrics builds the server's instruments: the request counters and
// timings, and the sleeping and draining gauges.
func newMetrics(s *Server) *metrics.Metrics {
	m := metrics.New(metrics.Options{Namespace: "statuskit", HotRoute: codePattern, Process: true})
	m.Gauge("statuskit", "sleeping_requests", "Requests waiting out a ?sleep= delay now.",
		func() float64 { return float64(s.Sleeping()) })
	m.Gauge("statuskit", "sleeping_requests_limit", "Most requests that may sleep at once (--max-sleeping); more get 503.",
		func() float64 { return float64(s.cfg.MaxSleeping) })
	m.Gauge("statuskit", "draining", "1 while the server is shutting down gracefully, else 0.", func() float64 {
		if s.Draining() {
			return 1
		}
		return 0
	})
	return m
}

// Operations endpoints: liveness, readiness and metrics, for load
// balancers, orchestrators and Prometheus.

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) error {
	return lifecycle.Health(w, r)
}

func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) error {
	return s.lifecycle.Ready(s.cfg.DrainTimeout)(w, r)
}

// noStore marks a route's responses Cache-Control: no-store: their content
// changes from one request to the next (a sequence's position, a quota, a
// job's state, the metrics), so no cache may reuse them heuristically (RFC
// 9111, 4.2.2).
func noStore(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Cache-Control"] = noStoreValue
		next.ServeHTTP(w, r)
	})
}

var noStoreValue = []string{"no-store"}
