// Package policy holds the policies an origin server applies to every
// request, each an http.Handler wrapper: refusing methods it does not
// implement (501), answering CORS preflights and marking responses
// readable by scripts, bounding request content (413) without breaking
// Expect: 100-continue, turning panics into a 500, and logging what each
// client actually received.
//
// A transparent intermediary (statuskit's gateway) must not apply the
// first three: it forwards methods, CORS and content as they are. It
// composes Recover and Log only.
package policy

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"

	"github.com/statuskit/statuskit/field"
	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/reply"
)

// recognised reports whether method is one an origin server here
// implements (RFC 9110, 9.3, and PATCH from RFC 5789) or CONNECT, which it
// refuses with 405.
func recognised(method string) bool {
	switch method {
	case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT":
		return true
	}
	return false
}

// Methods answers 501 to methods the server does not implement (RFC 9110,
// 9.1 and 15.6.2) on every path, and 405 with Allow to CONNECT: an origin
// server that is not a proxy never opens tunnels (RFC 9110, 9.3.6).
func Methods(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !recognised(r.Method) {
			reply.WriteError(w, r, &reply.Error{Status: http.StatusNotImplemented,
				Fields: []reply.Field{{Name: "Allow", Value: reply.AllMethods}},
				Message: fmt.Sprintf("the method %q is not implemented by this server (method names are case-sensitive, RFC 9110, 9.1); use one of %s",
					param.Clip(r.Method, 40), reply.AllMethods)})
			return
		}
		if r.Method == http.MethodConnect {
			reply.WriteError(w, r, &reply.Error{Status: http.StatusMethodNotAllowed, Allow: reply.AllMethods, HasAllow: true,
				Message: "CONNECT asks for a tunnel, and this origin server does not open tunnels; use one of " + reply.AllMethods})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Recover turns a panic in next into a logged 500 instead of a dropped
// connection; http.ErrAbortHandler is net/http's deliberate abort and
// passes through.
func Recover(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
					panic(v)
				}
				log.LogAttrs(context.Background(), slog.LevelError, "panic",
					slog.String("path", r.URL.Path), slog.String("panic", fmt.Sprint(v)))
				reply.WriteError(w, r, errors.New("panic"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// CORS lets browser code call every endpoint: it answers preflights
// (Fetch standard, CORS protocol) and marks actual responses readable.
// origins lists the allowed origins ("*" for any; empty for none). Put it
// outside every other policy, so the 413, 501 and 500 they write carry its
// fields too: a browser that cannot read a refusal reports "Failed to
// fetch" instead of the status.
func CORS(origins []string, next http.Handler) http.Handler {
	anyOrigin := slices.Contains(origins, "*")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := first(r.Header["Origin"])
		if origin == "" {
			next.ServeHTTP(w, r)
			return
		}
		allowed := anyOrigin || slices.Contains(origins, origin)
		if !anyOrigin {
			// The answer depends on Origin, so caches must key on it.
			// Handlers assign Vary: Accept (dropping anything added
			// here), so Origin is added when the final header is written;
			// without it a cache would serve one origin's
			// Access-Control-Allow-Origin to another.
			w = &varyOrigin{ResponseWriter: w}
		}
		h := w.Header()
		if allowed {
			if anyOrigin {
				h["Access-Control-Allow-Origin"] = star
			} else {
				h.Set("Access-Control-Allow-Origin", origin)
			}
		}
		reqMethod := r.Header.Get("Access-Control-Request-Method")
		if r.Method == http.MethodOptions && reqMethod != "" {
			// A preflight is answered here, whatever the path: the
			// browser is asking about the real request, not this one.
			if !allowed {
				reply.WriteError(w, r, reply.Errorf(http.StatusForbidden, "origin %s is not allowed to call this server (--cors-origins)", param.Clip(origin, 80)))
				return
			}
			h.Set("Access-Control-Allow-Methods", reply.AllMethods)
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
			h["Access-Control-Expose-Headers"] = star
		}
		next.ServeHTTP(w, r)
	})
}

// star is a prebuilt "*" value, so a browser's request costs no
// allocation here.
var star = []string{"*"}

// varyOrigin adds Origin to Vary on the final response (not on 1xx, whose
// fields are the interim response's own).
type varyOrigin struct {
	http.ResponseWriter
	wrote bool
}

func (w *varyOrigin) WriteHeader(code int) {
	if !w.wrote && (code >= 200 || code == http.StatusSwitchingProtocols) {
		w.wrote = true
		if h := w.Header(); !field.HasToken(h["Vary"], "Origin") {
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

func first(values []string) string {
	if len(values) > 0 {
		return values[0]
	}
	return ""
}
