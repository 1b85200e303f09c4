package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// The httpbin-compatible endpoints (auth.go, conditional.go, redirects.go)
// keep httpbin's paths and JSON shapes, so a test suite can switch from
// httpbin.org or go-httpbin by changing the host, but they follow the RFCs
// where httpbin does not (a 403 for a user without the role, 304 only when
// a validator really matches, no open redirect). The README lists every
// difference.

// unsupportedParams explain httpbin parameters statuskit deliberately does
// not take, by endpoint and parameter, so a suite moving from httpbin
// learns why its request fails.
var unsupportedParams = map[string]string{
	"/bearer?access_token":  "send the token in the Authorization field instead (Authorization: Bearer <token>, RFC 6750, 2.1); tokens in URLs end up in logs",
	"/range/{n}?chunk_size": "statuskit sends the range in one piece; remove it",
	"/range/{n}?duration":   "statuskit does not pace the body; use /{code}?sleep= for a slow response",
}

// endpointParams parses the query of a GET endpoint named by its route
// pattern (queryParams).
func endpointParams(r *http.Request, known ...string) (url.Values, error) {
	return queryParams(r, strings.TrimPrefix(r.Pattern, http.MethodGet+" "), known)
}

// queryParams parses the query of an endpoint that takes only the known
// parameters, each at most once. Unknown and repeated parameters are
// refused, as on the status endpoints, so a typo is reported rather than
// silently ignored; httpbin parameters statuskit leaves out say why.
func queryParams(r *http.Request, endpoint string, known []string) (url.Values, error) {
	if r.URL.RawQuery == "" {
		return url.Values{}, nil
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, badInput("the query string is not valid URL encoding (%v); encode values with percent-escapes, e.g. ?url=%%2F200", err)
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys) // the same mistake is reported first every time
	for _, k := range keys {
		if !slices.Contains(known, k) {
			if why, ok := unsupportedParams[endpoint+"?"+k]; ok {
				return nil, badInput("?%s= is not supported by %s: %s", k, endpoint, why)
			}
			if len(known) == 0 {
				return nil, badInput("unknown query parameter %q: %s takes no parameters", truncate(k, 40), endpoint)
			}
			return nil, badInput("unknown query parameter %q: %s takes %s", truncate(k, 40), endpoint, strings.Join(known, ", "))
		}
		if len(q[k]) > 1 {
			return nil, badInput("?%s= was given %d times; give it once", k, len(q[k]))
		}
	}
	return q, nil
}

// pathCount reads a count from the path, the {n} of /range/{n} or
// /redirect/{n}: a whole number from 1 to limit, which limitFlag sets.
func pathCount(r *http.Request, name string, limit int64, limitFlag string) (int64, error) {
	text := r.PathValue(name)
	endpoint := strings.TrimPrefix(r.Pattern, http.MethodGet+" ")
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil || !isDigits(text) || n < 1 || n > limit {
		return 0, badInput("%q in %s must be a whole number from 1 to %d (%s), e.g. %s",
			truncate(text, 20), endpoint, limit, limitFlag, strings.Replace(endpoint, "{"+name+"}", strconv.FormatInt(min(3, limit), 10), 1))
	}
	return n, nil
}

// newExchange prepares a response with number written by exchange.send,
// the one writer that knows bodiless codes and HEAD.
func (s *Server) newExchange(w http.ResponseWriter, r *http.Request, number int) *exchange {
	return &exchange{
		s: s, w: w, r: r, number: number,
		code:   codeFor(number),
		beh:    behaviourFor(number),
		mods:   modifiers{final: http.StatusOK},
		format: negotiate(r.Header.Get("Accept")),
	}
}

// replyJSON answers with v as JSON, httpbin's format for these endpoints
// whatever the Accept field says (errors are still negotiated).
func (s *Server) replyJSON(w http.ResponseWriter, r *http.Request, number int, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	x := s.newExchange(w, r, number)
	x.body, x.ctype = b.Bytes(), "application/json"
	x.send()
}
