// Package httpbin serves statuskit's httpbin-compatible endpoints: Basic
// and bearer authentication, caching and entity-tags, byte ranges, and
// redirects. They keep httpbin's paths and JSON shapes, so a test suite
// can switch from httpbin.org or go-httpbin by changing the host, but they
// follow the RFCs where httpbin does not (a 403 for a user without the
// role, 304 only when a validator really matches, no open redirect). The
// README lists every difference.
package httpbin

import (
	"net/http"
	"net/url"
	"time"

	"github.com/statuskit/statuskit/origin"
	"github.com/statuskit/statuskit/param"
)

// Config holds the endpoints' limits.
type Config struct {
	// MaxRangeSize caps n in /range/{n}.
	MaxRangeSize int64
	// MaxRedirects caps n in /redirect/{n} and its siblings; zero allows
	// none.
	MaxRedirects int
	// RedirectHosts lists the hosts /redirect-to may send a client to
	// besides this server.
	RedirectHosts []string
	// NotFound answers a request the endpoints hide behind a 404
	// (/hidden-basic-auth), as the server answers any unknown path.
	NotFound func(r *http.Request) error
	// MaxSleep caps /delay/{n}; Sleep waits (bounded by the server's
	// sleeping-request cap, a 503 *reply.Error when it is reached).
	MaxSleep time.Duration
	Sleep    func(r *http.Request, d time.Duration) error
}

// Endpoints are the httpbin-compatible handlers. Create them with New.
type Endpoints struct {
	cfg     Config
	origins origin.Policy
}

// New builds the endpoints.
func New(cfg Config) *Endpoints {
	return &Endpoints{cfg: cfg, origins: origin.Policy{Allowed: cfg.RedirectHosts, Setting: "--redirect-hosts"}}
}

// unsupported explains httpbin parameters statuskit deliberately does not
// take, by endpoint and parameter, so a suite moving from httpbin learns
// why its request fails.
var unsupported = param.Unsupported{
	"/bearer?access_token":  "send the token in the Authorization field instead (Authorization: Bearer <token>, RFC 6750, 2.1); tokens in URLs end up in logs",
	"/range/{n}?chunk_size": "statuskit sends the range in one piece; remove it",
	"/range/{n}?duration":   "statuskit does not pace the body; use /{code}?sleep= for a slow response",
}

// query parses the query of the endpoint r was routed to.
func query(r *http.Request, known ...string) (url.Values, error) {
	return param.Query(r, param.Endpoint(r), known, unsupported)
}
