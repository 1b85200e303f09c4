package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Under http.StripPrefix("/sk", …) every path a message names is under
// /sk, as the client wrote it, like the links the server writes.
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
		{"GET", "/sk/nope", 404, []string{"nothing here at /sk/nope;", "e.g. /sk/404", "e.g. /sk/status/200,503"}},
		{"GET", "/sk/abc", 404, []string{"nothing here at /sk/abc;", "e.g. /sk/404"}},
		{"GET", "/sk/deny", 404, []string{"nothing here at /sk/deny:", "has /sk/403"}},
		{"PUT", "/sk/", 405, []string{"/sk/ does not answer PUT; it allows GET, HEAD, OPTIONS"}},
		{"POST", "/sk/codes/200", 405, []string{"/sk/codes/200 does not answer POST"}},
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
	}
}
