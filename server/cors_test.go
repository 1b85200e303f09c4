package server

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// This file proves CORS (Fetch standard, CORS protocol): preflights are
// answered with what the real request may use, actual responses are
// readable by scripts, and Config.CORSOrigins restricts the origins.

func TestCORSPreflightIsAnswered(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, path := range []string{"/200", "/503", "/status/200,503", "/abc"} {
		q := request{method: http.MethodOptions, path: path, header: hdr(
			"Origin", "https://app.example",
			"Access-Control-Request-Method", "DELETE",
			"Access-Control-Request-Headers", "x-trace-id, content-type",
		)}
		res := send(t, noRedirects(ts), ts.URL, q)
		if res.StatusCode != http.StatusNoContent {
			t.Errorf("%s: status %d, want 204 for a preflight", q, res.StatusCode)
		}
		for field, want := range map[string]string{
			"Access-Control-Allow-Origin":  "*",
			"Access-Control-Allow-Methods": allMethods,
			"Access-Control-Allow-Headers": "x-trace-id, content-type",
		} {
			if got := res.Header.Get(field); got != want {
				t.Errorf("%s: %s %q, want %q", q, field, got, want)
			}
		}
		if res.Header.Get("Access-Control-Max-Age") == "" {
			t.Errorf("%s: no Access-Control-Max-Age; browsers would repeat the preflight before every request", q)
		}
	}
}

func TestCORSActualResponsesAreReadableByScripts(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, path := range []string{"/200", "/405", "/503", "/302", "/600"} {
		q := request{path: path, header: hdr("Origin", "https://app.example")}
		res := send(t, noRedirects(ts), ts.URL, q)
		if res.Header.Get("Access-Control-Allow-Origin") != "*" || res.Header.Get("Access-Control-Expose-Headers") != "*" {
			t.Errorf("%s: Access-Control-Allow-Origin %q, Access-Control-Expose-Headers %q; want * and * so scripts can read Retry-After, Allow, Location",
				q, res.Header.Get("Access-Control-Allow-Origin"), res.Header.Get("Access-Control-Expose-Headers"))
		}
	}
	// Without Origin it is not a CORS request and gets no CORS fields.
	if res := get(t, ts, "/200"); res.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("GET /200 without Origin: Access-Control-Allow-Origin %q, want none", res.Header.Get("Access-Control-Allow-Origin"))
	}
	// OPTIONS without Access-Control-Request-Method is a plain OPTIONS.
	res := send(t, noRedirects(ts), ts.URL, request{method: http.MethodOptions, path: "/200", header: hdr("Origin", "https://app.example")})
	if res.StatusCode != 200 || res.Header.Get("Allow") == "" {
		t.Errorf("OPTIONS /200 with Origin but no Access-Control-Request-Method: status %d, Allow %q; want the resource's own 200 with Allow", res.StatusCode, res.Header.Get("Allow"))
	}
}

func TestCORSOriginsRestrictsWhoMayCall(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{CORSOrigins: []string{"https://app.example", "http://localhost:3000"}})
	for _, tc := range []struct {
		origin  string
		allowed bool
	}{
		{"https://app.example", true},
		{"http://localhost:3000", true},
		{"https://evil.example", false},
		{"https://app.example.evil.example", false},
		{"null", false},
	} {
		actual := send(t, noRedirects(ts), ts.URL, request{path: "/200", header: hdr("Origin", tc.origin)})
		preflight := send(t, noRedirects(ts), ts.URL, request{method: http.MethodOptions, path: "/200", header: hdr("Origin", tc.origin, "Access-Control-Request-Method", "PUT")})
		for _, res := range []exchangeResult{actual, preflight} {
			acao := res.Header.Get("Access-Control-Allow-Origin")
			if tc.allowed && acao != tc.origin {
				t.Errorf("%s from allowed origin %s: Access-Control-Allow-Origin %q, want the origin itself", res.Request.Method, tc.origin, acao)
			}
			if !tc.allowed && acao != "" {
				t.Errorf("%s from %s, not in CORSOrigins: Access-Control-Allow-Origin %q, want none", res.Request.Method, tc.origin, acao)
			}
			// The answer depends on Origin, so caches must key on it.
			if !slices.ContainsFunc(res.Header.Values("Vary"), func(v string) bool { return strings.Contains(v, "Origin") }) {
				t.Errorf("%s from %s: Vary %q, want Origin since the CORS fields depend on it", res.Request.Method, tc.origin, res.Header.Values("Vary"))
			}
		}
		if tc.allowed && preflight.StatusCode != http.StatusNoContent {
			t.Errorf("preflight from allowed origin %s: status %d, want 204", tc.origin, preflight.StatusCode)
		}
		if !tc.allowed && preflight.StatusCode != http.StatusForbidden {
			t.Errorf("preflight from %s, not in CORSOrigins: status %d, want 403", tc.origin, preflight.StatusCode)
		}
		if actual.StatusCode != 200 {
			t.Errorf("GET /200 from %s: status %d; the response itself is still served, only not readable cross-origin", tc.origin, actual.StatusCode)
		}
	}
}
