package server

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/statuskit/statuskit/store"
)

// Config holds every setting and limit of the server.
//
// Zero is taken literally where it means something: MaxSleep 0 allows no
// sleeping, MaxBody 0 accepts no content, MaxResponseHeaders 0 no extra
// fields, MaxRedirects 0 no redirect chain, TombstoneTTL 0 no tombstones,
// a zero timeout none (as net/http's), and a nil CORSOrigins no
// cross-origin callers. The few fields for which zero means nothing useful
// say "zero means the default" in their doc, as net/http's MaxHeaderBytes
// does, and are listed in ZeroMeansDefault. Start from DefaultConfig and
// change what you need:
//
//	cfg := server.DefaultConfig()
//	cfg.MaxSleep = time.Minute
type Config struct {
	// Addr is the listen address for Run; "" means ":8080", every
	// interface.
	Addr string

	// MaxSleep caps ?sleep= and the delays of 1xx endpoints; a request
	// asking for more gets 400 naming the cap. Zero allows no sleeping.
	MaxSleep time.Duration
	// MaxSleeping caps how many requests may be sleeping at once; one more
	// gets 503 with Retry-After instead of another parked goroutine. Zero
	// lets none sleep.
	MaxSleeping int
	// MaxBody caps a request body in bytes (413 beyond, RFC 9110, 15.5.14).
	// Zero accepts no content.
	MaxBody int64
	// MaxHeaderBytes caps the request's header section (field names,
	// values and separators); beyond it the answer is 431 (RFC 6585, 5),
	// over HTTP/1.1 and HTTP/2 alike. Zero means the default, 32 KiB.
	MaxHeaderBytes int
	// MaxURIBytes caps the request target; beyond it the answer is 414
	// URI Too Long (RFC 9110, 15.5.15). Zero means the default, 8 KiB.
	MaxURIBytes int
	// MaxResponseHeaders caps how many headers ?header= and
	// X-Statuskit-Response-* may add to one response. Zero allows none.
	MaxResponseHeaders int
	// MaxEcho caps how many bytes the 101 echo protocol relays before it
	// closes the connection. Zero closes it at once.
	MaxEcho int64
	// MaxRangeSize caps the size of the generated representation behind
	// 206/416 (?size=) and /range/{n}. Zero means the default, 1 MiB.
	MaxRangeSize int64
	// MaxRedirects caps n in /redirect/{n}, /relative-redirect/{n} and
	// /absolute-redirect/{n}; a longer chain gets 400. Zero allows none.
	MaxRedirects int

	// ReadHeaderTimeout, IdleTimeout and WriteTimeout bound connections,
	// as net/http's fields of the same names (zero: no limit);
	// DrainTimeout bounds graceful shutdown (zero: in-flight requests are
	// cut off at once).
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
	// browser; "*" (the default) allows any, an empty list none.
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
	// where every key has a TTL instead. Zero means the default.
	MaxKeys int
	// MaxStoreBytes bounds the default in-memory store's size in bytes,
	// approximately (store.MemoryOptions.MaxBytes says what counts):
	// beyond it the least recently used entries are evicted, as beyond
	// MaxKeys. There is no unbounded setting: zero means the default,
	// 8 MiB, and Validate refuses a negative size. It does not apply to
	// Redis.
	MaxStoreBytes int64
	// StateTTL is how long state lives after its last write: a sequence
	// position, a sandbox resource, a finished job's result. Zero means
	// the default, an hour.
	StateTTL time.Duration
	// TombstoneTTL is how long a deleted resource or an expired or
	// cancelled job answers 410 Gone before it is forgotten (404). Zero
	// forgets at once.
	TombstoneTTL time.Duration
	// MaxJobDuration caps POST /jobs?duration=; zero allows only jobs
	// that are done at once.
	MaxJobDuration time.Duration
	// MaxResourceSize caps the content of one sandbox resource in bytes
	// (413 beyond, RFC 9110, 15.5.14); zero allows only empty content.
	MaxResourceSize int64
	// MaxRateLimit and MaxWindow cap /ratelimit?limit= and ?window=.
	// Zero means the default.
	MaxRateLimit int
	MaxWindow    time.Duration

	// Journal records the requests of graded client runs (/exam/...,
	// read back as report cards at /grade/{key}). Nil means a journal
	// beside Store, bounded by the Journal* fields: in the same Redis when
	// Store is a store.Redis (replicas then grade one run together), else
	// in memory. The server does not close it.
	Journal store.Journal
	// JournalMaxKeys caps the runs the journal keeps; beyond it the least
	// recently used run is dropped. Zero means the default.
	JournalMaxKeys int
	// JournalMaxEntries caps the requests recorded per run; later ones are
	// counted, not recorded. Zero means the default.
	JournalMaxEntries int
	// JournalMaxBytes caps the bytes of all runs (content is never kept,
	// only its hash); beyond it the least recently used runs are dropped.
	// Zero means the default.
	JournalMaxBytes int64
	// JournalTTL is how long a run is kept after its last request. Zero
	// means the default.
	JournalTTL time.Duration
	// ExamMaxWindow caps an exam's ?window=, how long a run is observed.
	// Zero means the default, an hour.
	ExamMaxWindow time.Duration

	// TLSCert and TLSKey are PEM files; TLSSelfSigned generates an
	// in-memory certificate for localhost instead.
	TLSCert       string
	TLSKey        string
	TLSSelfSigned bool
	// TLSCertificate, when not nil, is served as is: a certificate the
	// caller made (a self-signed one it also wrote out for clients).
	TLSCertificate *tls.Certificate

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
		MaxURIBytes:        8 << 10,
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
		JournalMaxKeys:     store.DefaultJournalMaxKeys,
		JournalMaxEntries:  store.DefaultJournalMaxEntries,
		JournalMaxBytes:    store.DefaultJournalMaxBytes,
		JournalTTL:         store.DefaultJournalTTL,
		ExamMaxWindow:      time.Hour,
	}
}

// ZeroMeansDefault lists the fields (by Go name) for which zero means the
// default rather than zero: New fills them from DefaultConfig, and
// Validate accepts zero for them, so server.Config{} is a valid Config
// (every other limit zero). A command line that takes an explicit 0 for
// one of them should refuse it, since the person typing it meant
// something else.
var ZeroMeansDefault = []string{"MaxHeaderBytes", "MaxURIBytes", "MaxRangeSize", "MaxStoreBytes", "MaxKeys", "StateTTL", "MaxRateLimit", "MaxWindow",
	"JournalMaxKeys", "JournalMaxEntries", "JournalMaxBytes", "JournalTTL", "ExamMaxWindow"}

// withDefaults fills the fields whose zero means the default
// (ZeroMeansDefault, and Addr and Logger).
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.Addr == "" {
		c.Addr = d.Addr
	}
	if c.MaxHeaderBytes == 0 {
		c.MaxHeaderBytes = d.MaxHeaderBytes
	}
	if c.MaxURIBytes == 0 {
		c.MaxURIBytes = d.MaxURIBytes
	}
	if c.MaxRangeSize == 0 {
		c.MaxRangeSize = d.MaxRangeSize
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
	if c.MaxRateLimit == 0 {
		c.MaxRateLimit = d.MaxRateLimit
	}
	if c.MaxWindow == 0 {
		c.MaxWindow = d.MaxWindow
	}
	if c.JournalMaxKeys == 0 {
		c.JournalMaxKeys = d.JournalMaxKeys
	}
	if c.JournalMaxEntries == 0 {
		c.JournalMaxEntries = d.JournalMaxEntries
	}
	if c.JournalMaxBytes == 0 {
		c.JournalMaxBytes = d.JournalMaxBytes
	}
	if c.JournalTTL == 0 {
		c.JournalTTL = d.JournalTTL
	}
	if c.ExamMaxWindow == 0 {
		c.ExamMaxWindow = d.ExamMaxWindow
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// FieldError is one invalid setting: Field is the Config field's Go name
// ("MaxSleep"), which a command line maps to its flag.
type FieldError struct {
	Field   string
	Message string
}

func (e *FieldError) Error() string { return e.Field + " " + e.Message }

// Validate reports every invalid setting at once, each a *FieldError
// naming the Go field (errors.Join; unwrap with errors.As or the
// Unwrap() []error method).
func (c Config) Validate() error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, &FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	defaults := reflect.ValueOf(DefaultConfig())
	notNegative := func(field string, v int64, show any) {
		if v >= 0 {
			return
		}
		allowed := "0 or more"
		if slices.Contains(ZeroMeansDefault, field) {
			allowed = "a positive value"
		}
		bad(field, "must not be negative, got %v: give %s, e.g. %v (the default)", show, allowed, defaults.FieldByName(field).Interface())
	}
	notNegative("MaxSleep", int64(c.MaxSleep), c.MaxSleep)
	notNegative("MaxSleeping", int64(c.MaxSleeping), c.MaxSleeping)
	notNegative("MaxBody", c.MaxBody, c.MaxBody)
	notNegative("MaxHeaderBytes", int64(c.MaxHeaderBytes), c.MaxHeaderBytes)
	notNegative("MaxURIBytes", int64(c.MaxURIBytes), c.MaxURIBytes)
	notNegative("MaxResponseHeaders", int64(c.MaxResponseHeaders), c.MaxResponseHeaders)
	notNegative("MaxEcho", c.MaxEcho, c.MaxEcho)
	notNegative("MaxRangeSize", c.MaxRangeSize, c.MaxRangeSize)
	notNegative("MaxRedirects", int64(c.MaxRedirects), c.MaxRedirects)
	notNegative("ReadHeaderTimeout", int64(c.ReadHeaderTimeout), c.ReadHeaderTimeout)
	notNegative("IdleTimeout", int64(c.IdleTimeout), c.IdleTimeout)
	notNegative("WriteTimeout", int64(c.WriteTimeout), c.WriteTimeout)
	notNegative("DrainTimeout", int64(c.DrainTimeout), c.DrainTimeout)
	notNegative("DrainDelay", int64(c.DrainDelay), c.DrainDelay)
	notNegative("MaxKeys", int64(c.MaxKeys), c.MaxKeys)
	notNegative("StateTTL", int64(c.StateTTL), c.StateTTL)
	notNegative("TombstoneTTL", int64(c.TombstoneTTL), c.TombstoneTTL)
	notNegative("MaxJobDuration", int64(c.MaxJobDuration), c.MaxJobDuration)
	notNegative("MaxResourceSize", c.MaxResourceSize, c.MaxResourceSize)
	notNegative("MaxRateLimit", int64(c.MaxRateLimit), c.MaxRateLimit)
	notNegative("MaxWindow", int64(c.MaxWindow), c.MaxWindow)
	if c.MaxStoreBytes < 0 {
		bad("MaxStoreBytes", "must not be negative, got %d: the memory store has no unbounded setting; give a size in bytes, e.g. %d (the default, 8 MiB)", c.MaxStoreBytes, store.DefaultMaxBytes)
	}
	notNegative("JournalMaxKeys", int64(c.JournalMaxKeys), c.JournalMaxKeys)
	notNegative("JournalMaxEntries", int64(c.JournalMaxEntries), c.JournalMaxEntries)
	notNegative("JournalMaxBytes", c.JournalMaxBytes, c.JournalMaxBytes)
	notNegative("JournalTTL", int64(c.JournalTTL), c.JournalTTL)
	notNegative("ExamMaxWindow", int64(c.ExamMaxWindow), c.ExamMaxWindow)
	if c.JournalTTL > 0 && c.JournalTTL < time.Minute {
		bad("JournalTTL", "must be at least 1m, got %s: a run would be forgotten before its report card is read", c.JournalTTL)
	}
	if c.ExamMaxWindow > 0 && c.ExamMaxWindow < time.Second {
		bad("ExamMaxWindow", "must be at least 1s, got %s: no retry could be observed", c.ExamMaxWindow)
	}
	if c.StateTTL > 0 && c.StateTTL < time.Second {
		bad("StateTTL", "must be at least 1s, got %s: state would vanish between two requests", c.StateTTL)
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		bad("TLSCert", "and TLSKey go together: give both, or TLSSelfSigned")
	}
	if c.TLSCert != "" && c.TLSSelfSigned {
		bad("TLSSelfSigned", "excludes TLSCert/TLSKey: choose one")
	}
	for _, o := range c.CORSOrigins {
		if o == "*" {
			continue
		}
		u, err := url.Parse(o)
		if err != nil || u.Scheme == "" || u.Host == "" || u.Path != "" {
			bad("CORSOrigins", "entry %q must be * or scheme://host[:port], e.g. https://app.example.com", o)
		}
	}
	for _, h := range c.RedirectHosts {
		if h == "" || strings.ContainsAny(h, "/ @") {
			bad("RedirectHosts", "entry %q must be a host or host:port, e.g. example.com", h)
		}
	}
	return errors.Join(errs...)
}
