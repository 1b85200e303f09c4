package server

import "net/http"

// routes lists the server's whole HTTP surface in one place.
func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	// Status endpoints take every standard method: the method is part of
	// what a client tests, and exchange.send applies the method rules.
	mux.Handle("/{code}", s.handleCode())
	mux.Handle("/status/{codes}", s.handleCodeList())
	// httpbin-compatible endpoints (auth.go, conditional.go, redirects.go).
	// Read-only ones answer GET and HEAD, anything else 405 with Allow;
	// redirects take every method, since 307 and 308 preserve it.
	s.readOnly(mux, "/basic-auth/{user}/{pass}", s.handleBasicAuth(false))
	s.readOnly(mux, "/hidden-basic-auth/{user}/{pass}", s.handleBasicAuth(true))
	s.readOnly(mux, "/bearer", s.handleBearer)
	s.readOnly(mux, "/cache", s.handleCache)
	s.readOnly(mux, "/cache/{seconds}", s.handleCacheSeconds)
	s.readOnly(mux, "/etag/{etag}", s.handleETag)
	s.readOnly(mux, "/range/{n}", s.handleRange)
	mux.HandleFunc("/redirect/{n}", s.handleRedirects(redirectChain{prefix: "/redirect/", absoluteParam: true}))
	mux.HandleFunc("/relative-redirect/{n}", s.handleRedirects(redirectChain{prefix: "/relative-redirect/"}))
	mux.HandleFunc("/absolute-redirect/{n}", s.handleRedirects(redirectChain{prefix: "/absolute-redirect/", absolute: true}))
	mux.HandleFunc("/redirect-to", s.handleRedirectTo)
	// The reference and the registry's JSON API (registry.go), and
	// operations (ops.go). Read-only: GET and HEAD, OPTIONS says so,
	// anything else 405 with Allow.
	s.getOnly(mux, "/{$}", s.handleHome())
	s.getOnly(mux, "/codes", s.handleCodes())
	s.getOnly(mux, "/codes/{code}", s.handleCodeInfo())
	s.getOnly(mux, "/static/{name}", s.site.Static())
	s.getOnly(mux, "/openapi.json", s.handleOpenAPI())
	s.getOnly(mux, "/healthz", s.handleHealth())
	s.getOnly(mux, "/readyz", s.handleReady())
	s.getOnly(mux, "/metrics", s.metrics.handler())
	// Stateful scenarios (state.go, sequence.go, ratelimit.go, jobs.go,
	// resources.go), their state in Config.Store.
	s.statefulRoutes(mux)
	mux.Handle("/", s.handleNoRoute())
	return mux
}
