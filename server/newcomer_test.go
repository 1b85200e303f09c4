package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// This file proves what a newcomer from httpbin expects (issue 13): the
// echo and the delay, a 404 that names the equivalent, one rule for bare
// numbers, and a location that looks like a host name refused.

func TestAnythingEchoesTheRequest(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	res := send(t, noRedirects(ts), ts.URL, request{method: http.MethodPatch, path: "/anything/deep/path?a=1&a=2&b=x",
		header: hdr("Content-Type", "application/json", "X-Test", "yes"), body: `{"n":1}`})
	var got struct {
		Args    map[string]any    `json:"args"`
		Data    string            `json:"data"`
		JSON    map[string]any    `json:"json"`
		Headers map[string]string `json:"headers"`
		Method  string            `json:"method"`
		URL     string            `json:"url"`
	}
	if err := json.Unmarshal(res.body, &got); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("PATCH /anything: %d %v\n%s", res.StatusCode, err, res.body)
	}
	if got.Method != "PATCH" || got.Data != `{"n":1}` || got.JSON["n"] != 1.0 || got.Headers["X-Test"] != "yes" || got.Args["b"] != "x" || len(got.Args["a"].([]any)) != 2 || !strings.HasSuffix(got.URL, "/anything/deep/path?a=1&a=2&b=x") {
		t.Errorf("PATCH /anything: %+v", got)
	}
	// The natural target of a 307: Go's client repeats the POST with its
	// content (RFC 9110, 15.4.8), and /anything shows it arrived.
	res = send(t, ts.Client(), ts.URL, request{method: http.MethodPost, path: "/redirect-to?url=/anything&status=307", body: "hello"})
	if !strings.Contains(string(res.body), `"method":"POST"`) || !strings.Contains(string(res.body), `"data":"hello"`) {
		t.Errorf("POST through a 307 to /anything:\n%s", res.body)
	}
}

func TestDelayIsHttpbinsSeconds(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{MaxSleep: 5 * time.Second})
	start := time.Now()
	res := get(t, ts, "/delay/0.2?x=1")
	if elapsed := time.Since(start); res.StatusCode != http.StatusOK || elapsed < 200*time.Millisecond || !strings.Contains(string(res.body), `"args":{"x":"1"}`) {
		t.Errorf("GET /delay/0.2: %d after %s, want 200 after 0.2 s with the echo:\n%s", res.StatusCode, elapsed, res.body)
	}
	for _, path := range []string{"/delay/11", "/delay/6", "/delay/abc", "/delay/-1", "/delay/1e1"} {
		res := get(t, ts, path)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(res.body), "seconds") || !strings.Contains(string(res.body), "?sleep=") {
			t.Errorf("GET %s: %d, want 400 saying n is seconds and naming ?sleep=:\n%s", path, res.StatusCode, res.body)
		}
	}
}

func TestHttpbinPathsStatuskitLacksNameTheirEquivalent(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for path, names := range map[string]string{
		"/get": "/anything", "/headers": "/anything", "/ip": "/anything", "/bytes/10": "/range/{n}",
		"/response-headers": "?header=", "/digest-auth/auth/u/p": "/basic-auth", "/drip": "?sleep=",
	} {
		res := get(t, ts, path)
		if res.StatusCode != http.StatusNotFound || !strings.Contains(string(res.body), names) {
			t.Errorf("GET %s: %d, want 404 naming %s:\n%s", path, res.StatusCode, names, res.body)
		}
	}
}

func TestALocationThatLooksLikeAHostIsRefused(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, loc := range []string{"example.com", "www.example.com/path", "example.com:8080/x"} {
		res := get(t, ts, "/302?location="+url.QueryEscape(loc))
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(res.body), "did you mean") {
			t.Errorf("GET /302?location=%s: %d, want 400 asking whether a URL was meant:\n%s", loc, res.StatusCode, res.body)
		}
	}
	if res := get(t, ts, "/302?location=index.html"); res.StatusCode != http.StatusFound {
		t.Errorf("GET /302?location=index.html: %d, want 302: a relative file name is a fine target", res.StatusCode)
	}
}

// TestBareNumbersAreMillisecondsEverywhere: ?sleep=, ?window= and
// ?duration= all read a bare number as milliseconds, and say so.
func TestBareNumbersAreMillisecondsEverywhere(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	client := noRedirects(ts)
	job := send(t, client, ts.URL, request{method: http.MethodPost, path: "/jobs?duration=30"})
	time.Sleep(100 * time.Millisecond)
	if res := send(t, client, ts.URL, request{path: job.Header.Get("Location")}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("POST /jobs?duration=30, polled 100 ms later: %d, want 303 (30 is milliseconds)", res.StatusCode)
	}
	for _, path := range []string{"/200?sleep=ten", "/ratelimit?window=ten", "/ratelimit?window=25h"} {
		res := get(t, ts, path)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(res.body), "a bare number is milliseconds") {
			t.Errorf("GET %s: %d, want 400 stating the rule for bare numbers:\n%s", path, res.StatusCode, res.body)
		}
	}
}
