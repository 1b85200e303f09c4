// Package server is statuskit's HTTP server: it answers any status code
// with the protocol semantics the registry (package status) records for
// it, the httpbin-compatible endpoints, the stateful scenarios, the web
// reference and the operations endpoints, composed into one http.Handler.
//
// The server is an http.Handler, so Go tests can mount it directly:
//
//	ts := httptest.NewServer(server.New(server.DefaultConfig()))
//
// and mount it under a prefix, every link it writes staying under that
// prefix:
//
//	mux.Handle("/sk/", http.StripPrefix("/sk", server.New(cfg)))
//
// What each part does lives in its own package: responder (the status
// endpoints), reply (the one response writer), param (query parameters),
// sample (the generated representation), route (resources and their
// methods), reference (the pages and JSON API), store (state). This
// package lists the HTTP surface (routes.go) and composes the
// origin-server policies around it.
package server

import (
	sc "github.com/statuskit/statuskit/scenario"
	"net/http"

	"github.com/statuskit/statuskit/httpbin"
	"github.com/statuskit/statuskit/metrics"
	"github.com/statuskit/statuskit/reference"
	"github.com/statuskit/statuskit/reply"
	"github.com/statuskit/statuskit/responder"
	"github.com/statuskit/statuskit/store"
)

// Server is the statuskit handler. Create it with New.
type Server struct {
	cfg     Config
	handler http.Handler
	// codes answers /{code} and every "answer with code N".
	codes *responder.Responder
	// httpbin and scenarios are the httpbin-compatible endpoints and the
	// stateful scenarios.
	httpbin   *httpbin.Endpoints
	scenarios *sc.Scenarios
	// sequence serves /sequence/{codes...}, also for a path the mux
	// would clean (nonCanonical).
	sequence reply.HandlerFunc
	// lifecycle says whether a graceful shutdown has begun (run.go).
	lifecycle lifecycleState
	// site renders the reference pages and the JSON API.
	site *reference.Site
	// metrics counts and times requests for /metrics.
	metrics *metrics.Metrics
}

// New builds a server from cfg, which it takes as given: a zero limit
// means zero (see Config). Start from DefaultConfig; call cfg.Validate
// first when the config comes from a person.
func New(cfg Config) *Server {
	cfg = cfg.withDefaults()
	if cfg.Store == nil {
		cfg.Store = store.NewMemory(store.MemoryOptions{MaxKeys: cfg.MaxKeys, MaxBytes: cfg.MaxStoreBytes})
	}
	s := &Server{
		cfg: cfg,
		codes: responder.New(responder.Config{
			MaxSleep:      cfg.MaxSleep,
			MaxSleeping:   cfg.MaxSleeping,
			MaxFields:     cfg.MaxResponseHeaders,
			MaxRangeSize:  cfg.MaxRangeSize,
			MaxEcho:       cfg.MaxEcho,
			EchoIdle:      min(cfg.IdleTimeout, maxEchoIdle),
			Unsafe:        cfg.Unsafe,
			RedirectHosts: cfg.RedirectHosts,
		}),
	}
	s.httpbin = httpbin.New(httpbin.Config{
		MaxRangeSize: cfg.MaxRangeSize, MaxRedirects: cfg.MaxRedirects,
		RedirectHosts: cfg.RedirectHosts, NotFound: noRoute,
		MaxSleep: cfg.MaxSleep, Sleep: s.codes.Sleep,
	})
	s.scenarios = sc.New(sc.Config{
		Store: cfg.Store, StateTTL: cfg.StateTTL, TombstoneTTL: cfg.TombstoneTTL,
		MaxJobDuration: cfg.MaxJobDuration, MaxResourceSize: cfg.MaxResourceSize, MaxBody: cfg.MaxBody,
		MaxRateLimit: cfg.MaxRateLimit, MaxWindow: cfg.MaxWindow, Logger: cfg.Logger,
	}, s.codes)
	s.site = reference.New(func(w http.ResponseWriter, r *http.Request, code int, message string) {
		reply.WriteError(w, r, reply.Errorf(code, "%s", message))
	})
	s.metrics = newMetrics(s)
	s.handler = s.metrics.Measure(s.middleware(s.routes()))
	return s
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// Config returns the effective configuration.
func (s *Server) Config() Config { return s.cfg }

// Sleeping reports how many requests are sleeping now (for metrics).
func (s *Server) Sleeping() int { return s.codes.Sleeping() }
