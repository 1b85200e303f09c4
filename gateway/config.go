package gateway

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/statuskit/statuskit/gateway/rule"
	"github.com/statuskit/statuskit/store"
)

// Config holds every setting and limit of a gateway. Zero is taken
// literally where it means something (a zero timeout is none, as in
// net/http); the fields where zero would be useless say so. Start from
// DefaultConfig.
type Config struct {
	// Addr is the proxy listener's address.
	Addr string
	// Upstream is the one origin the gateway forwards to:
	// http[s]://host[:port][/path-prefix]. Nothing else is ever reached.
	Upstream string
	// Admin is the admin listener's address (rules, fault log, reset,
	// metrics, health); "" runs no admin listener.
	Admin string

	// RulesFile is the YAML (or JSON) rules document, watched and
	// reloaded when it changes; "" starts with no rules.
	RulesFile string
	// Rules, when not nil and RulesFile is "", are the rules to start with.
	Rules *rule.Set
	// Seed seeds every random draw (percentages, delays): the same seed,
	// rules and request order give the same faults.
	Seed uint64
	// AllowHeaderFaults lets a request ask for a fault with
	// X-Statuskit-Fault. The field is never forwarded, allowed or not.
	AllowHeaderFaults bool
	// PreserveHost forwards the client's Host; otherwise the upstream's
	// authority is sent, as a client of the upstream would.
	PreserveHost bool

	// UpstreamTimeout bounds connecting to the upstream and, once the
	// request is sent, waiting for its response head: past it the client
	// gets 504. Zero waits forever.
	UpstreamTimeout time.Duration
	// MaxUpstreamHeaderBytes bounds the upstream's response head (a
	// larger one is 502). Zero means net/http's default, 1 MiB.
	MaxUpstreamHeaderBytes int64
	// MaxIdleUpstream is how many idle connections to the upstream are
	// kept for reuse.
	MaxIdleUpstream int

	// MaxInFlight bounds the requests the gateway handles at once, delayed
	// and hanging ones included; one more gets 503 with Retry-After. It is
	// at least 1.
	MaxInFlight int
	// Limits bound rules documents: size, count, and the longest delay.
	Limits rule.Limits
	// MaxFaultLog is how many injected faults GET /__statuskit/log keeps
	// (the oldest go first). Zero keeps none.
	MaxFaultLog int

	// Store keeps sequence positions: memory, or Redis shared by several
	// gateways. Nil means an in-memory store bounded by MaxKeys. The
	// gateway does not close it.
	Store store.Store
	// MaxKeys bounds the default memory store, and how many sequence keys
	// the gateway remembers for POST /__statuskit/reset. Zero means the
	// default, store.DefaultMaxKeys.
	MaxKeys int
	// StateTTL is how long a sequence position lives after its last use.
	// Zero means the default, an hour.
	StateTTL time.Duration

	// Connection limits of both listeners, as net/http's fields.
	ReadHeaderTimeout time.Duration
	IdleTimeout       time.Duration
	WriteTimeout      time.Duration
	// MaxHeaderBytes caps a request's header section exactly (field
	// names, values and separators, as policy.HeadLimits counts them):
	// one byte more is 431 (RFC 6585, 5). Zero means net/http's default
	// cap, which is not exact.
	MaxHeaderBytes int
	// DrainDelay and DrainTimeout shape graceful shutdown as for serve.
	DrainDelay   time.Duration
	DrainTimeout time.Duration

	// TLS of the proxy listener: PEM files, or a self-signed certificate.
	TLSCert, TLSKey string
	TLSSelfSigned   bool
	TLSCertificate  *tls.Certificate

	// Logger receives one line per request at Info, each injected fault,
	// and reloads; nil discards.
	Logger *slog.Logger
}

// DefaultConfig returns the documented defaults. The proxy listens on
// loopback: a fault injector on every interface is an open door.
func DefaultConfig() Config {
	return Config{
		Addr:              "127.0.0.1:8080",
		UpstreamTimeout:   30 * time.Second,
		MaxIdleUpstream:   1024,
		MaxInFlight:       10_000,
		Limits:            rule.DefaultLimits,
		MaxFaultLog:       1000,
		MaxKeys:           store.DefaultMaxKeys,
		StateTTL:          time.Hour,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    32 << 10,
		DrainTimeout:      15 * time.Second,
	}
}

// FieldError is one invalid setting; Field is the Config field's Go name
// ("UpstreamTimeout"; "MaxRulesBytes" for Limits.MaxBytes, "MaxRulesNesting"
// for Limits.MaxNesting), which a
// command line maps to its flag. Message names any other setting by its
// flag (--tls-key), the names a person configures. Example, when not "",
// is a value that would be accepted.
type FieldError struct {
	Field   string
	Message string
	Example string
}

func (e *FieldError) Error() string {
	if e.Example == "" {
		return e.Field + " " + e.Message
	}
	return e.Field + " " + e.Message + "; e.g. " + e.Field + " " + e.Example
}

// Validate reports every invalid setting at once (errors.Join of
// *FieldError).
func (c Config) Validate() error {
	var errs []error
	bad := func(field, example, format string, args ...any) {
		errs = append(errs, &FieldError{Field: field, Message: fmt.Sprintf(format, args...), Example: example})
	}
	if _, err := ParseUpstream(c.Upstream); err != nil {
		bad("Upstream", "", "%s", err)
	}
	d := DefaultConfig()
	for _, f := range []struct {
		name    string
		v       int64
		example int64
	}{
		{"MaxUpstreamHeaderBytes", c.MaxUpstreamHeaderBytes, 1 << 20},
		{"MaxIdleUpstream", int64(c.MaxIdleUpstream), int64(d.MaxIdleUpstream)},
		{"MaxInFlight", int64(c.MaxInFlight), int64(d.MaxInFlight)},
		{"MaxRules", int64(c.Limits.MaxRules), int64(d.Limits.MaxRules)},
		{"MaxRulesBytes", c.Limits.MaxBytes, d.Limits.MaxBytes},
		{"MaxRulesNesting", int64(c.Limits.MaxNesting), int64(d.Limits.MaxNesting)},
		{"MaxFaultLog", int64(c.MaxFaultLog), int64(d.MaxFaultLog)},
		{"MaxKeys", int64(c.MaxKeys), int64(d.MaxKeys)},
		{"MaxHeaderBytes", int64(c.MaxHeaderBytes), int64(d.MaxHeaderBytes)},
	} {
		if f.v < 0 {
			bad(f.name, strconv.FormatInt(f.example, 10), "must not be negative, got %d", f.v)
		}
	}
	for _, f := range []struct {
		name    string
		v       time.Duration
		example time.Duration
	}{
		{"UpstreamTimeout", c.UpstreamTimeout, d.UpstreamTimeout},
		{"MaxDelay", c.Limits.MaxDelay, d.Limits.MaxDelay},
		{"StateTTL", c.StateTTL, d.StateTTL},
		{"ReadHeaderTimeout", c.ReadHeaderTimeout, d.ReadHeaderTimeout},
		{"IdleTimeout", c.IdleTimeout, d.IdleTimeout},
		{"WriteTimeout", c.WriteTimeout, 30 * time.Second},
		{"DrainDelay", c.DrainDelay, 5 * time.Second},
		{"DrainTimeout", c.DrainTimeout, d.DrainTimeout},
	} {
		if f.v < 0 {
			bad(f.name, f.example.String(), "must not be negative, got %s", f.v)
		}
	}
	if c.StateTTL > 0 && c.StateTTL < time.Second {
		bad("StateTTL", d.StateTTL.String(), "must be at least 1s, got %s: a sequence would forget its position between two requests", c.StateTTL)
	}
	if c.MaxInFlight == 0 {
		bad("MaxInFlight", strconv.Itoa(d.MaxInFlight), "must be at least 1: with 0 the gateway would answer every request 503")
	}
	if c.Limits.MaxRules == 0 {
		bad("MaxRules", strconv.Itoa(d.Limits.MaxRules), "must be at least 1: a gateway that can hold no rule injects nothing (run with no --rules for that)")
	}
	if c.Limits.MaxNesting >= 0 && c.Limits.MaxNesting < 2 {
		bad("MaxRulesNesting", strconv.Itoa(d.Limits.MaxNesting), "must be at least 2, got %d: the smallest rules document, rules: [], nests a list in a mapping (a rules document needs about 6)", c.Limits.MaxNesting)
	}
	if c.Limits.MaxBytes == 0 {
		bad("MaxRulesBytes", strconv.FormatInt(d.Limits.MaxBytes, 10), "must be at least 1: no rules document would fit (run with no --rules for none)")
	}
	switch {
	case c.TLSCert != "" && c.TLSKey == "":
		bad("TLSKey", "key.pem", "is missing: --tls-cert %s needs its private key (or use --tls-self-signed instead of both)", c.TLSCert)
	case c.TLSKey != "" && c.TLSCert == "":
		bad("TLSCert", "cert.pem", "is missing: --tls-key %s needs its certificate (or use --tls-self-signed instead of both)", c.TLSKey)
	}
	if c.TLSCert != "" && c.TLSSelfSigned {
		bad("TLSSelfSigned", "", "excludes --tls-cert and --tls-key: choose a certificate of your own or a self-signed one, not both")
	}
	if c.Admin != "" && c.Admin == c.Addr && !strings.HasSuffix(c.Addr, ":0") {
		bad("Admin", "127.0.0.1:9091", "%s is also the proxy's address (--addr): the admin API needs a listener of its own", c.Admin)
	}
	if u, err := ParseUpstream(c.Upstream); err == nil {
		for _, own := range []struct{ field, addr string }{{"Addr", c.Addr}, {"Admin", c.Admin}} {
			if sameEndpoint(u.Host, own.addr) {
				bad("Upstream", "http://127.0.0.1:9000", "%s is the gateway's own %s listener (%s): the gateway would forward to itself; name the service it stands in front of",
					c.Upstream, strings.ToLower(own.field), own.addr)
			}
		}
	}
	return errors.Join(errs...)
}

// ParseUpstream checks an upstream URL: http or https, a host, an
// optional path prefix, and nothing the gateway could not honour
// (credentials, a query, a fragment).
func ParseUpstream(s string) (*url.URL, error) {
	const example = "e.g. --upstream http://127.0.0.1:9000"
	if s == "" {
		return nil, fmt.Errorf("is required: the gateway forwards to one upstream service; %s", example)
	}
	if !strings.Contains(s, "://") {
		return nil, fmt.Errorf("%q must start with http:// or https:// (did you leave it out?); %s", s, example)
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("%q is not a URL (%v); %s", s, err, example)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		hint := ""
		if u.Scheme == "" || u.Host == "" {
			hint = " (did you leave out http://?)"
		}
		return nil, fmt.Errorf("%q must start with http:// or https://%s; %s", s, hint, example)
	case u.Host == "" || u.Hostname() == "":
		return nil, fmt.Errorf("%q names no host; %s", s, example)
	case u.User != nil:
		return nil, fmt.Errorf("%q carries credentials, which the gateway would not send; give the host only, %s (clients send their own Authorization)", u.Redacted(), example)
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, fmt.Errorf("%q has a query or fragment; the upstream is a scheme, host and optional path prefix, %s", s, example)
	}
	if p := u.Port(); p != "" {
		if _, err := net.LookupPort("tcp", p); err != nil {
			return nil, fmt.Errorf("%q has a bad port %q; %s", s, p, example)
		}
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = strings.TrimSuffix(u.RawPath, "/")
	return u, nil
}

// sameEndpoint reports whether host:port (an upstream authority) is a
// listen address of this process: the same port on loopback, on an
// unspecified address, or on the very same host.
func sameEndpoint(authority, listen string) bool {
	if listen == "" {
		return false
	}
	uh, up, err := net.SplitHostPort(authority)
	if err != nil {
		return false
	}
	lh, lp, err := net.SplitHostPort(listen)
	if err != nil || lp != up || lp == "0" {
		return false
	}
	local := func(h string) bool {
		if h == "" || h == "localhost" {
			return true
		}
		ip := net.ParseIP(h)
		return ip != nil && (ip.IsLoopback() || ip.IsUnspecified())
	}
	return strings.EqualFold(uh, lh) || local(uh) && local(lh)
}
