package server

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// Under http.StripPrefix("/sk", …) every path a message names is under
// /sk, as the client wrote it, like the links the server writes: a
// client that copies an example out of an error must reach this server.
// The table has a bad request for each package that words messages.
func TestMessagesNamePathsUnderTheMount(t *testing.T) {
	t.Parallel()
	ts := httptest.NewServer(http.StripPrefix("/sk", New(testConfig(Config{}))))
	t.Cleanup(ts.Close)
	client := noRedirects(ts)
	for _, tc := range []struct {
		method, path string
		status       int
		want         []string
	}{
		// server
		{"GET", "/sk/nope", 404, []string{"nothing here at /sk/nope;", "e.g. /sk/404", "e.g. /sk/status/200,503"}},
		{"GET", "/sk/abc", 404, []string{"nothing here at /sk/abc;", "e.g. /sk/404"}},
		{"GET", "/sk/099", 400, []string{"try /sk/100"}},
		{"GET", "/sk/600", 400, []string{"try /sk/599"}},
		// httpbin's Equivalent and Form hints
		{"GET", "/sk/deny", 404, []string{"nothing here at /sk/deny:", "has /sk/403"}},
		{"GET", "/sk/get", 404, []string{"/sk/anything", "or /sk/200"}},
		{"GET", "/sk/etag/a/b", 404, []string{"nothing here at /sk/etag/a/b;", "form is /sk/etag/{etag}, e.g. /sk/etag/v1"}},
		{"GET", "/sk/redirect-to/x", 404, []string{"/sk/redirect-to?url={target}, e.g. /sk/redirect-to?url=/sk/200"}},
		// route
		{"PUT", "/sk/", 405, []string{"/sk/ does not answer PUT; it allows GET, HEAD, OPTIONS"}},
		{"POST", "/sk/codes/200", 405, []string{"/sk/codes/200 does not answer POST"}},
		// reference
		{"GET", "/sk/codes?class=9xx", 400, []string{"e.g. /sk/codes?class=4xx"}},
		{"GET", "/sk/codes?standing=nope", 400, []string{"e.g. /sk/codes?standing=unofficial"}},
		{"GET", "/sk/codes/4xx", 301, []string{"listed at /sk/codes?class=4xx"}},
		{"GET", "/sk/codes/not-found", 301, []string{"lives at /sk/codes/404"}},
		{"GET", "/sk/codes/600", 400, []string{"try /sk/codes/599"}},
		// param
		{"GET", "/sk/codes?nope=1", 400, []string{"/sk/codes takes"}},
		{"GET", "/sk/codes?a=%zz", 400, []string{"?url=%2Fsk%2F200"}},
		{"GET", "/sk/range/3?duration=1", 400, []string{"not supported by /sk/range/{n}", "use /sk/{code}?sleep="}},
		{"GET", "/sk/redirect/0", 400, []string{"in /sk/redirect/{n} must be", "e.g. /sk/redirect/3"}},
		// responder
		{"GET", "/sk/status/abc", 400, []string{"e.g. /sk/status/503"}},
		{"GET", "/sk/status/200:x", 400, []string{"e.g. /sk/status/200:0.9,503:0.1"}},
		{"GET", "/sk/status/200,,503", 400, []string{"e.g. /sk/status/200,503"}},
		{"GET", "/sk/200?final=201", 400, []string{"such as /sk/100?final=201"}},
		{"GET", "/sk/200?size=5", 400, []string{"ask for /sk/206?size=5"}},
		{"GET", "/sk/302?location=", 400, []string{"(e.g. /sk/200)"}},
		{"GET", "/sk/101", 426, []string{"URL/sk/101"}},
		// httpbin
		{"GET", "/sk/delay/99", 400, []string{"in /sk/delay/{n}", "e.g. /sk/delay/", "use /sk/200?sleep="}},
		{"GET", "/sk/cache/x", 400, []string{"in /sk/cache/{seconds}", "e.g. /sk/cache/60"}},
		{"GET", "/sk/etag/a%22b", 400, []string{"in /sk/etag/{etag}", "(/sk/etag/abc for"}},
		{"GET", "/sk/redirect-to", 400, []string{"e.g. /sk/redirect-to?url=/sk/200&status=307"}},
		{"GET", "/sk/basic-auth/a:b/c", 400, []string{"e.g. /sk/basic-auth/alice/secret"}},
		// scenario
		{"GET", "/sk/sequence/", 400, []string{"use /sk/sequence/503,503,200", "modifiers: /sk/sequence/503;retry-after=1,200"}},
		{"GET", "/sk/sequence/503,,200", 400, []string{"e.g. /sk/sequence/503,503,200"}},
		{"GET", "/sk/sequence/503?nope=1", 400, []string{"; /sk/sequence/{codes} takes"}},
		{"GET", "/sk/sequence/200;final=201", 400, []string{"such as /sk/100?final=201"}},
		{"GET", "/sk/jobs/nope", 404, []string{"Location of POST /sk/jobs"}},
		{"POST", "/sk/jobs?nope=1", 400, []string{"POST /sk/jobs takes"}},
		{"GET", "/sk/resources/a%20b", 400, []string{"e.g. /sk/resources/user-42"}},
		// grade
		{"GET", "/sk/exam/nope", 404, []string{"e.g. /sk/exam/retry-after-seconds?key=my-run"}},
		{"GET", "/sk/exam/retry-after-seconds", 400, []string{"e.g. /sk/exam/retry-after-seconds?key=ci-42", "at /sk/grade/ci-42"}},
		{"GET", "/sk/exam/retry-after-seconds/zzzzzzzzzzzz?key=k", 404, []string{"start it at /sk/exam/retry-after-seconds?key=my-run"}},
		{"GET", "/sk/grade", 404, []string{"a report card is at /sk/grade/{key}"}},
	} {
		res := send(t, client, ts.URL, request{method: tc.method, path: tc.path, header: hdr("Accept", "text/plain")})
		if res.StatusCode != tc.status {
			t.Errorf("%s %s = %d, want %d", tc.method, tc.path, res.StatusCode, tc.status)
		}
		for _, w := range tc.want {
			if !strings.Contains(string(res.body), w) {
				t.Errorf("%s %s: the message lacks %q (paths under the mount):\n%s", tc.method, tc.path, w, res.body)
			}
		}
		for _, p := range serverPath.FindAllString(string(res.body), -1) {
			if p = strings.TrimLeft(p, " \t\n(='\""); p != "/sk" && !strings.HasPrefix(p, "/sk/") && !strings.HasPrefix(p, "/sk?") {
				t.Errorf("%s %s: the message names %q, a path outside the mount /sk:\n%s", tc.method, tc.path, p, res.body)
			}
		}
	}
}

// serverPath finds the paths a message names: a "/" that starts the text
// or follows a space, "(", "=" or a quote (not the "/" inside HTTP/1.1,
// text/plain or a URL's authority).
var serverPath = regexp.MustCompile(`(?:^|[\s(='"])/[^\s,;)'"]*`)
