package server

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/statuskit/statuskit/store"
)

// The stateful scenarios (sequence.go, ratelimit.go, jobs.go,
// resources.go) keep their state in Config.Store, which owns it; this file
// holds what they share: routing with 405, the client's key, and what to
// answer when the store fails.

// statefulRoutes adds the stateful scenarios to the mux.
func (s *Server) statefulRoutes(mux *http.ServeMux) {
	// Each element of a sequence answers any method, as /{code} does;
	// DELETE resets the sequence.
	mux.HandleFunc("/sequence/{codes}", s.handleSequence)
	mux.HandleFunc("/sequence/{$}", s.handleSequence)
	mux.HandleFunc("/ratelimit", s.handleRateLimit)
	s.methods(mux, "/jobs", route{http.MethodPost, s.handleJobCreate})
	s.methods(mux, "/jobs/{id}", route{http.MethodGet, s.handleJobStatus}, route{http.MethodDelete, s.handleJobCancel})
	s.methods(mux, "/jobs/{id}/result", route{http.MethodGet, s.handleJobResult})
	s.methods(mux, "/resources", route{http.MethodPost, s.handleResourceBatch})
	s.methods(mux, "/resources/{name}",
		route{http.MethodGet, s.handleResourceGet},
		route{http.MethodPut, s.handleResourcePut},
		route{http.MethodDelete, s.handleResourceDelete})
}

// keyHeader names the client's state key when ?key= does not.
const keyHeader = "X-Statuskit-Key"

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
		key = r.Header.Get(keyHeader)
		if key == "" && len(r.Header.Values(keyHeader)) == 0 {
			host, _, err := net.SplitHostPort(r.RemoteAddr)
			if err != nil {
				host = r.RemoteAddr
			}
			return "addr:" + host, false, nil
		}
	}
	if key == "" || len(key) > maxKeyLength || !validFieldValue(key) {
		return "", false, badInput("the state key (?key= or %s) must be 1 to %d characters without control characters, e.g. ?key=test-42", keyHeader, maxKeyLength)
	}
	return "key:" + key, fromQuery, nil
}

// scenarioParams parses the query of a stateful endpoint: each of known at
// most once, nothing else (queryParams).
func scenarioParams(r *http.Request, endpoint string, known ...string) (url.Values, error) {
	return queryParams(r, endpoint, known)
}

// parseBool reads a true/false parameter.
func parseBool(q url.Values, name string) (bool, error) {
	if !q.Has(name) {
		return false, nil
	}
	switch q.Get(name) {
	case "true", "1", "":
		return true, nil
	case "false", "0":
		return false, nil
	}
	return false, badInput("?%s=%q must be true or false", name, truncate(q.Get(name), 20))
}

// parseDuration reads a duration parameter: a Go duration ("10s", "1m30s")
// or whole seconds ("10").
func parseDuration(q url.Values, name string, def, lo, hi time.Duration, limitFlag string) (time.Duration, error) {
	if !q.Has(name) {
		return def, nil
	}
	v := q.Get(name)
	d, err := time.ParseDuration(v)
	if n, nerr := strconv.ParseInt(v, 10, 64); nerr == nil && n >= 0 && n <= int64(hi/time.Second)+1 {
		d, err = time.Duration(n)*time.Second, nil
	}
	if err != nil || d < lo || d > hi {
		return 0, badInput("?%s=%q must be a duration from %s to %s (%s), e.g. ?%s=10s or ?%s=1m30s",
			name, truncate(v, 20), lo, hi, limitFlag, name, name)
	}
	return d, nil
}

// storeUnavailableRetry is the Retry-After of a 503 for an unreachable
// store: the client reconnects on the next request, so a second is enough.
const storeUnavailableRetry = "1"

// stateFailed answers a request whose store operation failed: 503 with
// Retry-After when the store is unreachable (stateless endpoints keep
// working meanwhile), 500 for anything else. A client that has gone away
// gets nothing.
func (s *Server) stateFailed(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil {
		return
	}
	if errors.Is(err, store.ErrUnavailable) {
		s.logUnavailable(r, err)
		w.Header().Set("Retry-After", storeUnavailableRetry)
		s.writeError(w, r, http.StatusServiceUnavailable, fmt.Sprintf(
			"the state store is unreachable (%v), so %s cannot be answered now; statuskit reconnects by itself, retry in a second. Stateless endpoints such as /200 keep working.",
			err, r.URL.Path))
		return
	}
	s.cfg.Logger.LogAttrs(r.Context(), slog.LevelError, "state store failed", slog.String("error", err.Error()))
	s.writeError(w, r, http.StatusInternalServerError, "the state store failed: "+err.Error())
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

func (s *Server) logUnavailable(r *http.Request, err error) {
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
