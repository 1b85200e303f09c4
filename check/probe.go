package check

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/statuskit/statuskit/check/wire"
	"github.com/statuskit/statuskit/field"
	"github.com/statuskit/statuskit/status"
)

// Target is one thing to check: a URL, probed with every safe probe, or
// (from an OpenAPI document) one operation with another method, sent once
// with its example content when Config.AllowUnsafe allows.
type Target struct {
	// URL is absolute, http or https.
	URL string
	// Method is "" or GET for a URL probed in full; another method is
	// one request.
	Method string
	// ContentType and Content are the request content of an operation.
	ContentType string
	Content     []byte
}

// The probes, as named in evidence and in the observation.
const (
	probeGet        = "GET"
	probeGetAgain   = "GET again"
	probeHead       = "HEAD"
	probeHeadAgain  = "HEAD again"
	probeOptions    = "OPTIONS"
	probeUnknown    = "unknown method"
	probeRandom     = "random path"
	probeMalformed  = "malformed request"
	probeINM        = "If-None-Match"
	probeIMS        = "If-Modified-Since"
	probeIfMatch    = "failing If-Match"
	probeRange      = "Range"
	probeBadRange   = "unsatisfiable Range"
	probeAnonymous  = "without credentials"
	probeRedirect   = "redirect hop"
	probeRefused    = "refused method"
	probeMediaType  = "unsupported media type"
	probeOperation  = "operation"
	unknownMethod   = "FOO"
	unsupportedType = "application/x-statuskit-check"
	// longChain is the chain length above which redirects are reported:
	// RFC 9110, 15.4 notes that an earlier HTTP specification recommended
	// at most five.
	longChain = 5
)

// exchange is one request and what came back.
type exchange struct {
	probe string
	req   *wire.Request
	resp  *wire.Response
	err   error
}

// ok reports whether a whole response came back.
func (x *exchange) ok() bool { return x != nil && x.resp != nil && x.err == nil }

// status is the response's status code, 0 without a response.
func (x *exchange) status() int {
	if !x.ok() {
		return 0
	}
	return x.resp.Status
}

// observation is everything learnt about one target.
type observation struct {
	target    Target
	url       *url.URL
	get       *exchange // the first request; nil for an operation target
	getAgain  *exchange // only when HEAD and GET disagreed
	head      *exchange
	headAgain *exchange // likewise
	options   *exchange
	unknown   *exchange
	random    *exchange
	bad       *exchange // the malformed request
	inm, ims  *exchange
	ifMatch   *exchange
	rng       *exchange
	badRange  *exchange
	anon      *exchange
	hops      []*exchange // redirect hops after get
	loop      bool        // the last hop's Location was seen before
	endless   bool        // still redirecting after Config.MaxRedirects hops
	refused   []*exchange
	media     *exchange
	op        *exchange
	all       []*exchange
	// originAllow are the methods some Allow field of this target's
	// origin listed during the run (filled after every target is probed).
	originAllow map[string]bool
	// credentials are the names of the fields given in Config.Header.
	credentials []string
}

func (c *Checker) newRequest(method string, u *url.URL, withCredentials bool) *wire.Request {
	req := &wire.Request{Method: method, URL: u}
	if withCredentials {
		req.Header = slices.Clone(c.cfg.Header)
	}
	return req
}

func (c *Checker) do(ctx context.Context, o *observation, probe string, req *wire.Request) *exchange {
	x := &exchange{probe: probe, req: req}
	if err := c.limiter.wait(ctx); err != nil {
		x.err = err
	} else {
		c.requests.Add(1)
		x.resp, x.err = c.client.Do(ctx, req)
	}
	o.all = append(o.all, x)
	return x
}

// probe sends every probe that applies to t, in order, and returns what
// was seen. Probes that depend on an earlier answer (conditional requests
// need validators, range requests need Accept-Ranges) are sent only when
// it gave them.
func (c *Checker) probe(ctx context.Context, t Target) *observation {
	u, _ := url.Parse(t.URL) // Check validated it
	o := &observation{target: t, url: u}
	for _, f := range c.cfg.Header {
		o.credentials = append(o.credentials, f.Name)
	}
	if t.Method != "" && t.Method != http.MethodGet {
		req := c.newRequest(t.Method, u, true)
		if t.Content != nil {
			req.Header = append(req.Header, wire.Field{Name: "Content-Type", Value: t.ContentType})
			req.Content = t.Content
		}
		o.op = c.do(ctx, o, probeOperation, req)
		return o
	}
	o.get = c.do(ctx, o, probeGet, c.newRequest(http.MethodGet, u, true))
	if !o.get.ok() {
		return o
	}
	o.head = c.do(ctx, o, probeHead, c.newRequest(http.MethodHead, u, true))
	if headDisagrees(o.get, o.head) {
		o.getAgain = c.do(ctx, o, probeGetAgain, c.newRequest(http.MethodGet, u, true))
		o.headAgain = c.do(ctx, o, probeHeadAgain, c.newRequest(http.MethodHead, u, true))
	}
	o.options = c.do(ctx, o, probeOptions, c.newRequest(http.MethodOptions, u, true))
	o.unknown = c.do(ctx, o, probeUnknown, c.newRequest(unknownMethod, u, true))
	o.random = c.do(ctx, o, probeRandom, c.newRequest(http.MethodGet, randomChild(u), true))
	bad := c.newRequest(http.MethodGet, u, true)
	// Whitespace between a field name and the colon: RFC 9112, 5.1 has a
	// server reject the request with 400.
	bad.RawLines = []string{"Statuskit-Check : malformed"}
	o.bad = c.do(ctx, o, probeMalformed, bad)

	get := o.get.resp
	if get.Status/100 == 2 {
		if etag, err := field.ParseETag(get.Header.Get("ETag")); err == nil && len(get.Header.Values("ETag")) == 1 {
			req := c.newRequest(http.MethodGet, u, true)
			req.Header = append(req.Header, wire.Field{Name: "If-None-Match", Value: etag.String()})
			o.inm = c.do(ctx, o, probeINM, req)
			req = c.newRequest(http.MethodGet, u, true)
			req.Header = append(req.Header, wire.Field{Name: "If-Match", Value: `"statuskit-check-` + randomHex() + `"`})
			o.ifMatch = c.do(ctx, o, probeIfMatch, req)
		}
		if lm := get.Header.Get("Last-Modified"); lm != "" {
			if _, err := field.ParseHTTPDate(lm); err == nil {
				req := c.newRequest(http.MethodGet, u, true)
				req.Header = append(req.Header, wire.Field{Name: "If-Modified-Since", Value: lm})
				o.ims = c.do(ctx, o, probeIMS, req)
			}
		}
	}
	if field.HasToken(get.Header.Values("Accept-Ranges"), "bytes") || get.Status == 206 {
		req := c.newRequest(http.MethodGet, u, true)
		req.Header = append(req.Header, wire.Field{Name: "Range", Value: "bytes=0-0"})
		o.rng = c.do(ctx, o, probeRange, req)
		req = c.newRequest(http.MethodGet, u, true)
		// Far beyond any representation a server would serve.
		req.Header = append(req.Header, wire.Field{Name: "Range", Value: "bytes=999999999999999-"})
		o.badRange = c.do(ctx, o, probeBadRange, req)
	}
	if len(c.cfg.Header) > 0 {
		o.anon = c.do(ctx, o, probeAnonymous, c.newRequest(http.MethodGet, u, false))
	}
	c.follow(ctx, o)
	if c.cfg.AllowUnsafe {
		c.probeUnsafe(ctx, o)
	}
	return o
}

// follow follows the redirects of the first GET hop by hop, on the same
// host only (another host's faults are not this API's), detecting loops
// and stopping after Config.MaxRedirects hops.
func (c *Checker) follow(ctx context.Context, o *observation) {
	seen := map[string]bool{o.url.String(): true}
	cur := o.get
	for {
		next, ok := redirectTarget(cur)
		if !ok || next.Hostname() != o.url.Hostname() {
			return
		}
		if seen[next.String()] {
			o.loop = true
			return
		}
		if len(o.hops) >= c.cfg.MaxRedirects {
			o.endless = true
			return
		}
		seen[next.String()] = true
		cur = c.do(ctx, o, probeRedirect, c.newRequest(http.MethodGet, next, true))
		o.hops = append(o.hops, cur)
	}
}

// redirectTarget is where a redirect response sends the client: the
// registry says which codes a client follows (Redirect), and Location is
// resolved against the request's URL (RFC 9110, 10.2.2).
func redirectTarget(x *exchange) (*url.URL, bool) {
	if !x.ok() {
		return nil, false
	}
	code, err := status.Lookup(x.resp.Status)
	loc := x.resp.Header.Values("Location")
	if err != nil || code.Redirect == nil || len(loc) != 1 || validURIReference(loc[0]) != nil {
		return nil, false
	}
	ref, err := url.Parse(loc[0])
	if err != nil {
		return nil, false
	}
	next := x.req.URL.ResolveReference(ref)
	next.Fragment = ""
	if next.Scheme != "http" && next.Scheme != "https" {
		return nil, false
	}
	return next, true
}

// probeUnsafe sends, when the user allowed it, the unsafe methods the
// resource says it refuses (never one its Allow lists: that could change
// state), and a POST in a media type no server supports if Allow lists
// POST.
func (c *Checker) probeUnsafe(ctx context.Context, o *observation) {
	allow, known := o.allowed()
	if !known {
		return
	}
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if !allow[m] {
			o.refused = append(o.refused, c.do(ctx, o, probeRefused, c.newRequest(m, o.url, true)))
		}
	}
	if allow[http.MethodPost] {
		req := c.newRequest(http.MethodPost, o.url, true)
		req.Header = append(req.Header, wire.Field{Name: "Content-Type", Value: unsupportedType})
		req.Content = []byte("statuskit check: a media type no server supports")
		o.media = c.do(ctx, o, probeMediaType, req)
	}
}

// allowed is the resource's Allow, from OPTIONS or a 405, and whether
// one was seen.
func (o *observation) allowed() (map[string]bool, bool) {
	for _, x := range []*exchange{o.options, o.unknown, o.get, o.head} {
		if !x.ok() || x.resp.Status != 405 && x.resp.Status/100 != 2 {
			continue
		}
		lines := x.resp.Header.Values("Allow")
		if len(lines) == 0 {
			continue
		}
		methods, err := field.ParseTokenList("Allow", lines)
		if err != nil {
			continue
		}
		set := map[string]bool{}
		for _, m := range methods {
			set[m] = true
		}
		return set, true
	}
	return nil, false
}

// headDisagrees reports whether HEAD's status, Content-Type or
// Content-Length differ from GET's (RFC 9110, 9.3.2, 8.6).
func headDisagrees(get, head *exchange) bool {
	if !get.ok() || !head.ok() {
		return false
	}
	g, h := get.resp, head.resp
	if g.Status != h.Status || g.Header.Get("Content-Type") != h.Header.Get("Content-Type") {
		return true
	}
	n, ok := headLength(h)
	return ok && n != getLength(g)
}

// headLength is the Content-Length of a response to HEAD, if it has one
// valid value; math.MaxInt64 for a value too large to count, which no
// content the checker read can have (reads stop at Limits.MaxRead).
func headLength(h *wire.Response) (int64, bool) {
	v := h.Header.Values("Content-Length")
	if len(v) != 1 {
		return 0, false
	}
	n, err := wire.ParseContentLength(v)
	var tl *wire.TooLargeError
	if errors.As(err, &tl) {
		return math.MaxInt64, true
	}
	return n, err == nil
}

// getLength is the content length a GET showed, -1 when it cannot be
// known (cut short, or too long to read).
func getLength(g *wire.Response) int64 {
	if g.Incomplete || g.Truncated {
		return -1
	}
	return g.ContentSize
}

// randomChild is u with a random path segment appended: a resource that
// cannot exist.
func randomChild(u *url.URL) *url.URL {
	v := *u
	v.RawQuery, v.Fragment, v.RawPath = "", "", ""
	v.Path = strings.TrimSuffix(u.Path, "/") + "/statuskit-check-" + randomHex()
	return &v
}

func randomHex() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// failure classifies an exchange that did not give a whole response.
func failure(x *exchange) (malformed *wire.SyntaxError, noFinal bool) {
	if x.err == nil {
		return nil, false
	}
	if errors.As(x.err, &malformed) {
		return malformed, false
	}
	return nil, errors.Is(x.err, wire.ErrNoFinalResponse)
}
