package scenario

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/statuskit/statuskit/field"
	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/reply"
	"github.com/statuskit/statuskit/responder"
	"github.com/statuskit/statuskit/store"
)

// Defaults of /ratelimit.
const (
	defaultRateLimit  = 10
	defaultRateWindow = time.Minute
)

// rateLimitPolicy names the one quota policy /ratelimit advertises in the
// IETF fields.
const rateLimitPolicy = "default"

// RateLimit serves /ratelimit?limit=5&window=10s: 200 while the
// key's quota lasts, then 429 with an exact Retry-After (RFC 6585, 4) until
// the bucket lets one more request through. The limiter is GCRA, so the
// quota refills steadily (one request every window/limit) rather than
// resetting all at once, and with Redis it counts across replicas.
//
// Every answer carries the quota in two forms: the IETF fields of
// draft-ietf-httpapi-ratelimit-headers (RateLimit-Policy, RateLimit) and
// the de-facto X-RateLimit-Limit, -Remaining and -Reset (a Unix time, as
// GitHub sends it).
func (s *Scenarios) RateLimit(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r, "/ratelimit", "key", "limit", "window")
	if err != nil {
		return err
	}
	limit := defaultRateLimit
	if q.Has("limit") {
		v := q.Get("limit")
		limit, err = strconv.Atoi(v)
		if err != nil || !param.Digits(v) || limit < 1 || limit > s.cfg.MaxRateLimit {
			return param.Errorf("?limit=%q must be the number of requests per window, from 1 to %d (--max-rate-limit), e.g. ?limit=5&window=10s",
				param.Clip(v, 20), s.cfg.MaxRateLimit)
		}
	}
	window, err := param.Duration(q, "window", defaultRateWindow, time.Millisecond, s.cfg.MaxWindow, "--max-window")
	if err != nil {
		return err
	}
	if window/time.Duration(limit) < time.Microsecond {
		return param.Errorf("%d requests per %s is more than one per microsecond, finer than the limiter counts; use a longer window, e.g. ?limit=%d&window=1s",
			limit, window, limit)
	}
	scope, _, err := clientKey(r, q)
	if err != nil {
		return err
	}
	// The policy is part of the key: a bucket means nothing under another
	// limit or window.
	key := scope + "\n" + strconv.Itoa(limit) + "/" + window.String()
	d, err := s.cfg.Store.Allow(r.Context(), key, limit, window)
	if err != nil {
		return s.stateFailed(r, err)
	}
	mods := responder.Modifiers{Fields: rateLimitFields(d, window)}
	if d.Allowed {
		return s.codes.Answer(w, r, http.StatusOK, mods)
	}
	// Whole seconds rounded up: a client that waits Retry-After is never
	// refused again for being early (RFC 9110, 10.2.3).
	mods.RetryAfter = field.RetryAfterIn(d.RetryAfter).String()
	mods.Message = rateLimitMessage(scope, limit, window, mods.RetryAfter)
	return s.codes.Answer(w, r, http.StatusTooManyRequests, mods)
}

// rateLimitMessage explains a 429: which key's quota is used up, the
// quota and window, how fast it refills and when to retry.
func rateLimitMessage(scope string, limit int, window time.Duration, retryAfter string) string {
	who := "the client address " + strings.TrimPrefix(scope, "addr:")
	if k, ok := strings.CutPrefix(scope, "key:"); ok {
		who = fmt.Sprintf("key %q", k)
	}
	requests := "requests"
	if limit == 1 {
		requests = "request"
	}
	return fmt.Sprintf("rate limit exceeded for %s: the quota is %d %s per %s (?limit=%d&window=%s), refilled one request every %s; retry after %s seconds (Retry-After), or use another ?key= or a larger ?limit=",
		who, limit, requests, window, limit, window, window/time.Duration(limit), retryAfter)
}

// rateLimitFields are the quota fields of one decision, formatted by
// package field as the checker and the grader parse them. The reset time
// t is when the next request will be allowed while the quota is
// exhausted, and when the whole quota is back otherwise.
func rateLimitFields(d store.Decision, window time.Duration) []reply.Field {
	reset := d.ResetAfter
	switch {
	case !d.Allowed:
		reset = d.RetryAfter
	case d.Remaining == 0:
		// The quota is used up by this request: t says when the next one
		// is allowed, as on the 429 that would follow (GCRA: the bucket
		// takes one more request once it has drained one interval).
		reset = max(0, d.ResetAfter-window+window/time.Duration(d.Limit))
	}
	t := ceilSeconds(reset)
	if !d.Allowed {
		t = max(1, t)
	}
	// The draft's w is whole seconds; a sub-second window rounds up.
	policy, _ := field.FormatRateLimitPolicy([]field.RateLimitPolicy{{Name: rateLimitPolicy, Quota: int64(d.Limit), Window: max(1, ceilSeconds(window))}})
	state, _ := field.FormatRateLimit([]field.RateLimit{{Name: rateLimitPolicy, Remaining: int64(d.Remaining), Reset: t, HasReset: true}})
	limit, remaining := strconv.Itoa(d.Limit), strconv.Itoa(d.Remaining)
	return []reply.Field{
		{Name: "Ratelimit-Policy", Value: policy},
		{Name: "Ratelimit", Value: state},
		{Name: "X-Ratelimit-Limit", Value: limit},
		{Name: "X-Ratelimit-Remaining", Value: remaining},
		{Name: "X-Ratelimit-Reset", Value: strconv.FormatInt(unixCeil(d.Now.Add(reset)), 10)},
	}
}

// unixCeil is t as a Unix time in whole seconds, rounded up.
func unixCeil(t time.Time) int64 {
	if t.Nanosecond() > 0 {
		return t.Unix() + 1
	}
	return t.Unix()
}
