package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// This file proves ?location= cannot turn the server into an open
// redirect: paths and this server's own URLs pass, other hosts only when
// Config.RedirectHosts lists them, and anything a browser could read as
// another host (//evil, /\evil, javascript:, user@host) is refused.

func TestLocationModifierAcceptsThisServerAndAllowedHosts(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{RedirectHosts: []string{"docs.example.org", "api.example.org:8443"}})
	self := strings.TrimPrefix(ts.URL, "http://")
	for _, tc := range []struct{ loc, want string }{
		{"/404", "/404"},
		{"/200?id=x", "/200?id=x"},
		{"200", "200"},
		{"../status/200", "../status/200"},
		{ts.URL + "/204", ts.URL + "/204"},
		{"https://" + self + "/204", "https://" + self + "/204"},
		{"//" + self + "/204", "//" + self + "/204"},
		{"https://docs.example.org/guide", "https://docs.example.org/guide"},
		{"https://DOCS.example.org/", "https://DOCS.example.org/"},
		{"https://docs.example.org:444/", "https://docs.example.org:444/"},
		{"https://api.example.org:8443/v1", "https://api.example.org:8443/v1"},
	} {
		for _, n := range []string{"301", "302", "303", "307", "308", "201"} {
			path := "/" + n + "?location=" + url.QueryEscape(tc.loc)
			res := get(t, ts, path)
			if res.StatusCode == http.StatusBadRequest || res.Header.Get("Location") != tc.want {
				t.Errorf("GET %s: status %d, Location %q; want %s with Location %q:\n%s", path, res.StatusCode, res.Header.Get("Location"), n, tc.want, res.body)
			}
		}
	}
}

func TestLocationModifierRefusesOpenRedirects(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{RedirectHosts: []string{"api.example.org:8443"}})
	for _, loc := range []string{
		"https://evil.example/",
		"http://evil.example",
		"//evil.example",
		"//evil.example/200",
		"/\\evil.example",
		"\\\\evil.example",
		"/\t/evil.example",
		"javascript:alert(1)",
		"JavaScript:alert(1)",
		"data:text/html,<script>alert(1)</script>",
		"https:evil.example",
		"http://user@" + strings.TrimPrefix(ts.URL, "http://") + "/200",
		"http://" + strings.TrimPrefix(ts.URL, "http://") + "@evil.example/",
		"https://api.example.org:9999/", // only the port listed is allowed
		"https://evil.example%2F@api.example.org:8443/",
		"/200\r\nSet-Cookie: a=b",
		// Decoded and re-escaped, this used to go out as
		// "//evil.example/%20x" (found by FuzzCheckLocation).
		"%2F/evil.example/ x",
	} {
		path := "/302?location=" + url.QueryEscape(loc)
		res := get(t, ts, path)
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("GET /302?location=%s: status %d, Location %q; want 400, the server must not redirect there", loc, res.StatusCode, res.Header.Get("Location"))
			continue
		}
		if !strings.Contains(string(res.body), "/200") {
			t.Errorf("GET /302?location=%s: the 400 does not suggest a valid location:\n%s", loc, res.body)
		}
	}
}

// TestFollowingACustomLocationEndsWhereItSays uses Go's client end to end.
func TestFollowingACustomLocationEndsWhereItSays(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	res := send(t, ts.Client(), ts.URL, request{path: "/307?location=" + url.QueryEscape("/302?location=/418")})
	if res.StatusCode != http.StatusTeapot {
		t.Errorf("GET /307 → /302 → /418 followed: ended in %d, want 418", res.StatusCode)
	}
}
