package server

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// codePattern is the route of the status endpoints.
const codePattern = "/{code}"

// routes lists the server's whole HTTP surface in one place, and puts the
// status endpoints' fast path in front of it.
func (s *Server) routes() http.Handler {
	mux := s.mux()
	fast := codeFastPath(mux)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// ServeMux costs about a fifth of a /503's time and its only
		// allocations; a path of three digits that the mux itself would
		// send to /{code} skips the search. fast was computed from the mux,
		// so a future route such as "GET /418" wins as it would there.
		if p := r.URL.Path; len(p) == 4 && p[0] == '/' {
			if n, ok := threeDigits(p[1:]); ok && fast[n] {
				r.Pattern = codePattern
				s.serveStatus(w, r, n)
				return
			}
		}
		mux.ServeHTTP(w, r)
	})
}

// codeFastPath lists the codes whose path /NNN the mux routes to
// /{code} for every standard method.
func codeFastPath(mux *http.ServeMux) *[600]bool {
	var fast [600]bool
	for n := 100; n < 600; n++ {
		fast[n] = true
		for _, m := range standardMethods {
			r, _ := http.NewRequest(m, "http://statuskit.invalid/"+strconv.Itoa(n), nil)
			if _, pattern := mux.Handler(r); pattern != codePattern {
				fast[n] = false
			}
		}
	}
	return &fast
}

// threeDigits reads "100".."599" without allocating.
func threeDigits(s string) (int, bool) {
	if len(s) != 3 || s[0] < '1' || s[0] > '5' || s[1] < '0' || s[1] > '9' || s[2] < '0' || s[2] > '9' {
		return 0, false
	}
	return int(s[0]-'0')*100 + int(s[1]-'0')*10 + int(s[2]-'0'), true
}

// mux is the whole HTTP surface.
func (s *Server) mux() *http.ServeMux {
	mux := http.NewServeMux()
	// Status endpoints take every standard method: the method is part of
	// what a client tests, and exchange.send applies the method rules.
	mux.Handle("/{code}", s.handleCode()) // codePattern
	mux.Handle("/status/{codes}", s.handleCodeList())
	// httpbin-compatible endpoints (auth.go, conditional.go, redirects.go).
	// Read-only ones answer GET and HEAD (OPTIONS says so, anything else
	// 405 with Allow); redirects take every method, since 307 and 308
	// preserve it.
	s.methods(mux, "/basic-auth/{user}/{pass}", getRoute(s.handleBasicAuth(false)))
	s.methods(mux, "/hidden-basic-auth/{user}/{pass}", getRoute(s.handleBasicAuth(true)))
	s.methods(mux, "/bearer", getRoute(http.HandlerFunc(s.handleBearer)))
	s.methods(mux, "/cache", getRoute(http.HandlerFunc(s.handleCache)))
	s.methods(mux, "/cache/{seconds}", getRoute(http.HandlerFunc(s.handleCacheSeconds)))
	s.methods(mux, "/etag/{etag}", getRoute(http.HandlerFunc(s.handleETag)))
	s.methods(mux, "/range/{n}", getRoute(http.HandlerFunc(s.handleRange)))
	mux.HandleFunc("/redirect/{n}", s.handleRedirects(redirectChain{prefix: "/redirect/", absoluteParam: true}))
	mux.HandleFunc("/relative-redirect/{n}", s.handleRedirects(redirectChain{prefix: "/relative-redirect/"}))
	mux.HandleFunc("/absolute-redirect/{n}", s.handleRedirects(redirectChain{prefix: "/absolute-redirect/", absolute: true}))
	mux.HandleFunc("/redirect-to", s.handleRedirectTo)
	// The reference and the registry's JSON API (registry.go), and
	// operations (ops.go). Read-only: GET and HEAD, OPTIONS says so,
	// anything else 405 with Allow.
	s.methods(mux, "/{$}", getRoute(s.handleHome()))
	s.methods(mux, "/codes", getRoute(s.handleCodes()))
	s.methods(mux, "/codes/{code}", getRoute(s.handleCodeInfo()))
	s.methods(mux, "/static/{name}", getRoute(s.site.Static()))
	s.methods(mux, "/openapi.json", getRoute(s.handleOpenAPI()))
	s.methods(mux, "/healthz", getRoute(s.handleHealth()))
	s.methods(mux, "/readyz", getRoute(s.handleReady()))
	s.methods(mux, "/metrics", getRoute(s.metrics.handler()))
	// Stateful scenarios (state.go, sequence.go, ratelimit.go, jobs.go,
	// resources.go), their state in Config.Store.
	s.statefulRoutes(mux)
	mux.Handle("/", s.handleNoRoute())
	return mux
}

// route is one method of a resource.
type route struct {
	method  string
	handler http.HandlerFunc
}

// methods registers a resource that answers only the given methods (GET
// brings HEAD, as RFC 9110, 9.3.2 requires). OPTIONS gets 204 with Allow;
// any other method 405 with Allow (RFC 9110, 15.5.6) in the server's own
// negotiated error format, not the mux's bare "Method Not Allowed".
func (s *Server) methods(mux *http.ServeMux, pattern string, routes ...route) {
	var allowed []string
	for _, rt := range routes {
		mux.HandleFunc(rt.method+" "+pattern, rt.handler)
		allowed = append(allowed, rt.method)
		if rt.method == http.MethodGet {
			allowed = append(allowed, http.MethodHead)
		}
	}
	allowed = append(allowed, http.MethodOptions)
	slices.SortFunc(allowed, func(a, b string) int {
		return slices.Index(standardMethods, a) - slices.Index(standardMethods, b)
	})
	allow := strings.Join(allowed, ", ")
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions {
			s.answer(w, r, http.StatusNoContent, modifiers{final: http.StatusOK, headers: []headerField{{"Allow", allow}}})
			return
		}
		w.Header().Set("Allow", allow)
		s.writeError(w, r, http.StatusMethodNotAllowed, fmt.Sprintf(
			"%s does not answer %s; it allows %s", pattern, r.Method, allow))
	})
}

// getRoute is a route for GET (and so HEAD).
func getRoute(h http.Handler) route { return route{http.MethodGet, h.ServeHTTP} }
