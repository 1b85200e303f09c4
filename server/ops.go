package server

import (
	_ "embed"
	"net/http"
	"strconv"
	"sync"

	"github.com/statuskit/statuskit/reference"
)

// Operations endpoints: liveness, readiness and metrics, for load
// balancers, orchestrators and Prometheus.

// handleHealth is GET /healthz, liveness: the process is up and serving.
// It never depends on anything else, so a restart is not triggered by a
// problem a restart cannot fix.
func (s *Server) handleHealth() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.writeProbe(w, r, "ok")
	})
}

// handleReady is GET /readyz, readiness: false (503) once a graceful
// shutdown has begun, so a load balancer stops sending new requests while
// the in-flight ones finish.
func (s *Server) handleReady() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.Draining() {
			w.Header().Set("Retry-After", retryAfterSeconds(s.cfg.DrainTimeout))
			s.writeError(w, r, http.StatusServiceUnavailable,
				"draining: this server is shutting down and takes no new work; send requests to another instance")
			return
		}
		s.writeProbe(w, r, "ready")
	})
}

// writeProbe answers a probe with 200 and a one-word body, as text or
// JSON ({"status":"ok"}); probes must never be served from a cache.
func (s *Server) writeProbe(w http.ResponseWriter, r *http.Request, word string) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h["Vary"] = varyAccept
	var body []byte
	if negotiate(r.Header.Get("Accept")) == formatJSON {
		h.Set("Content-Type", formatJSON.contentType())
		body = []byte(`{"status":"` + word + `"}` + "\n")
	} else {
		h.Set("Content-Type", formatText.contentType())
		body = []byte(word + "\n")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// openAPIDocument is the OpenAPI 3.1 description of every endpoint;
// openapi_test.go validates it and checks real responses against it.
//
//go:embed openapi.json
var openAPIDocument []byte

// openAPIPage is the document prepared once per process (ETag, gzip),
// on first use: compressing it costs milliseconds, which every New would
// otherwise pay.
var openAPIPage = sync.OnceValue(func() reference.Page {
	return reference.NewPage(openAPIDocument, "application/json")
})

// handleOpenAPI is GET /openapi.json.
func (s *Server) handleOpenAPI() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reference.ServePage(w, r, openAPIPage())
	})
}
