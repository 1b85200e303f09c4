package server

import (
	"net/http"
	"strings"
	"testing"
)

// This file proves what every httpbin-compatible endpoint shares: the
// read-only ones refuse other methods with 405 and Allow (RFC 9110,
// 15.5.6), HEAD gets GET's fields without content (9.3.2), and unknown
// parameters are refused rather than ignored.

// readOnlyRequests reach every read-only httpbin endpoint with a request
// that succeeds.
var readOnlyRequests = []request{
	{path: "/basic-auth/u/p", header: hdr("Authorization", basicField("u", "p"))},
	{path: "/hidden-basic-auth/u/p", header: hdr("Authorization", basicField("u", "p"))},
	{path: "/bearer", header: hdr("Authorization", "Bearer t")},
	{path: "/cache"},
	{path: "/cache/60"},
	{path: "/etag/abc"},
	{path: "/range/10"},
}

func TestHttpbinReadOnlyEndpointsRefuseOtherMethodsWith405(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, base := range readOnlyRequests {
		for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodTrace} {
			q := base
			q.method = m
			res := send(t, noRedirects(ts), ts.URL, q)
			if res.StatusCode != http.StatusMethodNotAllowed {
				t.Errorf("%s: status %d, want 405", q, res.StatusCode)
				continue
			}
			// RFC 9110, 15.5.6: a 405 MUST carry Allow.
			if allow := res.Header.Get("Allow"); allow != "GET, HEAD, OPTIONS" {
				t.Errorf("%s: Allow %q, want \"GET, HEAD, OPTIONS\"", q, allow)
			}
			if !strings.Contains(string(res.body), "GET, HEAD, OPTIONS") {
				t.Errorf("%s: the 405 does not say what to send:\n%s", q, res.body)
			}
		}
	}
}

func TestHttpbinEndpointsAnswerHEADLikeGET(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	requests := append([]request{
		{path: "/basic-auth/u/p"},
		{path: "/bearer?scope=admin", header: hdr("Authorization", "Bearer t")},
		{path: "/cache", header: hdr("If-None-Match", `"statuskit-1"`)},
		{path: "/etag/abc", header: hdr("If-Match", `"x"`)},
		{path: "/range/10", header: hdr("Range", "bytes=0-1")},
		{path: "/redirect/2"},
		{path: "/redirect-to?url=/200"},
	}, readOnlyRequests...)
	for _, q := range requests {
		getRes := send(t, noRedirects(ts), ts.URL, q)
		q.method = http.MethodHead
		headRes := send(t, noRedirects(ts), ts.URL, q)
		// RFC 9110, 14.2: Range is only defined for GET, so HEAD gets the
		// full representation's fields.
		wantStatus := getRes.StatusCode
		if q.header.Get("Range") != "" {
			wantStatus = http.StatusOK
		}
		if headRes.StatusCode != wantStatus {
			t.Errorf("%s: status %d, GET got %d; want %d", q, headRes.StatusCode, getRes.StatusCode, wantStatus)
			continue
		}
		if len(headRes.body) != 0 {
			t.Errorf("%s: %d bytes of content on a HEAD response (RFC 9110, 9.3.2)", q, len(headRes.body))
		}
		if wantStatus != getRes.StatusCode {
			continue
		}
		g, h := fieldNames(getRes.Header, "Date"), fieldNames(headRes.Header, "Date")
		for f := range g {
			if !h[f] {
				t.Errorf("%s: GET carries %s, HEAD does not", q, f)
			}
		}
		if gl, hl := getRes.Header.Get("Content-Length"), headRes.Header.Get("Content-Length"); gl != hl {
			t.Errorf("%s: Content-Length %q, GET's is %q", q, hl, gl)
		}
	}
}

func TestHttpbinEndpointsRefuseUnknownParameters(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, path := range []string{
		"/basic-auth/u/p?bogus=1", "/hidden-basic-auth/u/p?bogus=1", "/bearer?bogus=1", "/cache?bogus=1",
		"/cache/60?bogus=1", "/etag/abc?bogus=1", "/range/10?bogus=1", "/redirect/2?bogus=1",
		"/relative-redirect/2?bogus=1", "/absolute-redirect/2?bogus=1", "/redirect-to?url=/200&bogus=1",
	} {
		res := get(t, ts, path)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(res.body), `"bogus"`) {
			t.Errorf("GET %s: status %d, want 400 naming the unknown parameter:\n%s", path, res.StatusCode, res.body)
		}
	}
}
