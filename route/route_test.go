package route_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/statuskit/statuskit/route"
)

// A 405's message names the path the client asked for, under the mount,
// never the ServeMux pattern it matched (RFC 9110, 15.5.6: the 405 is
// about the target resource).
func TestStatus405NamesTheRequestedPathNotThePattern(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	ok := func(w http.ResponseWriter, r *http.Request) error { return nil }
	route.Resource(mux, "/{$}", route.GET(ok))
	route.Resource(mux, "/codes/{code}", route.GET(ok))
	for _, mount := range []string{"", "/sk"} {
		var h http.Handler = mux
		if mount != "" {
			h = http.StripPrefix(mount, mux)
		}
		ts := httptest.NewServer(h)
		t.Cleanup(ts.Close)
		for _, tc := range []struct{ method, path, want, pattern string }{
			{http.MethodPut, "/", "/ does not answer PUT; it allows GET, HEAD, OPTIONS, e.g. GET /", "/{$}"},
			{http.MethodPost, "/codes/200", "/codes/200 does not answer POST", "/codes/{code}"},
		} {
			req, err := http.NewRequest(tc.method, ts.URL+mount+tc.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Accept", "text/plain")
			res, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var body strings.Builder
			_, _ = io.Copy(&body, res.Body)
			res.Body.Close()
			want := mount + tc.want
			if res.StatusCode != http.StatusMethodNotAllowed || !strings.Contains(body.String(), want) || strings.Contains(body.String(), tc.pattern+" ") {
				t.Errorf("%s %s = %d, want 405 whose message says %q, not the pattern %s:\n%s",
					tc.method, mount+tc.path, res.StatusCode, want, tc.pattern, body.String())
			}
		}
	}
}
