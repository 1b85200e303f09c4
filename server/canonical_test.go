package server

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// A sequence element's values may hold "/" and so "//" (an absolute URL in
// ;location=) and dot segments: the path must reach the sequence as sent,
// not be cleaned and redirected by ServeMux first.
func TestSequencePathIsNotCleaned(t *testing.T) {
	t.Parallel()
	for _, mount := range []string{"", "/sk"} {
		t.Run("mount="+mount, func(t *testing.T) {
			t.Parallel()
			var h http.Handler = New(testConfig(Config{}))
			if mount != "" {
				h = http.StripPrefix(mount, h)
			}
			ts := httptest.NewServer(h)
			t.Cleanup(ts.Close)
			client := noRedirects(ts)
			for i, tc := range []struct {
				name, elem, location string
			}{
				{"absolute URL", "302;location=" + ts.URL + mount + "/201", ts.URL + mount + "/201"},
				{"path with dot segment", "302;location=/a/../b", "/a/../b"},
				{"path with empty segment", "302;location=/a//b", "/a//b"},
			} {
				path := mount + "/sequence/" + tc.elem + ",200?key=k" + strconv.Itoa(i)
				res := send(t, client, ts.URL, request{path: path})
				if res.StatusCode != http.StatusFound || res.Header.Get("Location") != tc.location {
					t.Errorf("%s: GET %s = %d Location %q, want 302 Location %q (the element as sent)\n%s",
						tc.name, path, res.StatusCode, res.Header.Get("Location"), tc.location, res.body)
				}
				if got := res.Header.Get("X-Statuskit-Sequence"); got != "1/2" {
					t.Errorf("%s: GET %s: X-Statuskit-Sequence %q, want 1/2", tc.name, path, got)
				}
				res = send(t, client, ts.URL, request{path: path})
				if res.StatusCode != http.StatusOK {
					t.Errorf("%s: second GET %s = %d, want 200 (the same sequence, position 2)", tc.name, path, res.StatusCode)
				}
			}
		})
	}
}

// A path with an empty, "." or ".." segment elsewhere gets statuskit's own
// 308 (the method kept, RFC 9110, 15.4.9) to the cleaned path under the
// mount, in the negotiated format and never stored, not ServeMux's HTML
// 307.
func TestNonCanonicalPathIsRedirectedToItsCleanForm(t *testing.T) {
	t.Parallel()
	for _, mount := range []string{"", "/sk"} {
		var h http.Handler = New(testConfig(Config{}))
		if mount != "" {
			h = http.StripPrefix(mount, h)
		}
		ts := httptest.NewServer(h)
		t.Cleanup(ts.Close)
		client := noRedirects(ts)
		for _, tc := range []struct{ method, path, location string }{
			{"GET", "//200", "/200"},
			{"GET", "/a/../200?x=1", "/200?x=1"},
			{"GET", "/./codes/404", "/codes/404"},
			{"POST", "/codes//", "/codes/"},
			{"PUT", "//sequence/200", "/sequence/200"},
		} {
			res := send(t, client, ts.URL, request{method: tc.method, path: mount + tc.path})
			want := mount + tc.location
			if res.StatusCode != http.StatusPermanentRedirect || res.Header.Get("Location") != want {
				t.Errorf("%s %s = %d Location %q, want 308 Location %q", tc.method, mount+tc.path,
					res.StatusCode, res.Header.Get("Location"), want)
			}
			if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("%s %s: Cache-Control %q, want no-store", tc.method, mount+tc.path, cc)
			}
			if ct := res.Header.Get("Content-Type"); strings.HasPrefix(ct, "text/html") {
				t.Errorf("%s %s: Content-Type %q, want statuskit's negotiated text, not ServeMux's HTML", tc.method, mount+tc.path, ct)
			}
			if clean, _, _ := strings.Cut(want, "?"); !strings.Contains(string(res.body), clean) {
				t.Errorf("%s %s: the message does not name %s:\n%s", tc.method, mount+tc.path, clean, res.body)
			}
		}
	}
}

func TestCanonicalIsServeMuxClean(t *testing.T) {
	t.Parallel()
	for _, p := range []string{"", "/", "//", "/a", "/a/", "/a//", "//a", "/a/./b", "/a/../b", "/.", "/..", "/a/.", "/a/..", "/a.b/c..d/.e", "/%2F/a", "*"} {
		want := p != "" && p[0] == '/' && cleanPath(p) == p
		if got := canonical(p); got != want {
			t.Errorf("canonical(%q) = %v, want %v (cleanPath gives %q)", p, got, want, cleanPath(p))
		}
	}
}
