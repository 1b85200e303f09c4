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
		"///evil.example/x",
		"/\\evil.example",
		" //evil.example",
		"http:\\\\evil.example",
		"http://evil.example:80@" + strings.TrimPrefix(ts.URL, "http://"),
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

// TestEncodedSlashesStayOnThisServer: "%2F/evil.example/ x" used to be
// decoded and re-escaped into "//evil.example/%20x" (found by a fuzzer). A
// browser does not decode %2F in a path, so the target is a path on this
// server, and what is sent must resolve there for every client.
func TestEncodedSlashesStayOnThisServer(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, loc := range []string{"%2F/evil.example/ x", "/%2F/evil.example", "/%2f%2fevil.example"} {
		res := get(t, ts, "/302?location="+url.QueryEscape(loc))
		if res.StatusCode == http.StatusBadRequest {
			continue // refusing is safe too
		}
		got := res.Header.Get("Location")
		base, _ := url.Parse(ts.URL + "/302")
		ref, err := url.Parse(got)
		if err != nil {
			t.Errorf("GET /302?location=%s: Location %q does not parse: %v", loc, got, err)
			continue
		}
		if target := base.ResolveReference(ref); target.Host != base.Host {
			t.Errorf("GET /302?location=%s: Location %q resolves to %s, another host: an open redirect", loc, got, target)
		}
	}
}

// TestEveryWayATargetReachesAResponseIsChecked: the inputs of issue 12,
// and the rest of their kind. ?location= on any code, /redirect-to,
// sequence elements, ?header= and X-Statuskit-Response-* for Location,
// Content-Location, Refresh and Link all go through the one origin check
// (package origin), which resolves as a browser does.
func TestEveryWayATargetReachesAResponseIsChecked(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	client := noRedirects(ts)
	for _, q := range []request{
		{path: "/redirect-to?url=" + url.QueryEscape("///other.example/x")},
		{path: "/302?location=" + url.QueryEscape("///other.example/x")},
		{path: "/201?location=" + url.QueryEscape("///other.example/x")},
		{path: "/sequence/302;location=" + url.PathEscape("///other.example/x") + ",200?key=open-redirect"},
		{path: "/302?header=" + url.QueryEscape("Location:http://other.example/x")},
		{path: "/302?header=" + url.QueryEscape("location:///other.example/x")},
		{path: "/200?header=" + url.QueryEscape("Content-Location://other.example/x")},
		{path: "/200?header=" + url.QueryEscape("Refresh:0; url=//other.example/x")},
		{path: "/200?header=" + url.QueryEscape("Link:</ok>, <//other.example/x>; rel=next")},
		{path: "/302", header: hdr("X-Statuskit-Response-Location", "http://other.example/x")},
		{path: "/303", header: hdr("X-Statuskit-Response-Location", "\\\\other.example")},
		{path: "/sequence/302,200?key=open-redirect-2", header: hdr("X-Statuskit-Response-Location", "//other.example")},
	} {
		res := send(t, client, ts.URL, q)
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: status %d, Location %q; want 400: the target is another host (RFC 9110, 10.2.2; no open redirect)", q, res.StatusCode, res.Header.Get("Location"))
			continue
		}
		if !strings.Contains(string(res.body), "/200") {
			t.Errorf("%s: the 400 does not suggest a valid target:\n%s", q, res.body)
		}
	}
	// The same mechanisms still carry targets on this server.
	for _, q := range []request{
		{path: "/302?header=" + url.QueryEscape("Location:/200?x=1")},
		{path: "/200?header=" + url.QueryEscape("Refresh:5; url=/200")},
		{path: "/302", header: hdr("X-Statuskit-Response-Location", "/201")},
	} {
		if res := send(t, client, ts.URL, q); res.StatusCode == http.StatusBadRequest {
			t.Errorf("%s: 400 for a target on this server:\n%s", q, res.body)
		}
	}
}

// TestSingletonFieldsAreNeverRepeated: a field that is not a list may not
// appear twice (RFC 9110, 5.3), so asking for it twice is a 400 that names
// the field, whatever mix of ?header= and X-Statuskit-Response-* asks.
func TestSingletonFieldsAreNeverRepeated(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	client := noRedirects(ts)
	for _, q := range []request{
		{path: "/302?header=Location:/a&header=Location:/b"},
		{path: "/503?header=Retry-After:1&header=Retry-After:2"},
		{path: "/200?header=Etag:%22a%22&header=ETag:%22b%22"},
		{path: "/200?header=Last-Modified:x&header=Last-Modified:y"},
		{path: "/302?header=Location:/a", header: hdr("X-Statuskit-Response-Location", "/b")},
	} {
		res := send(t, client, ts.URL, q)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(res.body), "must not be repeated") {
			t.Errorf("%s: status %d, Location %q; want 400 saying the field must not be repeated (RFC 9110, 5.3):\n%s", q, res.StatusCode, res.Header.Values("Location"), res.body)
		}
	}
	// A list field may be given several times.
	res := send(t, client, ts.URL, request{path: "/200?header=X-A:1&header=Link:%3C/a%3E&header=Link:%3C/b%3E"})
	if res.StatusCode != http.StatusOK || len(res.Header.Values("Link")) != 2 {
		t.Errorf("two Link fields (a list): status %d, Link %q; want 200 with both", res.StatusCode, res.Header.Values("Link"))
	}
}
