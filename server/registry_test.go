package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/statuskit/statuskit/reference"
	"github.com/statuskit/statuskit/status"
)

// The reference and the registry's JSON API: GET /, /codes, /codes/{code}.

type apiList struct {
	Count int `json:"count"`
	Codes []struct {
		Code     int    `json:"code"`
		Phrase   string `json:"phrase"`
		Class    string `json:"class"`
		Standing string `json:"standing"`
	} `json:"codes"`
}

func decodeList(t *testing.T, q request, res exchangeResult) apiList {
	t.Helper()
	var l apiList
	if err := json.Unmarshal(res.body, &l); err != nil {
		t.Fatalf("%s: the body is not a code list: %v\n%s", q, err, res.body)
	}
	if l.Count != len(l.Codes) {
		t.Errorf("%s: count is %d for %d codes", q, l.Count, len(l.Codes))
	}
	return l
}

func listNumbers(l apiList) []int {
	var out []int
	for _, c := range l.Codes {
		out = append(out, c.Code)
	}
	return out
}

func registryNumbers(q string) []int {
	var out []int
	for _, c := range reference.ParseQuery(q).Filter(status.All()) {
		out = append(out, c.Number)
	}
	return out
}

func TestCodesListsTheRegistryAsJSONByDefault(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, accept := range []string{"", "*/*", "application/json"} {
		q := request{path: "/codes", header: hdr("Accept", accept)}
		res := send(t, noRedirects(ts), ts.URL, q)
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/json" {
			t.Fatalf("%s: %d %q, want 200 application/json", q, res.StatusCode, res.Header.Get("Content-Type"))
		}
		if l := decodeList(t, q, res); l.Count != len(status.All()) {
			t.Errorf("%s lists %d codes, want the registry's %d", q, l.Count, len(status.All()))
		}
		if !slices.Contains(res.Header.Values("Vary"), "Accept") {
			t.Errorf("%s: Vary is %q, want Accept: the list is negotiated", q, res.Header.Values("Vary"))
		}
	}
}

func TestCodesFilters(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, tc := range []struct {
		query string
		want  []int
	}{
		{"class=4xx", registryNumbers("4xx")},
		{"class=5", registryNumbers("5xx")},
		{"q=retry", registryNumbers("retry")},
		{"q=too+many", registryNumbers("too many")},
		{"class=4xx&q=auth", registryNumbers("4xx auth")},
		{"q=zzqx", nil},
	} {
		q := request{path: "/codes?" + tc.query}
		l := decodeList(t, q, send(t, noRedirects(ts), ts.URL, q))
		if got := listNumbers(l); !slices.Equal(got, tc.want) {
			t.Errorf("%s lists %v, want %v", q, got, tc.want)
		}
	}
	q := request{path: "/codes?standing=unofficial"}
	for _, c := range decodeList(t, q, send(t, noRedirects(ts), ts.URL, q)).Codes {
		if c.Standing != "unofficial" {
			t.Errorf("%s lists %d, which is %s", q, c.Code, c.Standing)
		}
	}
}

// Bad input gets a 4xx that says what was wrong and what is valid, in
// JSON for API clients and in the format asked for otherwise.
func TestRegistryRefusesBadInputWithAPreciseMessage(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, tc := range []struct {
		path   string
		status int
		says   string
	}{
		{"/codes?class=9xx", 400, "the classes are 1xx, 2xx, 3xx, 4xx and 5xx"},
		{"/codes?class=", 400, "not a status class"},
		{"/codes?classs=4xx", 400, `unknown query parameter "classs": /codes takes class, q, standing`},
		{"/codes?q=a&q=b", 400, "given 2 times"},
		{"/codes?standing=legendary", 400, "official, unofficial, deprecated, unused, historic"},
		{"/codes/600", 400, "three-digit numbers from 100 to 599"},
		{"/codes/99", 400, "try /codes/100"},
		{"/codes/0404", 400, "exactly three digits, e.g. /codes/404"},
		{"/codes/99999999999999999999999", 400, "three-digit numbers from 100 to 599"},
		{"/codes/abc", 404, `no status code matches "abc"`},
		{"/codes/not-fond", 404, "did you mean 404 Not Found"},
		{"/codes/503?verbose=1", 400, "takes no parameters"},
		{"/codes?q=" + strings.Repeat("a+", 101), 400, "a search is at most 200"},
	} {
		q := request{path: tc.path}
		res := send(t, noRedirects(ts), ts.URL, q)
		var body statusBody
		if err := json.Unmarshal(res.body, &body); err != nil {
			t.Errorf("%s: the error is not JSON for an API client: %v\n%s", q, err, res.body)
			continue
		}
		if res.StatusCode != tc.status || body.Code != tc.status || !strings.Contains(body.Message, tc.says) {
			t.Errorf("%s: %d %q, want %d saying %q", q, res.StatusCode, body.Message, tc.status, tc.says)
		}
		// A client that asked for text gets text.
		q.header = hdr("Accept", "text/plain")
		if res := send(t, noRedirects(ts), ts.URL, q); res.StatusCode != tc.status || !strings.Contains(string(res.body), tc.says) {
			t.Errorf("%s: %d %q, want %d saying %q in text", q, res.StatusCode, res.body, tc.status, tc.says)
		}
	}
}

func TestCodeInfoIsTheRegistryEntry(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	q := request{path: "/codes/503"}
	res := send(t, noRedirects(ts), ts.URL, q)
	var got struct {
		status.Code
		Class string `json:"class"`
	}
	if err := json.Unmarshal(res.body, &got); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	want := status.MustLookup(503)
	if got.Number != 503 || got.Phrase != want.Phrase || got.Class != "5xx" || got.Advice != want.Advice || len(got.Headers) != len(want.Headers) {
		t.Errorf("%s answered %+v, want the registry's 503 with class 5xx", q, got)
	}
	// Unassigned numbers are described as their class's x00.
	q = request{path: "/codes/299"}
	if err := json.Unmarshal(send(t, noRedirects(ts), ts.URL, q).body, &got); err != nil || got.Standing != status.Unassigned {
		t.Errorf("%s: standing %q (%v), want unassigned", q, got.Standing, err)
	}
}

func TestCodeInfoIsAPageForBrowsersAndTextForTerminals(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	browser := "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
	q := request{path: "/codes/429", header: hdr("Accept", browser)}
	res := send(t, noRedirects(ts), ts.URL, q)
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(res.body), "<h1><span class=\"num\">429</span> Too Many Requests</h1>") {
		t.Errorf("%s: %q, want the page of 429", q, res.Header.Get("Content-Type"))
	}
	if !strings.Contains(string(res.body), "curl -i "+ts.URL+"/429") {
		t.Errorf("%s: the curl examples do not address this server (%s)", q, ts.URL)
	}
	q = request{path: "/codes/429", header: hdr("Accept", "text/plain")}
	if res := send(t, noRedirects(ts), ts.URL, q); !strings.HasPrefix(string(res.body), "429 Too Many Requests\n") {
		t.Errorf("%s: %q, want the text explanation", q, res.body)
	}
}

func TestCodeNamesRedirectToTheirNumber(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for path, want := range map[string]string{
		"/codes/not-found": "/codes/404",
		"/codes/NotFound":  "/codes/404",
		"/codes/" + url.PathEscape("Request Entity Too Large"): "/codes/413",
		"/codes/4xx": "/codes?class=4xx",
	} {
		q := request{path: path}
		res := send(t, noRedirects(ts), ts.URL, q)
		if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != want {
			t.Errorf("%s: %d Location %q, want 301 to %s", q, res.StatusCode, res.Header.Get("Location"), want)
		}
	}
}

func TestHomeIsThePageForBrowsersAndTheListForCurl(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	q := request{path: "/?q=retry", header: hdr("Accept", "text/html")}
	res := send(t, noRedirects(ts), ts.URL, q)
	if res.StatusCode != 200 || !strings.Contains(string(res.body), `<input id="q" name="q" type="search" maxlength="200" value="retry"`) {
		t.Errorf("%s: %d, want the reference page with the query in the box", q, res.StatusCode)
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("%s: Content-Security-Policy %q", q, csp)
	}
	q = request{path: "/"}
	res = send(t, noRedirects(ts), ts.URL, q)
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") || !strings.Contains(string(res.body), "503 Service Unavailable\n") {
		t.Errorf("%s: %q, want the list as text for curl", q, res.Header.Get("Content-Type"))
	}
	q = request{path: "/?q=teapot", header: hdr("Accept", "application/json")}
	if l := decodeList(t, q, send(t, noRedirects(ts), ts.URL, q)); !slices.Equal(listNumbers(l), []int{418}) {
		t.Errorf("%s lists %v, want [418]", q, listNumbers(l))
	}
	q = request{path: "/?q=" + strings.Repeat("a+", 101), header: hdr("Accept", "text/html")}
	if res := send(t, noRedirects(ts), ts.URL, q); res.StatusCode != http.StatusBadRequest || !strings.Contains(string(res.body), "a search is at most 200") {
		t.Errorf("a 202-byte search on the page: %d, want 400 saying the limit", res.StatusCode)
	}
	// The page ignores parameters it does not use: links get shared with
	// tracking parameters added.
	q = request{path: "/?utm_source=chat", header: hdr("Accept", "text/html")}
	if res := send(t, noRedirects(ts), ts.URL, q); res.StatusCode != http.StatusOK {
		t.Errorf("%s: %d, want the page", q, res.StatusCode)
	}
}

func TestRegistryResourcesAreReadOnly(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, path := range []string{"/", "/codes", "/codes/503", "/static/app.js", "/openapi.json", "/healthz", "/readyz", "/metrics"} {
		for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch} {
			q := request{method: m, path: path}
			res := send(t, noRedirects(ts), ts.URL, q)
			if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "GET, HEAD, OPTIONS" {
				t.Errorf("%s: %d Allow %q, want 405 with Allow: GET, HEAD, OPTIONS (RFC 9110, 15.5.6)", q, res.StatusCode, res.Header.Get("Allow"))
			}
		}
		q := request{method: http.MethodOptions, path: path}
		if res := send(t, noRedirects(ts), ts.URL, q); res.StatusCode != http.StatusNoContent || res.Header.Get("Allow") != "GET, HEAD, OPTIONS" {
			t.Errorf("%s: %d Allow %q, want 204 with Allow", q, res.StatusCode, res.Header.Get("Allow"))
		}
		get := send(t, noRedirects(ts), ts.URL, request{path: path})
		head := send(t, noRedirects(ts), ts.URL, request{method: http.MethodHead, path: path})
		if head.StatusCode != get.StatusCode || len(head.body) != 0 || head.Header.Get("Content-Type") != get.Header.Get("Content-Type") {
			t.Errorf("HEAD %s: %d %q with %d bytes; GET gave %d %q: HEAD must be GET without content (RFC 9110, 9.3.2)",
				path, head.StatusCode, head.Header.Get("Content-Type"), len(head.body), get.StatusCode, get.Header.Get("Content-Type"))
		}
	}
}

func TestRegistryResponsesRevalidate(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, path := range []string{"/codes", "/codes/503", "/openapi.json"} {
		res := send(t, noRedirects(ts), ts.URL, request{path: path})
		etag := res.Header.Get("Etag")
		if etag == "" {
			t.Errorf("GET %s has no ETag", path)
			continue
		}
		q := request{path: path, header: hdr("If-None-Match", etag)}
		if again := send(t, noRedirects(ts), ts.URL, q); again.StatusCode != http.StatusNotModified {
			t.Errorf("%s: %d, want 304 Not Modified", q, again.StatusCode)
		}
	}
}
