package server

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/statuskit/statuskit/store"
)

// Defaults of /ratelimit.
const (
	defaultRateLimit  = 10
	defaultRateWindow = time.Minute
)

// rateLimitPolicy names the one quota policy /ratelimit advertises in the
// IETF fields.
const rateLimitPolicy = `"default"`

// handleRateLimit serves /ratelimit?limit=5&window=10s: 200 while the
// key's quota lasts, then 429 with an exact Retry-After (RFC 6585, 4) until
// the bucket lets one more request through. The limiter is GCRA, so the
// quota refills steadily (one request every window/limit) rather than
// resetting all at once, and with Redis it counts across replicas.
//
// Every answer carries the quota in two forms: the IETF fields of
// draft-ietf-httpapi-ratelimit-headers (RateLimit-Policy, RateLimit) and
// the de-facto X-RateLimit-Limit, -Remaining and -Reset (a Unix time, as
// GitHub sends it).
func (s *Server) handleRateLimit(w http.ResponseWriter, r *http.Request) {
	q, err := scenarioParams(r, "/ratelimit", "key", "limit", "window")
	if err != nil {
		s.writeError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	limit := defaultRateLimit
	if q.Has("limit") {
		v := q.Get("limit")
		limit, err = strconv.Atoi(v)
		if err != nil || !isDigits(v) || limit < 1 || limit > s.cfg.MaxRateLimit {
			s.writeError(w, r, http.StatusBadRequest, fmt.Sprintf(
				"?limit=%q must be the number of requests per window, from 1 to %d (--max-rate-limit), e.g. ?limit=5&window=10s",
				truncate(v, 20), s.cfg.MaxRateLimit))
			return
		}
	}
	window, err := parseDuration(q, "window", defaultRateWindow, time.Millisecond, s.cfg.MaxWindow, "--max-window")
	if err != nil {
		s.writeError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	if window/time.Duration(limit) < time.Microsecond {
		s.writeError(w, r, http.StatusBadRequest, fmt.Sprintf(
			"%d requests per %s is more than one per microsecond, finer than the limiter counts; use a longer window, e.g. ?limit=%d&window=1s",
			limit, window, limit))
		return
	}
	scope, _, err := clientKey(r, q)
	if err != nil {
		s.writeError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	// The policy is part of the key: a bucket means nothing under another
	// limit or window.
	key := scope + "\n" + strconv.Itoa(limit) + "/" + window.String()
	d, err := s.cfg.Store.Allow(r.Context(), key, limit, window)
	if err != nil {
		s.stateFailed(w, r, err)
		return
	}
	mods := modifiers{final: http.StatusOK, headers: rateLimitFields(d, window)}
	if d.Allowed {
		s.answer(w, r, http.StatusOK, mods)
		return
	}
	// Whole seconds rounded up: a client that waits Retry-After is never
	// refused again for being early (RFC 9110, 10.2.3).
	mods.retryAfter = strconv.FormatInt(max(1, ceilSeconds(d.RetryAfter)), 10)
	s.answer(w, r, http.StatusTooManyRequests, mods)
}

// rateLimitFields are the quota fields of one decision. The reset time t
// is when the next request will be allowed while the quota is exhausted,
// and when the whole quota is back otherwise.
func rateLimitFields(d store.Decision, window time.Duration) []headerField {
	reset := d.ResetAfter
	if !d.Allowed {
		reset = d.RetryAfter
	}
	t := ceilSeconds(reset)
	if !d.Allowed {
		t = max(1, t)
	}
	limit, remaining := strconv.Itoa(d.Limit), strconv.Itoa(d.Remaining)
	// The draft's w is whole seconds; a sub-second window rounds up.
	w := max(1, ceilSeconds(window))
	return []headerField{
		{"Ratelimit-Policy", fmt.Sprintf("%s;q=%s;w=%d", rateLimitPolicy, limit, w)},
		{"Ratelimit", fmt.Sprintf("%s;r=%s;t=%d", rateLimitPolicy, remaining, t)},
		{"X-Ratelimit-Limit", limit},
		{"X-Ratelimit-Remaining", remaining},
		{"X-Ratelimit-Reset", strconv.FormatInt(unixCeil(d.Now.Add(reset)), 10)},
	}
}

// unixCeil is t as a Unix time in whole seconds, rounded up.
func unixCeil(t time.Time) int64 {
	if t.Nanosecond() > 0 {
		return t.Unix() + 1
	}
	return t.Unix()
}
