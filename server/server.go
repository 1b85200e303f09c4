// Package server is statuskit's HTTP server: it answers any status code with
// the protocol semantics the registry (package status) records for it.
//
// The server is an http.Handler, so Go tests can mount it directly:
//
//	ts := httptest.NewServer(server.New(server.Config{}))
//
// A request flows one way: middleware (method check, limits, CORS, logging)
// → parse and validate (any error is a 4xx with a precise message) → decide
// (the per-code behaviour table in behaviour.go) → write (exchange.send, the
// one writer that knows bodiless codes, HEAD and content negotiation).
package server

import (
	"net/http"
	"sync/atomic"

	"github.com/statuskit/statuskit/reference"
	"github.com/statuskit/statuskit/store"
)

// Server is the statuskit handler. Create it with New.
type Server struct {
	cfg     Config
	handler http.Handler
	limits  modifierLimits
	// sleeping is a semaphore bounding concurrently sleeping requests.
	sleeping chan struct{}
	// ids numbers created resources and monitors in Location headers.
	ids atomic.Uint64
	// draining is set by Run during graceful shutdown.
	draining atomic.Bool
	// unavailableLog spaces the warnings of an unreachable state store.
	unavailableLog logThrottle
	// site renders the reference pages (registry.go).
	site *reference.Site
	// metrics counts and times requests for /metrics (metrics.go).
	metrics *metrics
}

// New builds a server from cfg; zero fields take DefaultConfig's values.
// Call cfg.Validate first when the config comes from a person.
func New(cfg Config) *Server {
	cfg = cfg.withDefaults()
	if cfg.Store == nil {
		cfg.Store = store.NewMemory(store.MemoryOptions{MaxKeys: cfg.MaxKeys, MaxBytes: cfg.MaxStoreBytes})
	}
	s := &Server{
		cfg:      cfg,
		sleeping: make(chan struct{}, cfg.MaxSleeping),
		limits: modifierLimits{
			maxSleep:     cfg.MaxSleep,
			maxHeaders:   cfg.MaxResponseHeaders,
			maxRangeSize: cfg.MaxRangeSize,
			unsafe:       cfg.Unsafe,
		},
	}
	defaultBodies() // render the cached bodies now, not on the first request
	s.site = reference.New(s.writeError)
	s.metrics = newMetrics(s)
	s.handler = s.metrics.measure(s.middleware(s.routes()))
	return s
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// Config returns the effective configuration, defaults filled in.
func (s *Server) Config() Config { return s.cfg }
