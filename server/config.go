package server

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/statuskit/statuskit/store"
)

// Config holds every setting and limit of the server. The zero value of a
// field means "use the default" (see DefaultConfig), so a test can write
// server.New(server.Config{}) and get a working server.
type Config struct {
	// Addr is the listen address for Run, ":8080" by default.
	Addr string

	// MaxSleep caps ?sleep= and the delays of 1xx endpoints; a request
	// asking for more gets 400 naming the cap.
	MaxSleep time.Duration
	// MaxSleeping caps how many requests may be sleeping at once; one more
	// gets 503 with Retry-After instead of another parked goroutine.
	MaxSleeping int
	// MaxBody caps a request body in bytes (413 beyond, RFC 9110, 15.5.14).
	MaxBody int64
	// MaxHeaderBytes caps request header size; net/http answers 431
	// (RFC 6585, 5) beyond it.
	MaxHeaderBytes int
	// MaxResponseHeaders caps how many headers ?header= and
	// X-Statuskit-Response-* may add to one response.
	MaxResponseHeaders int
	// MaxEcho caps how many bytes the 101 echo protocol relays before it
	// closes the connection.
	MaxEcho int64
	// MaxRangeSize caps the size of the generated representation behind
	// 206/416 (?size=) and /range/{n}.
	MaxRangeSize int64
	// MaxRedirects caps n in /redirect/{n}, /relative-redirect/{n} and
	// /absolute-redirect/{n}; a longer chain gets 400.
	MaxRedirects int

	// ReadHeaderTimeout, IdleTimeout and WriteTimeout bound connections;
	// DrainTimeout bounds graceful shutdown.
	ReadHeaderTimeout time.Duration
	IdleTimeout       time.Duration
	WriteTimeout      time.Duration
	DrainTimeout      time.Duration
	// DrainDelay is how long the server keeps accepting requests after a
	// shutdown signal with /readyz answering 503, so load balancers stop
	// sending traffic before the listener closes. 0 (the default) closes
	// at once, right for a server on a laptop.
	DrainDelay time.Duration

	// CORSOrigins lists the origins allowed to call the server from a
	// browser; "*" (the default) allows any.
	CORSOrigins []string
	// RedirectHosts lists the hosts (host or host:port) that ?location= may
	// redirect to besides this server; anything else is refused, so the
	// server cannot be used as an open redirect.
	RedirectHosts []string
	// Unsafe lets ?header= set Set-Cookie and hop-by-hop fields.
	Unsafe bool

	// Store holds the state of the stateful scenarios (/sequence,
	// /ratelimit, /jobs, /resources). Nil means an in-memory store bounded
	// by MaxKeys; a store.Redis shares the state between replicas. The
	// server does not close it.
	Store store.Store
	// MaxKeys caps the entries of the default in-memory store; beyond it
	// the least recently used is evicted. It does not apply to Redis,
	// where every key has a TTL instead.
	MaxKeys int
	// MaxStoreBytes bounds the default in-memory store's size in bytes,
	// approximately (store.MemoryOptions.MaxBytes says what counts):
	// beyond it the least recently used entries are evicted, as beyond
	// MaxKeys. Validate refuses 0 and less, since there is no unbounded
	// setting; in a Config given to New without Validate, 0 means the
	// default, 8 MiB. It does not apply to Redis.
	MaxStoreBytes int64
	// StateTTL is how long state lives after its last write: a sequence
	// position, a sandbox resource, a finished job's result.
	StateTTL time.Duration
	// TombstoneTTL is how long a deleted resource or an expired or
	// cancelled job answers 410 Gone before it is forgotten (404).
	TombstoneTTL time.Duration
	// MaxJobDuration caps POST /jobs?duration=.
	MaxJobDuration time.Duration
	// MaxResourceSize caps the content of one sandbox resource in bytes
	// (413 beyond, RFC 9110, 15.5.14).
	MaxResourceSize int64
	// MaxRateLimit and MaxWindow cap /ratelimit?limit= and ?window=.
	MaxRateLimit int
	MaxWindow    time.Duration

	// TLSCert and TLSKey are PEM files; TLSSelfSigned generates an
	// in-memory certificate for localhost instead.
	TLSCert       string
	TLSKey        string
	TLSSelfSigned bool

	// Logger receives one line per request at Info; nil discards.
	Logger *slog.Logger
}

// DefaultConfig returns the documented defaults.
func DefaultConfig() Config {
	return Config{
		Addr:               ":8080",
		MaxSleep:           10 * time.Second,
		MaxSleeping:        1000,
		MaxBody:            1 << 20,
		MaxHeaderBytes:     32 << 10,
		MaxResponseHeaders: 32,
		MaxEcho:            64 << 10,
		MaxRangeSize:       1 << 20,
		MaxRedirects:       20,
		ReadHeaderTimeout:  10 * time.Second,
		IdleTimeout:        120 * time.Second,
		WriteTimeout:       0,
		DrainTimeout:       15 * time.Second,
		CORSOrigins:        []string{"*"},
		MaxKeys:            store.DefaultMaxKeys,
		MaxStoreBytes:      store.DefaultMaxBytes,
		StateTTL:           time.Hour,
		TombstoneTTL:       5 * time.Minute,
		MaxJobDuration:     time.Hour,
		MaxResourceSize:    64 << 10,
		MaxRateLimit:       1_000_000,
		MaxWindow:          24 * time.Hour,
	}
}

// withDefaults fills zero fields from DefaultConfig.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.Addr == "" {
		c.Addr = d.Addr
	}
	if c.MaxSleep == 0 {
		c.MaxSleep = d.MaxSleep
	}
	if c.MaxSleeping == 0 {
		c.MaxSleeping = d.MaxSleeping
	}
	if c.MaxBody == 0 {
		c.MaxBody = d.MaxBody
	}
	if c.MaxHeaderBytes == 0 {
		c.MaxHeaderBytes = d.MaxHeaderBytes
	}
	if c.MaxResponseHeaders == 0 {
		c.MaxResponseHeaders = d.MaxResponseHeaders
	}
	if c.MaxEcho == 0 {
		c.MaxEcho = d.MaxEcho
	}
	if c.MaxRangeSize == 0 {
		c.MaxRangeSize = d.MaxRangeSize
	}
	if c.MaxRedirects == 0 {
		c.MaxRedirects = d.MaxRedirects
	}
	if c.ReadHeaderTimeout == 0 {
		c.ReadHeaderTimeout = d.ReadHeaderTimeout
	}
	if c.IdleTimeout == 0 {
		c.IdleTimeout = d.IdleTimeout
	}
	if c.DrainTimeout == 0 {
		c.DrainTimeout = d.DrainTimeout
	}
	if c.MaxKeys == 0 {
		c.MaxKeys = d.MaxKeys
	}
	if c.MaxStoreBytes == 0 {
		c.MaxStoreBytes = d.MaxStoreBytes
	}
	if c.StateTTL == 0 {
		c.StateTTL = d.StateTTL
	}
	if c.TombstoneTTL == 0 {
		c.TombstoneTTL = d.TombstoneTTL
	}
	if c.MaxJobDuration == 0 {
		c.MaxJobDuration = d.MaxJobDuration
	}
	if c.MaxResourceSize == 0 {
		c.MaxResourceSize = d.MaxResourceSize
	}
	if c.MaxRateLimit == 0 {
		c.MaxRateLimit = d.MaxRateLimit
	}
	if c.MaxWindow == 0 {
		c.MaxWindow = d.MaxWindow
	}
	if c.CORSOrigins == nil {
		c.CORSOrigins = d.CORSOrigins
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// Validate reports every invalid setting at once, naming the field.
func (c Config) Validate() error {
	var errs []error
	positive := func(name string, v int64) {
		if v < 0 {
			errs = append(errs, fmt.Errorf("%s must not be negative, got %d", name, v))
		}
	}
	positive("max-sleep", int64(c.MaxSleep))
	positive("max-sleeping", int64(c.MaxSleeping))
	positive("max-body", c.MaxBody)
	positive("max-header-bytes", int64(c.MaxHeaderBytes))
	positive("max-response-headers", int64(c.MaxResponseHeaders))
	positive("max-echo", c.MaxEcho)
	positive("max-range-size", c.MaxRangeSize)
	positive("max-redirects", int64(c.MaxRedirects))
	positive("read-header-timeout", int64(c.ReadHeaderTimeout))
	positive("idle-timeout", int64(c.IdleTimeout))
	positive("write-timeout", int64(c.WriteTimeout))
	positive("drain-timeout", int64(c.DrainTimeout))
	positive("drain-delay", int64(c.DrainDelay))
	positive("max-keys", int64(c.MaxKeys))
	positive("state-ttl", int64(c.StateTTL))
	positive("tombstone-ttl", int64(c.TombstoneTTL))
	positive("max-job-duration", int64(c.MaxJobDuration))
	positive("max-resource-size", c.MaxResourceSize)
	positive("max-rate-limit", int64(c.MaxRateLimit))
	positive("max-window", int64(c.MaxWindow))
	if c.MaxStoreBytes <= 0 {
		errs = append(errs, fmt.Errorf("max-store-bytes must be at least 1, got %d: the memory store has no unbounded setting; give a size in bytes, e.g. 67108864 for 64 MiB", c.MaxStoreBytes))
	}
	if c.StateTTL > 0 && c.StateTTL < time.Second {
		errs = append(errs, fmt.Errorf("state-ttl must be at least 1s, got %s: state would vanish between two requests", c.StateTTL))
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		errs = append(errs, errors.New("tls-cert and tls-key go together: give both, or --tls-self-signed"))
	}
	if c.TLSCert != "" && c.TLSSelfSigned {
		errs = append(errs, errors.New("choose either --tls-cert/--tls-key or --tls-self-signed, not both"))
	}
	for _, o := range c.CORSOrigins {
		if o == "*" {
			continue
		}
		u, err := url.Parse(o)
		if err != nil || u.Scheme == "" || u.Host == "" || u.Path != "" {
			errs = append(errs, fmt.Errorf("cors origin %q must be * or scheme://host[:port], e.g. https://app.example.com", o))
		}
	}
	for _, h := range c.RedirectHosts {
		if h == "" || strings.ContainsAny(h, "/ @") {
			errs = append(errs, fmt.Errorf("redirect host %q must be a host or host:port, e.g. example.com", h))
		}
	}
	return errors.Join(errs...)
}
