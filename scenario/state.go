// Package scenario serves statuskit's stateful scenarios: sequences of
// status codes, rate limiting, asynchronous jobs and a resource sandbox
// with entity-tags and preconditions. Their state is kept per client key
// in a store (package store), in memory or in Redis shared by replicas,
// which owns it; this package decides and answers.
package scenario

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/statuskit/statuskit/field"
	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/reply"
	"github.com/statuskit/statuskit/responder"
	"github.com/statuskit/statuskit/store"
)

// Config holds the scenarios' store and limits. Zero limits are taken
// literally (MaxJobDuration 0: only jobs done at once; TombstoneTTL 0: no
// tombstones; MaxResourceSize 0: only empty resources).
type Config struct {
	// Store holds the state; it must not be nil.
	Store store.Store
	// StateTTL is how long state lives after its last write.
	StateTTL time.Duration
	// TombstoneTTL is how long a deleted resource or an ended job answers
	// 410 before it is forgotten (404).
	TombstoneTTL time.Duration
	// MaxJobDuration caps POST /jobs?duration=.
	MaxJobDuration time.Duration
	// MaxResourceSize caps one sandbox resource in bytes.
	MaxResourceSize int64
	// MaxBody is the server's content limit, for the message of a batch
	// over it.
	MaxBody int64
	// MaxRateLimit and MaxWindow cap /ratelimit?limit= and ?window=.
	MaxRateLimit int
	MaxWindow    time.Duration
	// Logger receives store failures.
	Logger *slog.Logger
}

// Scenarios are the stateful endpoints. Create them with New.
type Scenarios struct {
	cfg   Config
	codes *responder.Responder
	// unavailableLog spaces the warnings of an unreachable store.
	unavailableLog logThrottle
}

// New builds the scenarios; codes answers with the status codes they
// choose, following the registry as /{code} does.
func New(cfg Config, codes *responder.Responder) *Scenarios {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Scenarios{cfg: cfg, codes: codes}
}

// KeyHeader names the client's state key when ?key= does not.
const KeyHeader = "X-Statuskit-Key"

// maxKeyLength bounds a client-chosen key, which becomes part of a store
// key.
const maxKeyLength = 200

// clientKey is the scope of a client's state: ?key=, else the
// X-Statuskit-Key field, else the client's IP address. fromQuery reports
// ?key=, which Location URLs must carry so that following them reaches the
// same state. The two kinds are prefixed apart, so no key can name another
// client's address scope.
func clientKey(r *http.Request, q url.Values) (scope string, fromQuery bool, err error) {
	key, fromQuery := q.Get("key"), q.Has("key")
	if !fromQuery {
		key = r.Header.Get(KeyHeader)
		if key == "" && len(r.Header.Values(KeyHeader)) == 0 {
			host, _, err := net.SplitHostPort(r.RemoteAddr)
			if err != nil {
				host = r.RemoteAddr
			}
			return "addr:" + host, false, nil
		}
	}
	if key == "" || len(key) > maxKeyLength || !field.ValidValue(key) {
		return "", false, param.Errorf("the state key (?key= or %s) must be 1 to %d characters without control characters, e.g. ?key=test-42", KeyHeader, maxKeyLength)
	}
	return "key:" + key, fromQuery, nil
}

// storeUnavailableRetry is the Retry-After of a 503 for an unreachable
// store: the client reconnects on the next request, so a second is enough.
const storeUnavailableRetry = "1"

// stateFailed is the answer to a request whose store operation failed: 503
// with Retry-After when the store is unreachable (stateless endpoints keep
// working meanwhile), 500 for anything else, nothing when the client has
// gone away.
func (s *Scenarios) stateFailed(r *http.Request, err error) error {
	if r.Context().Err() != nil {
		return nil
	}
	if errors.Is(err, store.ErrUnavailable) {
		s.logUnavailable(r, err)
		return &reply.Error{Status: http.StatusServiceUnavailable, RetryAfter: storeUnavailableRetry, Message: fmt.Sprintf(
			"the state store is unreachable (%v), so %s cannot be answered now; statuskit reconnects by itself, retry in a second. Stateless endpoints such as %s/200 keep working.",
			err, reply.Base(r)+r.URL.Path, reply.Base(r))}
	}
	s.cfg.Logger.LogAttrs(r.Context(), slog.LevelError, "state store failed", slog.String("error", err.Error()))
	return reply.Errorf(http.StatusInternalServerError, "the state store failed: %v", err)
}

// unavailableLogEvery spaces the "state store unavailable" warnings: while
// Redis is down every stateful request fails, and one line per request
// would flood the log.
const unavailableLogEvery = 10 * time.Second

// logThrottle remembers when a warning was last logged and how many were
// left out since.
type logThrottle struct {
	mu         sync.Mutex
	last       time.Time
	suppressed int
}

func (s *Scenarios) logUnavailable(r *http.Request, err error) {
	u := &s.unavailableLog
	u.mu.Lock()
	now := time.Now()
	if now.Sub(u.last) < unavailableLogEvery {
		u.suppressed++
		u.mu.Unlock()
		return
	}
	suppressed := u.suppressed
	u.last, u.suppressed = now, 0
	u.mu.Unlock()
	s.cfg.Logger.LogAttrs(r.Context(), slog.LevelWarn, "state store unavailable; stateful requests answer 503",
		slog.String("error", err.Error()), slog.Int("failed_since_last_warning", suppressed))
}

// ceilSeconds renders a duration as whole seconds, rounded up: a client
// that waits that long is never early.
func ceilSeconds(d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	return int64((d + time.Second - 1) / time.Second)
}

// query parses the query of a stateful endpoint: each of known at most
// once, nothing else.
func query(r *http.Request, endpoint string, known ...string) (url.Values, error) {
	return param.Query(r, endpoint, known, nil)
}
