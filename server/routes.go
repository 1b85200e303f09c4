package server

import (
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/statuskit/statuskit/grade"
	"github.com/statuskit/statuskit/httpbin"
	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/reply"
	"github.com/statuskit/statuskit/route"
	"github.com/statuskit/statuskit/status"
	"github.com/statuskit/statuskit/store"
)

// codePattern is the route of the status endpoints.
const codePattern = "/{code}"

// sequencePattern is the route of the sequences (nonCanonical).
const sequencePattern = sequencePrefix + "{codes...}"

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
			if n, err := status.ParseCode(p[1:]); err == nil && fast[n] {
				r.Pattern = codePattern
				if err := s.codes.Serve(w, r, n); err != nil {
					reply.WriteError(w, r, err)
				}
				return
			}
		}
		if p := r.URL.EscapedPath(); !canonical(p) {
			s.nonCanonical(w, r, p)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// sequencePrefix is where the sequences live; an element's values may hold
// "/", "//" (an absolute URL in ;location=) and dot segments.
const sequencePrefix = "/sequence/"

// canonical says whether p (an escaped path) is what ServeMux would route
// as is: one that starts with "/" and holds no empty, "." or ".." segment
// (a trailing "/" aside). ServeMux answers any other path with its own 307
// to a cleaned one, in HTML and without Cache-Control, so the server
// answers those itself (nonCanonical).
func canonical(p string) bool {
	if p == "" || p[0] != '/' {
		return false
	}
	for rest := p[1:]; ; {
		seg, after, more := strings.Cut(rest, "/")
		if seg == "." || seg == ".." || (seg == "" && more) {
			return false
		}
		if !more {
			return true
		}
		rest = after
	}
}

// nonCanonical answers a path with an empty, "." or ".." segment. Under
// /sequence/ it is the sequence's, untouched: an element's values may hold
// "//" and dot segments (;location=http://host/x). Anywhere else the
// resource is the cleaned path's, and a 308 says so (keeping the method,
// RFC 9110, 15.4.9) in statuskit's negotiated format.
func (s *Server) nonCanonical(w http.ResponseWriter, r *http.Request, escaped string) {
	if strings.HasPrefix(escaped, sequencePrefix) {
		r.Pattern = sequencePattern
		r.SetPathValue("codes", strings.TrimPrefix(r.URL.Path, sequencePrefix))
		s.sequence.ServeHTTP(w, r)
		return
	}
	// escaped and Base are as the client sent them, so the Location is
	// already in URI form.
	clean := cleanPath(escaped)
	loc := reply.Base(r) + clean
	if r.URL.RawQuery != "" {
		loc += "?" + r.URL.RawQuery
	}
	w.Header()["Cache-Control"] = noStoreValue
	reply.Write(w, r, &reply.Response{Status: http.StatusPermanentRedirect, Location: loc,
		Message: fmt.Sprintf("%s has an empty, . or .. segment; statuskit's resources have none, and this one is %s",
			param.Clip(reply.Base(r)+escaped, 60), param.Clip(reply.Base(r)+clean, 60))})
}

// cleanPath is ServeMux's cleaning: path.Clean, keeping a trailing "/".
func cleanPath(p string) string {
	np := path.Clean("/" + p)
	if strings.HasSuffix(p, "/") && np != "/" {
		np += "/"
	}
	return np
}

// codeFastPath lists the codes whose path /NNN the mux routes to
// /{code} for every standard method.
func codeFastPath(mux *http.ServeMux) *[600]bool {
	var fast [600]bool
	u := &url.URL{}
	r := &http.Request{URL: u, Host: "statuskit.invalid", Header: http.Header{}}
	for n := 100; n < 600; n++ {
		u.Path = "/" + strconv.Itoa(n)
		fast[n] = true
		for _, m := range reply.StandardMethods {
			r.Method = m
			if _, pattern := mux.Handler(r); pattern != codePattern {
				fast[n] = false
			}
		}
	}
	return &fast
}

// mux is the whole HTTP surface.
func (s *Server) mux() *http.ServeMux {
	mux := http.NewServeMux()
	// Status endpoints take every standard method: the method is part of
	// what a client tests, and the responder applies the method rules.
	route.Any(mux, "/{code}", s.handleCode) // codePattern
	route.Any(mux, "/status/{codes}", s.handleCodeList)

	// httpbin-compatible endpoints (package httpbin). Read-only ones
	// answer GET and HEAD (OPTIONS says so, anything else 405 with
	// Allow); redirects take every method, since 307 and 308 preserve it.
	hb := s.httpbin
	route.Resource(mux, "/basic-auth/{user}/{pass}", route.GET(hb.BasicAuth(false)))
	route.Resource(mux, "/hidden-basic-auth/{user}/{pass}", route.GET(hb.BasicAuth(true)))
	route.Resource(mux, "/bearer", route.GET(hb.Bearer))
	route.Resource(mux, "/cache", route.GET(hb.Cache))
	route.Resource(mux, "/cache/{seconds}", route.GET(hb.CacheSeconds))
	route.Resource(mux, "/etag/{etag}", route.GET(hb.ETag))
	route.Resource(mux, "/range/{n}", route.GET(hb.Range))
	route.Any(mux, "/redirect/{n}", hb.Redirects(httpbin.RedirectChain{Prefix: "/redirect/", AbsoluteParam: true}))
	route.Any(mux, "/relative-redirect/{n}", hb.Redirects(httpbin.RedirectChain{Prefix: "/relative-redirect/"}))
	route.Any(mux, "/absolute-redirect/{n}", hb.Redirects(httpbin.RedirectChain{Prefix: "/absolute-redirect/", Absolute: true}))
	route.Any(mux, "/redirect-to", hb.RedirectTo)
	route.Resource(mux, "/websocket/echo", route.GET(s.codes.WebSocketEcho))
	route.Any(mux, "/anything", hb.Anything)
	route.Any(mux, "/anything/{path...}", hb.Anything)
	route.Any(mux, "/delay/{n}", hb.Delay)

	// The reference and the registry's JSON API (package reference), and
	// operations. Read-only: GET and HEAD, OPTIONS says so, anything else
	// 405 with Allow.
	route.Resource(mux, "/{$}", route.GET(s.site.Home))
	route.Resource(mux, "/codes", route.GET(s.site.Codes))
	route.Resource(mux, "/codes/{code}", route.GET(s.site.CodeInfo))
	route.Resource(mux, "/static/{name}", route.GETHandler(s.site.Static()))
	route.Resource(mux, "/openapi.json", route.GET(s.handleOpenAPI))
	route.Resource(mux, "/healthz", route.GET(s.handleHealth))
	route.Resource(mux, "/readyz", route.GET(s.handleReady))
	route.Resource(mux, "/metrics", route.GETHandler(noStore(s.metrics.Handler())))

	// Stateful scenarios (package scenario), their state in Config.Store.
	// Each element of a sequence answers any method, as /{code} does;
	// DELETE resets it. What they answer changes from one request to the
	// next, so no cache may reuse it (noStore).
	sc := s.scenarios
	s.sequence = changing(sc.Sequence)
	route.Any(mux, "/sequence/{codes...}", s.sequence) // sequencePattern; a literal, as openapi_test reads the patterns from this file
	route.Any(mux, "/sequence/{$}", s.sequence)
	route.Any(mux, "/ratelimit", changing(sc.RateLimit))
	route.Resource(mux, "/jobs", route.POST(sc.JobCreate))
	route.Resource(mux, "/jobs/{id}", route.GET(changing(sc.JobStatus)), route.DELETE(sc.JobCancel))
	route.Resource(mux, "/jobs/{id}/result", route.GET(changing(sc.JobResult)))
	route.Resource(mux, "/resources", route.POST(sc.ResourceBatch))
	route.Resource(mux, "/resources/{name}",
		route.GET(sc.ResourceGet), route.PUT(sc.ResourcePut), route.DELETE(sc.ResourceDelete))

	// Grading (package grade): exams answer their methods and record each
	// request of a client run under its key; /grade/{key} is the report card.
	g := s.grader()
	route.Resource(mux, "/exam", route.GET(g.Index))
	route.Any(mux, "/exam/{name}", g.Exam)
	route.Any(mux, "/exam/{name}/{step}", g.Exam)
	route.Resource(mux, "/grade/{key}", route.GET(g.Card), route.DELETE(g.Forget))
	route.Any(mux, "/grade", g.NoKey)
	route.Any(mux, "/grade/{$}", g.NoKey)

	route.Any(mux, "/", handleNoRoute)
	return mux
}

// grader serves the exams and report cards from Config.Journal, or from a
// journal beside Config.Store.
func (s *Server) grader() *grade.Grader {
	j := s.cfg.Journal
	if j == nil {
		j = store.JournalFor(s.cfg.Store, store.JournalOptions{MaxKeys: s.cfg.JournalMaxKeys,
			MaxEntries: s.cfg.JournalMaxEntries, MaxBytes: s.cfg.JournalMaxBytes, TTL: s.cfg.JournalTTL})
	}
	return grade.New(grade.Config{Journal: j, MaxWindow: s.cfg.ExamMaxWindow, Logger: s.cfg.Logger})
}

// changing marks a handler whose responses change from one request to the
// next: Cache-Control: no-store (noStore).
func changing(h reply.HandlerFunc) reply.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		w.Header()["Cache-Control"] = noStoreValue
		return h(w, r)
	}
}
