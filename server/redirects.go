package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/statuskit/statuskit/status"
)

// redirectStatus reads ?status= (or httpbin's ?status_code=): a code the
// registry marks as a redirect a client follows through Location (301,
// 302, 303, 307, 308), 302 by default as in httpbin.
func redirectStatus(q url.Values) (int, error) {
	name := "status"
	if q.Has("status_code") {
		if q.Has("status") {
			return 0, badInput("give ?status= or httpbin's ?status_code=, not both")
		}
		name = "status_code"
	}
	if !q.Has(name) {
		return http.StatusFound, nil
	}
	v := q.Get(name)
	n, err := strconv.Atoi(v)
	if err != nil || len(v) != 3 || n < 100 || n > 599 || status.MustLookup(n).Redirect == nil {
		return 0, badInput("?%s=%q must be a redirect status a client follows: 301, 302, 303, 307 or 308 (307 and 308 keep the method and content, RFC 9110, 15.4), e.g. ?%s=307",
			name, truncate(v, 20), name)
	}
	return n, nil
}

// redirect answers with a redirect status through the behaviour table, as
// /{code}?location= does, so Location comes from the same producer.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, number int, location string) {
	x := s.newExchange(w, r, number)
	x.mods.location = location
	x.respond()
}

// handleRedirectTo serves /redirect-to?url=&status=: one redirect to url
// with status (302 by default). The target must be relative, on this
// server, or on a host in --redirect-hosts, so the server is not an open
// redirect. Every standard method is accepted: 307 and 308 tell the
// client to repeat it at the target.
func (s *Server) handleRedirectTo(w http.ResponseWriter, r *http.Request) {
	q, err := endpointParams(r, "url", "status", "status_code")
	if err != nil {
		s.writeError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	number, err := redirectStatus(q)
	if err != nil {
		s.writeError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	if q.Get("url") == "" {
		s.writeError(w, r, http.StatusBadRequest, "?url= is required: the redirect target, a path on this server or a URL on an allowed host, e.g. /redirect-to?url=/200&status=307")
		return
	}
	target, err := checkRedirectTarget(r, "url", q.Get("url"), s.cfg.RedirectHosts)
	if err != nil {
		s.writeError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	s.redirect(w, r, number, target)
}

// redirectChain is one of httpbin's /redirect/{n} families: each hop
// points at the same family with n-1, and the last at /200, which answers
// 2xx so following ends on a success.
type redirectChain struct {
	prefix string // "/redirect/"
	// absolute sends absolute URLs (http://host/...) rather than
	// absolute paths; absoluteParam lets ?absolute=true choose, as
	// httpbin's /redirect/{n} does.
	absolute      bool
	absoluteParam bool
}

// handleRedirects serves /redirect/{n}, /relative-redirect/{n} and
// /absolute-redirect/{n}: n redirects (1 to --max-redirects) with ?status=
// (302 by default), kept on every hop, ending at /200. Every standard
// method is accepted, so a 307 or 308 chain can carry a POST to the end.
func (s *Server) handleRedirects(c redirectChain) http.HandlerFunc {
	known := []string{"status", "status_code"}
	if c.absoluteParam {
		known = append(known, "absolute")
	}
	return func(w http.ResponseWriter, r *http.Request) {
		q, err := endpointParams(r, known...)
		if err != nil {
			s.writeError(w, r, http.StatusBadRequest, err.Error())
			return
		}
		number, err := redirectStatus(q)
		if err != nil {
			s.writeError(w, r, http.StatusBadRequest, err.Error())
			return
		}
		absolute := c.absolute
		if q.Has("absolute") {
			switch v := q.Get("absolute"); v {
			case "true":
				absolute = true
			case "false":
			default:
				s.writeError(w, r, http.StatusBadRequest, fmt.Sprintf("?absolute=%q must be true or false", truncate(v, 20)))
				return
			}
		}
		n, err := pathCount(r, "n", int64(s.cfg.MaxRedirects), "--max-redirects")
		if err != nil {
			s.writeError(w, r, http.StatusBadRequest, err.Error())
			return
		}
		next := defaultRedirect[0]
		if n > 1 {
			// The query (?status=, ?absolute=) is validated, and the
			// rest of the chain needs it; /200 would refuse it.
			next = c.prefix + strconv.FormatInt(n-1, 10)
			if r.URL.RawQuery != "" {
				next += "?" + r.URL.RawQuery
			}
		}
		if absolute {
			if r.Host == "" {
				s.writeError(w, r, http.StatusBadRequest, "an absolute redirect names this server's host, and the request has no Host; send one, or use /relative-redirect/{n}")
				return
			}
			scheme := "http"
			if r.TLS != nil {
				scheme = "https"
			}
			next = scheme + "://" + r.Host + next
		}
		s.redirect(w, r, number, next)
	}
}
