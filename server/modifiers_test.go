package server

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// This file proves the modifiers (?sleep=, ?header=, ?body=, request
// headers X-Statuskit-Response-*, unknown parameters): each is honoured
// within its limit and anything else is a 400 saying what is allowed.

func TestSleepModifierDelaysTheResponse(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{MaxSleep: time.Second})
	for _, path := range []string{"/200?sleep=60", "/200?sleep=60ms", "/status/503?sleep=0.06s", "/103?sleep=60"} {
		start := time.Now()
		res := get(t, ts, path)
		if res.StatusCode/100 != 2 && res.StatusCode != 503 {
			t.Errorf("GET %s: status %d", path, res.StatusCode)
		}
		// Only a lower bound: a slow machine may take longer.
		if took := time.Since(start); took < 60*time.Millisecond {
			t.Errorf("GET %s answered after %s, before the 60ms it asked for", path, took)
		}
	}
}

func TestSleepModifierRefusesMoreThanTheCap(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{MaxSleep: 500 * time.Millisecond})
	for _, path := range []string{"/200?sleep=501", "/200?sleep=1s", "/102?sleep=2s", "/status/200?sleep=1h", "/200?sleep=9223372036854775807"} {
		res := get(t, ts, path)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(res.body), "cap of 500ms") {
			t.Errorf("GET %s with MaxSleep 500ms: status %d, want 400 naming the cap of 500ms:\n%s", path, res.StatusCode, res.body)
		}
	}
	for _, path := range []string{"/200?sleep=-1", "/200?sleep=-1s", "/200?sleep=soon", "/200?sleep=", "/200?sleep=1e3"} {
		res := get(t, ts, path)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(res.body), "?sleep=250") {
			t.Errorf("GET %s: status %d, want 400 with an example of a valid sleep:\n%s", path, res.StatusCode, res.body)
		}
	}
}

// TestTooManySleepingRequestsGet503: with MaxSleeping 1 and one request
// asleep, the next sleeping request is refused with 503 and Retry-After
// instead of parking another goroutine.
func TestTooManySleepingRequestsGet503(t *testing.T) {
	t.Parallel()
	s := New(testConfig(Config{MaxSleeping: 1, MaxSleep: time.Minute}))
	ts := httpTestServer(t, s)

	sleeper := make(chan exchangeResult, 1)
	ctx, cancel := contextWithCancel()
	go func() {
		res, _ := trySendContext(ctx, ts.Client(), ts.URL, request{path: "/200?sleep=30s"})
		sleeper <- res
	}()
	deadline := time.Now().Add(10 * time.Second)
	for s.Sleeping() != 1 {
		if time.Now().After(deadline) {
			t.Fatal("the sleeping request never started sleeping")
		}
		time.Sleep(5 * time.Millisecond)
	}
	for _, path := range []string{"/200?sleep=10", "/status/204?sleep=10", "/102?sleep=100"} {
		res := get(t, ts, path)
		if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(res.body), "--max-sleeping") {
			t.Errorf("GET %s with MaxSleeping 1 reached: status %d, want 503 naming --max-sleeping:\n%s", path, res.StatusCode, res.body)
		}
		assertDeltaSeconds(t, "GET "+path+" when saturated", res.Header.Values("Retry-After"))
	}
	// A request that does not sleep is not affected.
	if res := get(t, ts, "/200"); res.StatusCode != 200 {
		t.Errorf("GET /200 while another request sleeps: status %d, want 200", res.StatusCode)
	}
	cancel()
	<-sleeper
	deadline = time.Now().Add(10 * time.Second)
	for s.Sleeping() != 0 {
		if time.Now().After(deadline) {
			t.Fatal("the cancelled request never released its sleeping slot")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if res := get(t, ts, "/200?sleep=1"); res.StatusCode != 200 {
		t.Errorf("GET /200?sleep=1 after the sleeper left: status %d, want 200", res.StatusCode)
	}
}

func TestHeaderModifiersAddResponseFields(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	q := request{
		path:   "/200?header=X-A:1&header=x-multi:%20one&header=X-Multi:two&header=Retry-After:9",
		header: hdr("X-Statuskit-Response-X-B", "2", "x-statuskit-response-cache-control", "max-age=60"),
	}
	res := send(t, noRedirects(ts), ts.URL, q)
	for field, want := range map[string][]string{
		"X-A":           {"1"},
		"X-B":           {"2"},
		"X-Multi":       {"one", "two"},
		"Retry-After":   {"9"},
		"Cache-Control": {"max-age=60"},
	} {
		if got := res.Header.Values(field); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s: %s %q, want %q", q, field, got, want)
		}
	}
	// A modifier overrides what the behaviour set.
	res = get(t, ts, "/503?header=Retry-After:120&header=Cache-Control:no-cache")
	if res.Header.Get("Retry-After") != "120" || res.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("GET /503 with header overrides: Retry-After %q, Cache-Control %q; want 120 and no-cache", res.Header.Get("Retry-After"), res.Header.Get("Cache-Control"))
	}
}

func TestHeaderModifiersRefuseDangerousFields(t *testing.T) {
	t.Parallel()
	safe := testServer(t, Config{MaxResponseHeaders: 3})
	unsafe := testServer(t, Config{Unsafe: true})
	for _, tc := range []struct {
		q          request
		safeWant   int
		unsafeWant int
		says       string
	}{
		{request{path: "/200?header=Set-Cookie:a=b"}, 400, 200, "--unsafe"},
		{request{path: "/200?header=Connection:close"}, 400, 200, "--unsafe"},
		{request{path: "/200?header=Content-Type:text/html"}, 400, 200, "--unsafe"},
		{request{path: "/200", header: hdr("X-Statuskit-Response-Set-Cookie", "a=b")}, 400, 200, "--unsafe"},
		// Framing is never the client's to decide (RFC 9112, 6).
		{request{path: "/200?header=Content-Length:5"}, 400, 400, "framing"},
		{request{path: "/200?header=content-length:5"}, 400, 400, "framing"},
		{request{path: "/200?header=Transfer-Encoding:chunked"}, 400, 400, "framing"},
		// CR, LF and NUL would split or corrupt the response (RFC 9110, 5.5).
		{request{path: "/200?header=X-A:1%0D%0AX-Injected:1"}, 400, 400, "control characters"},
		{request{path: "/200?header=X-A:1%0AX-Injected:1"}, 400, 400, "control characters"},
		{request{path: "/200?header=X-A:a%00b"}, 400, 400, "control characters"},
		{request{path: "/200?header=X%20A:1"}, 400, 400, "not a valid field name"},
		{request{path: "/200?header=:1"}, 400, 400, "not a valid field name"},
		{request{path: "/200?header=NoColon"}, 400, 400, "Name:Value"},
		{request{path: "/200?header=A:1&header=B:2&header=C:3&header=D:4"}, 400, 200, "at most 3"},
	} {
		for _, srv := range []struct {
			name string
			url  string
			c    *http.Client
			want int
		}{
			{"default", safe.URL, noRedirects(safe), tc.safeWant},
			{"--unsafe", unsafe.URL, noRedirects(unsafe), tc.unsafeWant},
		} {
			res := send(t, srv.c, srv.url, tc.q)
			if res.StatusCode != srv.want {
				t.Errorf("%s (%s server): status %d, want %d:\n%s", tc.q, srv.name, res.StatusCode, srv.want, res.body)
			}
			if res.StatusCode == 400 && !strings.Contains(string(res.body), tc.says) {
				t.Errorf("%s (%s server): the 400 does not mention %q:\n%s", tc.q, srv.name, tc.says, res.body)
			}
			if res.Header.Get("X-Injected") != "" {
				t.Errorf("%s (%s server): a header was injected", tc.q, srv.name)
			}
		}
	}
	res := get(t, unsafe, "/200?header=Set-Cookie:a=b")
	if res.Header.Get("Set-Cookie") != "a=b" {
		t.Errorf("GET /200?header=Set-Cookie:a=b with Unsafe: Set-Cookie %q, want a=b", res.Header.Get("Set-Cookie"))
	}
}

func TestBodyModifierIsPlainTextWithNosniff(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, tc := range []struct{ path, want string }{
		{"/418?body=I%27m%20a%20teapot", "I'm a teapot"},
		{"/200?body=%3Cscript%3Ealert(1)%3C/script%3E", "<script>alert(1)</script>"},
		{"/500?body=", ""},
	} {
		res := send(t, noRedirects(ts), ts.URL, request{path: tc.path, header: hdr("Accept", "text/html")})
		if string(res.body) != tc.want {
			t.Errorf("GET %s: content %q, want %q", tc.path, res.body, tc.want)
		}
		if ct := res.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: Content-Type %q, X-Content-Type-Options %q; a custom body must never be rendered as HTML on this origin", tc.path, ct, res.Header.Get("X-Content-Type-Options"))
		}
	}
}

func TestUnknownOrRepeatedParametersAreRefused(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, tc := range []struct{ path, says string }{
		{"/200?slep=1s", `unknown query parameter "slep"`},
		{"/status/200?foo=bar", `unknown query parameter "foo"`},
		{"/103?Sleep=1", `unknown query parameter "Sleep"`},
		{"/200?sleep=1&sleep=2", "give it once"},
		{"/200?retry-after=1&retry-after=2", "give it once"},
		{"/200?%zz", "not valid URL encoding"},
		{"/302?location=", "is empty"},
	} {
		res := get(t, ts, tc.path)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(res.body), tc.says) {
			t.Errorf("GET %s: status %d, want 400 saying %q:\n%s", tc.path, res.StatusCode, tc.says, res.body)
		}
	}
	// ?id= labels the server's own Location URLs and is accepted.
	if res := get(t, ts, "/200?id=created-7"); res.StatusCode != 200 {
		t.Errorf("GET /200?id=created-7: status %d, want 200", res.StatusCode)
	}
}
