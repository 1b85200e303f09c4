package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// standardMethods are the methods the server recognises (RFC 9110, 9.3, and
// PATCH from RFC 5789). Method names are case-sensitive (RFC 9110, 9.1):
// "get" is an unknown method.
var standardMethods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"}

// allMethods is the Allow value of a resource that takes every method.
var allMethods = strings.Join(standardMethods, ", ")

func recognised(method string) bool {
	switch method {
	case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT":
		return true
	}
	return false
}

// middleware wraps the mux in the server-wide policies, outermost first.
func (s *Server) middleware(next http.Handler) http.Handler {
	return s.recoverPanics(s.logRequests(s.checkMethod(s.limitBody(s.cors(next)))))
}

// checkMethod answers 501 to methods the server does not implement
// (RFC 9110, 9.1 and 15.6.2) on every path, and 405 with Allow to CONNECT:
// this is an origin server, not a proxy, so it never opens tunnels
// (RFC 9110, 9.3.6).
func (s *Server) checkMethod(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !recognised(r.Method) {
			w.Header().Set("Allow", allMethods)
			s.writeError(w, r, http.StatusNotImplemented, fmt.Sprintf(
				"the method %q is not implemented by this server (method names are case-sensitive, RFC 9110, 9.1); use one of %s",
				truncate(r.Method, 40), allMethods))
			return
		}
		if r.Method == http.MethodConnect {
			w.Header().Set("Allow", allMethods)
			s.writeError(w, r, http.StatusMethodNotAllowed,
				"CONNECT asks for a tunnel, and this origin server does not open tunnels; use one of "+allMethods)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// limitBody refuses declared bodies over MaxBody with 413 before reading
// them, and caps undeclared (chunked) ones while they are read.
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > s.cfg.MaxBody {
			// The body is not read; closing the connection afterwards
			// stops the client from sending it (RFC 9110, 15.5.14).
			w.Header().Set("Connection", "close")
			s.writeError(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf(
				"the request body is %d bytes; this server accepts at most %d (--max-body)", r.ContentLength, s.cfg.MaxBody))
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBody)
		}
		next.ServeHTTP(w, r)
	})
}

// cors lets browser code call every endpoint: it answers preflights
// (Fetch standard, CORS protocol) and marks actual responses readable.
func (s *Server) cors(next http.Handler) http.Handler {
	any := slices.Contains(s.cfg.CORSOrigins, "*")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := field(r.Header, "Origin")
		if origin == "" {
			next.ServeHTTP(w, r)
			return
		}
		allowed := any || slices.Contains(s.cfg.CORSOrigins, origin)
		if !any {
			// The answer depends on Origin, so caches must key on it.
			// Handlers assign Vary: Accept (dropping anything added
			// here), so Origin is added when the final header is written;
			// without it a cache would serve one origin's
			// Access-Control-Allow-Origin to another.
			w = &varyOrigin{ResponseWriter: w}
		}
		h := w.Header()
		if allowed {
			if any {
				h["Access-Control-Allow-Origin"] = anyOrigin
			} else {
				h.Set("Access-Control-Allow-Origin", origin)
			}
		}
		reqMethod := r.Header.Get("Access-Control-Request-Method")
		if r.Method == http.MethodOptions && reqMethod != "" {
			// A preflight is answered here, whatever the path: the
			// browser is asking about the real request, not this one.
			if !allowed {
				s.writeError(w, r, http.StatusForbidden, fmt.Sprintf("origin %s is not allowed to call this server (--cors-origins)", origin))
				return
			}
			h.Set("Access-Control-Allow-Methods", allMethods)
			if rh := r.Header.Get("Access-Control-Request-Headers"); rh != "" {
				h.Set("Access-Control-Allow-Headers", rh)
			}
			h.Set("Access-Control-Max-Age", "600")
			h.Add("Vary", "Access-Control-Request-Method, Access-Control-Request-Headers")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if allowed {
			// Let scripts read Retry-After, Location, Allow and the rest;
			// that is the point of calling a status server from a page.
			h["Access-Control-Expose-Headers"] = exposeAll
		}
		next.ServeHTTP(w, r)
	})
}

// Prebuilt CORS values for the common answer (every origin allowed), so a
// browser's request costs no allocation or key canonicalisation here.
var (
	anyOrigin = []string{"*"}
	exposeAll = []string{"*"}
)

// varyOrigin adds Origin to Vary on the final response (not on 1xx, whose
// fields are the interim response's own).
type varyOrigin struct {
	http.ResponseWriter
	wrote bool
}

func (w *varyOrigin) WriteHeader(code int) {
	if !w.wrote && (code >= 200 || code == http.StatusSwitchingProtocols) {
		w.wrote = true
		if h := w.Header(); !hasToken(h["Vary"], "Origin") {
			h.Add("Vary", "Origin")
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *varyOrigin) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach Flush and Hijack.
func (w *varyOrigin) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests writes one line per request at Info. When Info is disabled it
// adds nothing to the request path.
func (s *Server) logRequests(next http.Handler) http.Handler {
	log := s.cfg.Logger
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !log.Enabled(r.Context(), slog.LevelInfo) {
			next.ServeHTTP(w, r)
			return
		}
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.status),
			slog.Int64("bytes", rec.bytes),
			slog.Duration("duration", time.Since(start)),
			slog.String("proto", r.Proto),
			slog.String("remote", r.RemoteAddr),
		)
	})
}

// recoverPanics turns a bug into a logged 500 instead of a dropped
// connection; http.ErrAbortHandler is net/http's deliberate abort and
// passes through.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
					panic(v)
				}
				s.cfg.Logger.LogAttrs(context.Background(), slog.LevelError, "panic",
					slog.String("path", r.URL.Path), slog.String("panic", fmt.Sprint(v)))
				http.Error(w, "500 Internal Server Error: statuskit hit a bug; the server log has details", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// retryAfterSeconds renders a whole number of seconds for Retry-After.
func retryAfterSeconds(d time.Duration) string {
	return strconv.Itoa(max(1, int((d+time.Second-1)/time.Second)))
}

// field is Header.Get for a name already in canonical form: net/http
// stores request fields under canonical keys (HTTP/1 and HTTP/2 alike), so
// the hot path can skip Get's canonicalisation.
func field(h http.Header, canonicalName string) string {
	if v := h[canonicalName]; len(v) > 0 {
		return v[0]
	}
	return ""
}
