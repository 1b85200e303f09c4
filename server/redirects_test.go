package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// This file proves httpbin's redirect endpoints: /redirect/{n} and its
// relative and absolute variants make exactly n hops that end on a 2xx,
// keep ?status= on every hop, and /redirect-to sends the redirect asked
// for but never to a host the server was not told to trust.

// followChain follows redirects by hand and returns the statuses and
// Locations it saw, so a test can check every hop.
func followChain(t *testing.T, client *http.Client, base, path, method string) (statuses []int, locations []string) {
	t.Helper()
	for range 30 {
		target := path
		if !strings.HasPrefix(target, "http") {
			target = base + path
		}
		res := send(t, client, "", request{method: method, path: target})
		statuses = append(statuses, res.StatusCode)
		if res.StatusCode < 300 || res.StatusCode > 399 {
			return statuses, locations
		}
		loc := res.Header.Get("Location")
		locations = append(locations, loc)
		if loc == "" {
			t.Fatalf("%s %s: %d without Location", method, target, res.StatusCode)
		}
		path = loc
	}
	t.Fatalf("%s %s: more than 30 redirects", method, path)
	return nil, nil
}

func TestRedirectNMakesNHopsEndingOnA2xx(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, tc := range []struct {
		path     string
		absolute bool
	}{
		{"/redirect/1", false},
		{"/redirect/5", false},
		{"/relative-redirect/3", false},
		{"/absolute-redirect/3", true},
		{"/redirect/3?absolute=true", true},
		{"/redirect/3?absolute=false", false},
	} {
		statuses, locations := followChain(t, noRedirects(ts), ts.URL, tc.path, http.MethodGet)
		n, _ := strconv.Atoi(strings.Split(strings.Split(tc.path, "/")[2], "?")[0])
		if len(statuses) != n+1 || statuses[n] != http.StatusOK {
			t.Errorf("GET %s: statuses %v, want %d redirects then 200", tc.path, statuses, n)
			continue
		}
		for i, s := range statuses[:n] {
			if s != http.StatusFound {
				t.Errorf("GET %s: hop %d is %d, want httpbin's default 302", tc.path, i, s)
			}
		}
		for _, loc := range locations {
			if tc.absolute != strings.HasPrefix(loc, ts.URL+"/") {
				t.Errorf("GET %s: Location %q; absolute URLs wanted: %v", tc.path, loc, tc.absolute)
			}
		}
		if last := locations[n-1]; !strings.HasSuffix(last, "/200") {
			t.Errorf("GET %s: the last hop goes to %q, want /200", tc.path, last)
		}
	}
}

func TestRedirectNKeepsTheStatusOnEveryHop(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, code := range []int{301, 302, 303, 307, 308} {
		for _, param := range []string{"status", "status_code"} {
			path := "/redirect/3?" + param + "=" + strconv.Itoa(code)
			statuses, _ := followChain(t, noRedirects(ts), ts.URL, path, http.MethodGet)
			want := []int{code, code, code, http.StatusOK}
			if !equalInts(statuses, want) {
				t.Errorf("GET %s: statuses %v, want %v", path, statuses, want)
			}
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestRedirect307ChainCarriesAPostToTheEnd uses Go's client, which
// repeats the method and content on 307 and 308 (RFC 9110, 15.4.8).
func TestRedirect307ChainCarriesAPostToTheEnd(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, path := range []string{"/redirect/3?status=307", "/absolute-redirect/2?status=308", "/redirect-to?url=%2F200&status=307"} {
		q := request{method: http.MethodPost, path: path, body: "hello"}
		res := send(t, ts.Client(), ts.URL, q)
		if res.StatusCode != http.StatusOK || !strings.Contains(string(res.body), "POST /200") || !strings.Contains(string(res.body), "5 bytes") {
			t.Errorf("%s: followed to status %d:\n%s\nwant /200 describing the POST's 5 bytes", q, res.StatusCode, res.body)
		}
	}
}

func TestRedirectNAcceptsEveryStandardMethod(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, m := range standardMethods {
		for _, path := range []string{"/redirect/2", "/relative-redirect/2", "/absolute-redirect/2", "/redirect-to?url=/200"} {
			q := request{method: m, path: path}
			res := send(t, noRedirects(ts), ts.URL, q)
			if res.StatusCode != http.StatusFound || res.Header.Get("Location") == "" {
				t.Errorf("%s: status %d, Location %q; want 302 with Location", q, res.StatusCode, res.Header.Get("Location"))
			}
			if m == http.MethodHead && len(res.body) != 0 {
				t.Errorf("%s: content on a HEAD response", q)
			}
		}
	}
}

func TestRedirectNRefusesBadInputWith400(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{MaxRedirects: 5})
	if res := get(t, ts, "/redirect/5"); res.StatusCode != http.StatusFound {
		t.Errorf("GET /redirect/5 with MaxRedirects 5: status %d, want 302", res.StatusCode)
	}
	for _, tc := range []struct{ path, wantInMessage string }{
		{"/redirect/6", "--max-redirects"},
		{"/relative-redirect/6", "--max-redirects"},
		{"/absolute-redirect/6", "--max-redirects"},
		{"/redirect/0", "1 to 5"},
		{"/redirect/-1", "1 to 5"},
		{"/redirect/abc", "1 to 5"},
		{"/redirect/2?status=200", "301, 302, 303, 307 or 308"},
		{"/redirect/2?status=300", "301, 302, 303, 307 or 308"},
		{"/redirect/2?status=304", "301, 302, 303, 307 or 308"},
		{"/redirect/2?status=305", "301, 302, 303, 307 or 308"},
		{"/redirect/2?status=3070", "301, 302, 303, 307 or 308"},
		{"/redirect/2?status=abc", "301, 302, 303, 307 or 308"},
		{"/redirect/2?status=307&status_code=307", "not both"},
		{"/redirect/2?absolute=yes", "true or false"},
		{"/relative-redirect/2?absolute=true", "unknown query parameter"},
		{"/redirect/2?n=3", "unknown query parameter"},
	} {
		res := get(t, ts, tc.path)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(res.body), tc.wantInMessage) {
			t.Errorf("GET %s: status %d, want 400 mentioning %q:\n%s", tc.path, res.StatusCode, tc.wantInMessage, res.body)
		}
	}
}

func TestRedirectToSendsTheStatusAndLocationAsked(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{RedirectHosts: []string{"docs.example.org"}})
	for _, tc := range []struct {
		query, location string
		want            int
	}{
		{"url=/200", "/200", http.StatusFound},
		{"url=/404&status=301", "/404", http.StatusMovedPermanently},
		{"url=/200&status=303", "/200", http.StatusSeeOther},
		{"url=/200&status=307", "/200", http.StatusTemporaryRedirect},
		{"url=/200&status=308", "/200", http.StatusPermanentRedirect},
		{"url=/200&status_code=307", "/200", http.StatusTemporaryRedirect},
		{"url=200", "200", http.StatusFound},
		{"url=" + url.QueryEscape("/status/200?x=1"), "/status/200?x=1", http.StatusFound},
		{"url=" + url.QueryEscape(ts.URL+"/204"), ts.URL + "/204", http.StatusFound},
		{"url=" + url.QueryEscape("https://docs.example.org/guide"), "https://docs.example.org/guide", http.StatusFound},
	} {
		path := "/redirect-to?" + tc.query
		res := get(t, ts, path)
		if res.StatusCode != tc.want || res.Header.Get("Location") != tc.location {
			t.Errorf("GET %s: status %d, Location %q; want %d with Location %q:\n%s", path, res.StatusCode, res.Header.Get("Location"), tc.want, tc.location, res.body)
		}
	}
}

func TestRedirectToIsNotAnOpenRedirect(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{RedirectHosts: []string{"docs.example.org"}})
	for _, target := range []string{
		"https://evil.example/",
		"//evil.example/200",
		"/\\evil.example",
		"javascript:alert(1)",
		"https://docs.example.org@evil.example/",
		"https://evil.example%2F@docs.example.org/",
	} {
		path := "/redirect-to?url=" + url.QueryEscape(target) + "&status=307"
		res := get(t, ts, path)
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s: status %d, Location %q; want 400, the server must not redirect there", path, res.StatusCode, res.Header.Get("Location"))
			continue
		}
		if !strings.Contains(string(res.body), "?url=") {
			t.Errorf("GET %s: the 400 does not name ?url=:\n%s", path, res.body)
		}
	}
	res := get(t, ts, "/redirect-to?url="+url.QueryEscape("https://evil.example/"))
	if !strings.Contains(string(res.body), "--redirect-hosts") {
		t.Errorf("GET /redirect-to?url=https://evil.example/: the 400 does not say how to allow a host:\n%s", res.body)
	}
}

func TestRedirectToRefusesBadInputWith400(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, tc := range []struct{ query, wantInMessage string }{
		{"", "?url= is required"},
		{"url=", "?url= is required"},
		{"status=307", "?url= is required"},
		{"url=/200&status=200", "301, 302, 303, 307 or 308"},
		{"url=/200&status=300", "301, 302, 303, 307 or 308"},
		{"url=/200&status=304", "301, 302, 303, 307 or 308"},
		{"url=/200&status=399", "301, 302, 303, 307 or 308"},
		{"url=/200&status=999", "301, 302, 303, 307 or 308"},
		{"url=/200&status=3e2", "301, 302, 303, 307 or 308"},
		{"url=/200&status=302&status_code=302", "not both"},
		{"url=/200&url=/404", "once"},
		{"url=/200&location=/404", "unknown query parameter"},
		{"url=%zz", "URL encoding"},
	} {
		path := "/redirect-to?" + tc.query
		res := get(t, ts, path)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(res.body), tc.wantInMessage) {
			t.Errorf("GET %s: status %d, want 400 mentioning %q:\n%s", path, res.StatusCode, tc.wantInMessage, res.body)
		}
	}
}
