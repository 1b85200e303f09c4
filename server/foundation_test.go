package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
)

// This file proves the foundation's promises: the server mounts under a
// prefix with every link it writes staying under it, errors come as RFC
// 9457 problem details to a client that asks, one evaluation of
// conditional requests and one parser of status codes answer alike
// everywhere, and a zero limit means zero.

// TestMountedUnderAPrefixEveryLinkStaysUnderIt mounts the server with
// http.StripPrefix("/sk", ...) and follows every kind of link it writes:
// Location of redirects, created resources and jobs, Link fields, the
// pages' hrefs, the Try-it path and the curl examples.
func TestMountedUnderAPrefixEveryLinkStaysUnderIt(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	mux.Handle("/sk/", http.StripPrefix("/sk", New(testConfig(Config{MaxSleep: 20 * time.Millisecond}))))
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	client := noRedirects(ts)
	under := func(what, link string) {
		t.Helper()
		if !strings.HasPrefix(link, "/sk/") && !strings.HasPrefix(link, ts.URL+"/sk/") {
			t.Errorf("%s: %q is not under /sk/", what, link)
		}
	}
	for _, path := range []string{"/302", "/301", "/303", "/307", "/308", "/201", "/202", "/300", "/redirect/3", "/relative-redirect/2", "/absolute-redirect/2", "/codes/not-found", "/codes/4xx"} {
		res := send(t, client, ts.URL, request{path: "/sk" + path})
		under("GET /sk"+path+" Location", res.Header.Get("Location"))
	}
	for _, path := range []string{"/300", "/451"} {
		res := send(t, client, ts.URL, request{path: "/sk" + path})
		for _, l := range res.Header.Values("Link") {
			under("GET /sk"+path+" Link", strings.TrimPrefix(l[:strings.IndexByte(l, '>')], "<"))
		}
	}
	res := send(t, client, ts.URL, request{path: "/sk/103"})
	if len(res.interim) != 1 {
		t.Fatalf("GET /sk/103: %d interim responses, want 1", len(res.interim))
	}
	for _, l := range res.interim[0].header.Values("Link") {
		under("GET /sk/103 interim Link", strings.TrimPrefix(l[:strings.IndexByte(l, '>')], "<"))
	}

	// Scenarios: a job's monitor and result, a created resource.
	res = send(t, client, ts.URL, request{method: http.MethodPost, path: "/sk/jobs?duration=0s"})
	under("POST /sk/jobs Location", res.Header.Get("Location"))
	var job jobBody
	if err := json.Unmarshal(res.body, &job); err != nil {
		t.Fatalf("POST /sk/jobs: %v\n%s", err, res.body)
	}
	under("job monitor", job.Monitor)
	under("job result_url", job.ResultURL)
	res = send(t, client, ts.URL, request{path: res.Header.Get("Location")})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("GET the job monitor: %d, want 303\n%s", res.StatusCode, res.body)
	}
	under("job 303 Location", res.Header.Get("Location"))
	res = send(t, client, ts.URL, request{method: http.MethodPut, path: "/sk/resources/doc?key=prefix", header: hdr("Content-Type", "text/plain"), body: "hi"})
	under("PUT /sk/resources/doc Location", res.Header.Get("Location"))

	// Pages: every href and src on the list page and a code page, and the
	// Try-it form's path.
	href := regexp.MustCompile(`(?:href|src|action|data-path)="([^"]*)"`)
	for _, path := range []string{"/sk/", "/sk/codes/503", "/sk/codes/418"} {
		res := send(t, client, ts.URL, request{path: path, header: hdr("Accept", "text/html")})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s as HTML: %d", path, res.StatusCode)
		}
		for _, m := range href.FindAllStringSubmatch(string(res.body), -1) {
			link := m[1]
			if strings.HasPrefix(link, "https://") || strings.HasPrefix(link, "#") || strings.HasPrefix(link, "?") {
				continue
			}
			under("GET "+path+" link", link)
		}
		if path != "/sk/" && !strings.Contains(string(res.body), "curl -i "+ts.URL+"/sk/") {
			t.Errorf("GET %s: the curl examples do not address %s/sk/:\n%s", path, ts.URL, res.body)
		}
	}
	for _, path := range []string{"/sk/503", "/sk/511", "/sk/404"} {
		res := send(t, client, ts.URL, request{path: path, header: hdr("Accept", "text/html")})
		for _, m := range href.FindAllStringSubmatch(string(res.body), -1) {
			if !strings.HasPrefix(m[1], "https://") {
				under("GET "+path+" page link", m[1])
			}
		}
	}
}

// TestErrorsAreProblemDetailsWhenAskedFor: a client that accepts
// application/problem+json gets RFC 9457 problem details for every error,
// whichever layer writes it; a success stays application/json.
func TestErrorsAreProblemDetailsWhenAskedFor(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	client := noRedirects(ts)
	for _, q := range []request{
		{path: "/404"}, {path: "/503"}, {path: "/429"}, {path: "/600"}, {path: "/nothing/here"},
		{method: http.MethodPost, path: "/304"}, {method: "BREW", path: "/200"},
		{path: "/cache", header: hdr("If-None-Match", "abc")},
		{path: "/codes/abc"}, {path: "/basic-auth/u/p"},
		{path: "/resources/none?key=pd"},
	} {
		q.header = hdr(append(headerPairs(q.header), "Accept", "application/problem+json")...)
		res := send(t, client, ts.URL, q)
		if res.StatusCode < 400 {
			t.Fatalf("%s: status %d, want an error", q, res.StatusCode)
		}
		if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
			t.Errorf("%s: Content-Type %q, want application/problem+json (RFC 9457, 3)", q, ct)
			continue
		}
		var p map[string]any
		if err := json.Unmarshal(res.body, &p); err != nil {
			t.Errorf("%s: not JSON: %v\n%s", q, err, res.body)
			continue
		}
		// RFC 9457, 3.1: type is a URI reference (about:blank here, so
		// title is the reason phrase), status is the status line's code,
		// title and detail are strings.
		if p["type"] != "about:blank" || p["status"] != float64(res.StatusCode) {
			t.Errorf("%s: type %v status %v, want about:blank and %d (RFC 9457, 3.1.1 and 3.1.2)", q, p["type"], p["status"], res.StatusCode)
		}
		if title, _ := p["title"].(string); title == "" || !strings.Contains(res.Status, title) {
			t.Errorf("%s: title %q, want the reason phrase of %q (RFC 9457, 4.2.1)", q, p["title"], res.Status)
		}
		// The emulated codes (/404, /503, /429) have nothing to say
		// about this occurrence; every refusal of statuskit's own does.
		if _, ok := p["detail"].(string); !ok && !regexp.MustCompile(`^/\d{3}$`).MatchString(q.path) {
			t.Errorf("%s: detail %v, want the explanation as a string (RFC 9457, 3.1.4)", q, p["detail"])
		}
	}
	res := send(t, client, ts.URL, request{path: "/200", header: hdr("Accept", "application/problem+json")})
	if ct := res.Header.Get("Content-Type"); res.StatusCode != http.StatusOK || ct != "application/json" {
		t.Errorf("GET /200 asking for problem details: %d %q, want 200 application/json: problem details describe errors", res.StatusCode, ct)
	}
}

func headerPairs(h http.Header) []string {
	var out []string
	for k, vs := range h {
		for _, v := range vs {
			out = append(out, k, v)
		}
	}
	return out
}

// TestConditionalRequestsAreEvaluatedOneWay: every endpoint with a
// representation evaluates If-None-Match the same way (package
// precondition): a tag without quotes is a 400, a matching tag a 304.
func TestConditionalRequestsAreEvaluatedOneWay(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	client := noRedirects(ts)
	send(t, client, ts.URL, request{method: http.MethodPut, path: "/resources/one?key=cond", header: hdr("Content-Type", "text/plain"), body: "x"})
	for _, path := range []string{"/cache", "/etag/abc", "/range/10", "/codes/503", "/codes", "/", "/openapi.json", "/resources/one?key=cond"} {
		res := send(t, client, ts.URL, request{path: path, header: hdr("If-None-Match", "abc")})
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(res.body), "double quotes") {
			t.Errorf("GET %s with If-None-Match: abc: status %d, want 400 saying entity-tags are in double quotes (RFC 9110, 8.8.3)", path, res.StatusCode)
		}
		first := send(t, client, ts.URL, request{path: path})
		tag := first.Header.Get("Etag")
		if tag == "" {
			t.Errorf("GET %s: no ETag", path)
			continue
		}
		if res := send(t, client, ts.URL, request{path: path, header: hdr("If-None-Match", tag)}); res.StatusCode != http.StatusNotModified {
			t.Errorf("GET %s with If-None-Match: %s: status %d, want 304 (RFC 9110, 13.1.2)", path, tag, res.StatusCode)
		}
	}
}

// TestStatusCodesAreParsedOneWay: a status code in a path, a list, a
// sequence or a parameter is exactly three digits (status.ParseCode), so
// "0200" is refused everywhere it used to be refused somewhere.
func TestStatusCodesAreParsedOneWay(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	client := noRedirects(ts)
	for _, q := range []request{
		{path: "/0200"}, {path: "/status/0200"}, {path: "/100?final=0201"}, {path: "/100?final=+201"},
		{path: "/sequence/0200,200?key=parse"}, {method: http.MethodPost, path: "/jobs?result=0201"},
		{path: "/redirect-to?url=/200&status=0302"}, {path: "/codes/0404"},
	} {
		if res := send(t, client, ts.URL, q); res.StatusCode != http.StatusBadRequest || !strings.Contains(string(res.body), "three digits") && !strings.Contains(string(res.body), "301, 302, 303, 307 or 308") {
			t.Errorf("%s: status %d, want 400 saying a status code is three digits:\n%s", q, res.StatusCode, res.body)
		}
	}
}

// TestOneJSONFormOfACode: /503's JSON body and /codes/503 carry the
// registry entry in one form (status.Code's), spec as an object and class
// included.
func TestOneJSONFormOfACode(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	client := noRedirects(ts)
	decode := func(q request) map[string]any {
		t.Helper()
		res := send(t, client, ts.URL, q)
		var m map[string]any
		if err := json.Unmarshal(res.body, &m); err != nil {
			t.Fatalf("%s: %v\n%s", q, err, res.body)
		}
		return m
	}
	body := decode(request{path: "/503", header: hdr("Accept", "application/json")})
	entry := decode(request{path: "/codes/503"})
	for _, k := range []string{"code", "phrase", "class", "standing", "summary", "description", "spec", "advice", "headers"} {
		a, _ := json.Marshal(body[k])
		b, _ := json.Marshal(entry[k])
		if string(a) != string(b) || body[k] == nil {
			t.Errorf("%q: /503 has %s, /codes/503 has %s; one form of a code everywhere", k, a, b)
		}
	}
}

// TestZeroLimitsMeanZero: a limit set to zero is zero, not the default.
func TestZeroLimitsMeanZero(t *testing.T) {
	t.Parallel()
	cfg := DefaultConfig()
	cfg.MaxSleep, cfg.MaxBody, cfg.MaxResponseHeaders, cfg.MaxRedirects = 0, 0, 0, 0
	ts := httpTestServer(t, New(cfg))
	client := noRedirects(ts)
	for _, tc := range []struct {
		q    request
		want int
	}{
		{request{path: "/200?sleep=1ms"}, http.StatusBadRequest},
		{request{method: http.MethodPost, path: "/200", body: "x"}, http.StatusRequestEntityTooLarge},
		{request{path: "/200?header=X-A:1"}, http.StatusBadRequest},
		{request{path: "/redirect/1"}, http.StatusBadRequest},
	} {
		if res := send(t, client, ts.URL, tc.q); res.StatusCode != tc.want {
			t.Errorf("%s with the limit at 0: status %d, want %d\n%s", tc.q, res.StatusCode, tc.want, res.body)
		}
	}
}

// TestProcessingAtTheSleepCapNeverSendsAnEmpty200: when no request may
// sleep, /102 answers 503 with Retry-After; it used to be able to take a
// slot freed in between and return without answering, which net/http
// sends as an empty 200.
func TestProcessingAtTheSleepCapNeverSendsAnEmpty200(t *testing.T) {
	t.Parallel()
	cfg := testConfig(Config{MaxSleep: 50 * time.Millisecond})
	cfg.MaxSleeping = 0
	ts := httpTestServer(t, New(cfg))
	for range 20 {
		res := send(t, noRedirects(ts), ts.URL, request{path: "/102"})
		if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" || len(res.body) == 0 {
			t.Fatalf("GET /102 with no sleeping slots: status %d, Retry-After %q, %d bytes; want 503 with Retry-After and a message",
				res.StatusCode, res.Header.Get("Retry-After"), len(res.body))
		}
	}
}
