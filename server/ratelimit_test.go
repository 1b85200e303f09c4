package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestRateLimitAnswers429WithAnExactRetryAfterOnceTheLimitIsUsed(t *testing.T) {
	t.Parallel()
	eachStore(t, Config{}, func(sc *scenario) {
		const path = "/ratelimit?limit=5&window=10s&key=k"
		for i := range 5 {
			what := fmt.Sprintf("request %d of 5 per 10s", i+1)
			res := sc.get(path)
			expect(sc.t, what, res, http.StatusOK)
			remaining := strconv.Itoa(4 - i)
			expectField(sc.t, what, res, "RateLimit-Policy", `"default";q=5;w=10`)
			// t: seconds until the whole quota is back, 2s per request
			// used; once none is left, until the next one is allowed.
			reset := 2 * (i + 1)
			if i == 4 {
				reset = 2
			}
			expectField(sc.t, what, res, "RateLimit", fmt.Sprintf(`"default";r=%s;t=%d`, remaining, reset))
			expectField(sc.t, what, res, "X-RateLimit-Limit", "5")
			expectField(sc.t, what, res, "X-RateLimit-Remaining", remaining)
			expectField(sc.t, what, res, "X-RateLimit-Reset", strconv.FormatInt(sc.clock.Now().Add(time.Duration(reset)*time.Second).Unix(), 10))
		}
		res := sc.get(path)
		expect(sc.t, "request 6", res, http.StatusTooManyRequests)
		// GCRA refills one request every window/limit = 2s.
		expectField(sc.t, "request 6", res, "Retry-After", "2")
		expectField(sc.t, "request 6", res, "RateLimit", `"default";r=0;t=2`)
		expectField(sc.t, "request 6", res, "X-RateLimit-Remaining", "0")
		expectField(sc.t, "request 6", res, "X-RateLimit-Reset", strconv.FormatInt(sc.clock.Now().Add(2*time.Second).Unix(), 10))
		expectField(sc.t, "request 6 (RFC 6585, 4: a 429 must not be cached)", res, "Cache-Control", "no-store")

		sc.clock.Advance(1500 * time.Millisecond)
		res = sc.get(path)
		expect(sc.t, "0.5s before the retry time", res, http.StatusTooManyRequests)
		expectField(sc.t, "0.5s before the retry time (rounded up, never early)", res, "Retry-After", "1")
		sc.clock.Advance(500 * time.Millisecond)
		expect(sc.t, "at the retry time", sc.get(path), http.StatusOK)
		expect(sc.t, "right after", sc.get(path), http.StatusTooManyRequests)
	})
}

func TestRateLimitRefillsSteadilyNotAllAtOnce(t *testing.T) {
	t.Parallel()
	eachStore(t, Config{}, func(sc *scenario) {
		const path = "/ratelimit?limit=4&window=8s&key=k"
		for i := range 4 {
			expect(sc.t, fmt.Sprintf("burst request %d", i+1), sc.get(path), http.StatusOK)
		}
		expect(sc.t, "request 5", sc.get(path), http.StatusTooManyRequests)
		// Half a window later half the quota is back, not all of it (a
		// fixed-window counter would allow 4 again at its reset, 8 in a
		// moment straddling it).
		sc.clock.Advance(4 * time.Second)
		for i := range 2 {
			expect(sc.t, fmt.Sprintf("after 4s, request %d", i+1), sc.get(path), http.StatusOK)
		}
		expect(sc.t, "after 4s, request 3", sc.get(path), http.StatusTooManyRequests)
	})
}

func TestRateLimitIsPerKeyAndPolicy(t *testing.T) {
	t.Parallel()
	eachStore(t, Config{}, func(sc *scenario) {
		expect(sc.t, "key a", sc.get("/ratelimit?limit=1&window=1m&key=a"), http.StatusOK)
		expect(sc.t, "key a again", sc.get("/ratelimit?limit=1&window=1m&key=a"), http.StatusTooManyRequests)
		expect(sc.t, "key b", sc.get("/ratelimit?limit=1&window=1m&key=b"), http.StatusOK)
		expect(sc.t, "X-Statuskit-Key: a", sc.get("/ratelimit?limit=1&window=1m", "X-Statuskit-Key", "a"), http.StatusTooManyRequests)
		expect(sc.t, "key a, another policy", sc.get("/ratelimit?limit=2&window=1m&key=a"), http.StatusOK)
		// No key: the client's address.
		expect(sc.t, "no key", sc.get("/ratelimit?limit=1&window=1m"), http.StatusOK)
		expect(sc.t, "no key again", sc.get("/ratelimit?limit=1&window=1m"), http.StatusTooManyRequests)
	})
}

func TestRateLimitDefaultsToTenPerMinute(t *testing.T) {
	t.Parallel()
	eachStore(t, Config{}, func(sc *scenario) {
		res := sc.get("/ratelimit?key=k")
		expect(sc.t, "/ratelimit", res, http.StatusOK)
		expectField(sc.t, "/ratelimit", res, "RateLimit-Policy", `"default";q=10;w=60`)
	})
}

func TestRateLimitRefusesBadParameters(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{MaxRateLimit: 10000, MaxWindow: time.Hour})
	for _, tc := range []struct{ query, mention string }{
		{"limit=0", "from 1 to 10000"},
		{"limit=abc", "from 1 to 10000"},
		{"limit=10001", "--max-rate-limit"},
		{"limit=-1", "from 1 to 10000"},
		{"window=0", "--max-window"},
		{"window=2h", "--max-window"},
		{"window=soon", "e.g. ?window=10s"},
		{"limit=2000&window=1ms", "microsecond"},
		{"limit=5&limit=6", "once"},
		{"key=", "state key"},
		{"burst=3", "unknown query parameter"},
	} {
		res := get(t, ts, "/ratelimit?"+tc.query)
		expect(t, "?"+tc.query, res, http.StatusBadRequest)
		if !strings.Contains(string(res.body), tc.mention) {
			t.Errorf("?%s: message %q does not mention %q", tc.query, res.body, tc.mention)
		}
	}
}
