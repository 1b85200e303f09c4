package httpbin

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/statuskit/statuskit/origin"
	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/reply"
	"github.com/statuskit/statuskit/status"
)

// redirectStatus reads ?status= (or httpbin's ?status_code=): a code the
// registry marks as a redirect a client follows through Location (301,
// 302, 303, 307, 308), 302 by default as in httpbin.
func redirectStatus(q url.Values) (int, error) {
	name := "status"
	if q.Has("status_code") {
		if q.Has("status") {
			return 0, param.Errorf("give ?status= or httpbin's ?status_code=, not both")
		}
		name = "status_code"
	}
	if !q.Has(name) {
		return http.StatusFound, nil
	}
	v := q.Get(name)
	n, err := status.ParseCode(v)
	if err != nil || status.MustLookup(n).Redirect == nil {
		return 0, param.Errorf("?%s=%q must be a redirect status a client follows: 301, 302, 303, 307 or 308 (307 and 308 keep the method and content, RFC 9110, 15.4), e.g. ?%s=307",
			name, param.Clip(v, 20), name)
	}
	return n, nil
}

// redirect answers with a redirect status to location through the one
// writer, which adds what the registry asks of that status.
func redirect(w http.ResponseWriter, r *http.Request, number int, location string) error {
	reply.Write(w, r, &reply.Response{Status: number, Location: location})
	return nil
}

// RedirectTo serves /redirect-to?url=&status=: one redirect to url with
// status (302 by default). The target must be relative, on this server,
// or on a host in RedirectHosts, so the server is not an open redirect.
// Every standard method is accepted: 307 and 308 tell the client to repeat
// it at the target.
func (e *Endpoints) RedirectTo(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r, "url", "status", "status_code")
	if err != nil {
		return err
	}
	number, err := redirectStatus(q)
	if err != nil {
		return err
	}
	if q.Get("url") == "" {
		return param.Errorf("?url= is required: the redirect target, a path on this server or a URL on an allowed host, e.g. %[1]s/redirect-to?url=%[1]s/200&status=307", reply.Base(r))
	}
	target, err := e.origins.Check(origin.RequestURL(r), q.Get("url"))
	if err != nil {
		return param.Errorf("?url=: %v", err)
	}
	return redirect(w, r, number, target)
}

// RedirectChain is one of httpbin's /redirect/{n} families: each hop
// points at the same family with n-1, and the last at /200, which answers
// 2xx so following ends on a success.
type RedirectChain struct {
	// Prefix is the family's path before {n}: "/redirect/".
	Prefix string
	// Absolute sends absolute URLs (http://host/...) rather than absolute
	// paths; AbsoluteParam lets ?absolute=true choose, as httpbin's
	// /redirect/{n} does.
	Absolute      bool
	AbsoluteParam bool
}

// Redirects serves /redirect/{n}, /relative-redirect/{n} and
// /absolute-redirect/{n}: n redirects (1 to MaxRedirects) with ?status=
// (302 by default), kept on every hop, ending at /200. Every standard
// method is accepted, so a 307 or 308 chain can carry a POST to the end.
func (e *Endpoints) Redirects(c RedirectChain) reply.HandlerFunc {
	known := []string{"status", "status_code"}
	if c.AbsoluteParam {
		known = append(known, "absolute")
	}
	return func(w http.ResponseWriter, r *http.Request) error {
		q, err := query(r, known...)
		if err != nil {
			return err
		}
		number, err := redirectStatus(q)
		if err != nil {
			return err
		}
		absolute := c.Absolute
		if q.Has("absolute") {
			if absolute, err = param.Bool(q, "absolute"); err != nil {
				return err
			}
		}
		n, err := param.Count(r, "n", int64(e.cfg.MaxRedirects), "--max-redirects")
		if err != nil {
			return err
		}
		next := "/200"
		if n > 1 {
			// The query (?status=, ?absolute=) is validated, and the
			// rest of the chain needs it; /200 would refuse it.
			next = c.Prefix + strconv.FormatInt(n-1, 10)
			if r.URL.RawQuery != "" {
				next += "?" + r.URL.RawQuery
			}
		}
		next = reply.Link(r, next)
		if absolute {
			if r.Host == "" {
				return param.Errorf("an absolute redirect names this server's host, and the request has no Host; send one, or use %s/relative-redirect/{n}", reply.Base(r))
			}
			scheme := "http"
			if r.TLS != nil {
				scheme = "https"
			}
			next = scheme + "://" + r.Host + next
		}
		return redirect(w, r, number, next)
	}
}
