package reply

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/statuskit/statuskit/status"
)

// TestEveryRegistryFieldIsProducedOrListed: every field name the registry
// asks for with some code is either produced by the writer or listed in
// NotProduced with the reason; a new rule in the registry fails here
// until someone decides.
func TestEveryRegistryFieldIsProducedOrListed(t *testing.T) {
	for _, c := range status.All() {
		for _, rule := range c.Headers {
			name := http.CanonicalHeaderKey(rule.Name)
			if !Produced(name) && NotProduced[name] == "" {
				t.Errorf("%d asks for %s (%s %s), which the writer neither produces nor lists in NotProduced", c.Number, name, rule.Level, rule.Spec)
			}
		}
	}
	for name := range NotProduced {
		if Produced(name) {
			t.Errorf("%s is both produced and listed as not produced", name)
		}
	}
}

func write(t *testing.T, method, accept string, resp Response) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, "/x", nil)
	if accept != "" {
		r.Header.Set("Accept", accept)
	}
	w := httptest.NewRecorder()
	Write(w, r, &resp)
	return w
}

// TestCodesWithoutContentHaveNone: 1xx, 204 and 304 carry no content and
// no Content-Type or Content-Length (RFC 9110, 6.4.1 and 8.6); 205 says it
// has none with Content-Length: 0 (15.3.6), whatever content was asked.
func TestCodesWithoutContentHaveNone(t *testing.T) {
	for _, n := range []int{204, 205, 304} {
		w := write(t, http.MethodGet, "application/json", Response{Status: n, Content: []byte("x"), ContentType: "text/plain", Message: "m"})
		if w.Body.Len() != 0 || w.Header().Get("Content-Type") != "" {
			t.Errorf("%d: %d bytes of content, Content-Type %q; want none (RFC 9110, 6.4.1)", n, w.Body.Len(), w.Header().Get("Content-Type"))
		}
		cl := w.Header().Get("Content-Length")
		if n == 205 && cl != "0" || n != 205 && cl != "" {
			t.Errorf("%d: Content-Length %q; want %q", n, cl, map[bool]string{true: "0"}[n == 205])
		}
	}
}

// TestHEADHasTheFieldsOfGET: the same status and fields, Content-Length
// included, and no content (RFC 9110, 9.3.2).
func TestHEADHasTheFieldsOfGET(t *testing.T) {
	for _, n := range []int{200, 404, 503, 429} {
		get := write(t, http.MethodGet, "", Response{Status: n})
		head := write(t, http.MethodHead, "", Response{Status: n})
		if head.Body.Len() != 0 {
			t.Errorf("HEAD %d: %d bytes of content", n, head.Body.Len())
		}
		for _, f := range []string{"Content-Type", "Content-Length", "Retry-After", "Cache-Control", "Vary"} {
			if get.Header().Get(f) != head.Header().Get(f) {
				t.Errorf("%d: GET %s %q, HEAD %q; HEAD must send what GET would (RFC 9110, 9.3.2)", n, f, get.Header().Get(f), head.Header().Get(f))
			}
		}
	}
}

// TestTheRegistrysFieldsAreSent: what the writer adds by itself.
func TestTheRegistrysFieldsAreSent(t *testing.T) {
	for _, tc := range []struct {
		resp  Response
		field string
		want  string
	}{
		{Response{Status: 503}, "Retry-After", "3"},
		{Response{Status: 503}, "Cache-Control", "no-store"},
		{Response{Status: 429, RetryAfter: "7"}, "Retry-After", "7"},
		{Response{Status: 429}, "Cache-Control", "no-store"},
		{Response{Status: 405}, "Allow", "POST, PUT, PATCH, DELETE, OPTIONS, TRACE"}, // a refused GET takes HEAD with it (RFC 9110, 9.3.2)
		{Response{Status: 405, Allow: "GET", HasAllow: true}, "Allow", "GET"},
		{Response{Status: 401}, "Www-Authenticate", `Basic realm="statuskit", charset="UTF-8"`},
		{Response{Status: 407}, "Proxy-Authenticate", `Basic realm="statuskit proxy", charset="UTF-8"`},
		{Response{Status: 426}, "Upgrade", DefaultUpgrade},
		{Response{Status: 426}, "Connection", "Upgrade"},
		{Response{Status: 302, Location: "/200"}, "Location", "/200"},
	} {
		r := httptest.NewRequest(http.MethodPost, "/x", nil)
		if tc.resp.Status == 405 && !tc.resp.HasAllow {
			r.Method = http.MethodGet
		}
		w := httptest.NewRecorder()
		Write(w, r, &tc.resp)
		if got := w.Header().Get(tc.field); got != tc.want {
			t.Errorf("%d: %s %q, want %q", tc.resp.Status, tc.field, got, tc.want)
		}
	}
}

// TestProblemDetailsWhenAskedFor: an error in the Problem format is RFC
// 9457 problem details, a success plain JSON.
func TestProblemDetailsWhenAskedFor(t *testing.T) {
	w := write(t, http.MethodGet, "application/problem+json", Response{Status: 409, Message: "already exists"})
	if ct := w.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("409 to a problem+json client: Content-Type %q", ct)
	}
	var p struct {
		Type, Title, Detail string
		Status              int
	}
	if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil || p.Type != "about:blank" || p.Title != "Conflict" || p.Status != 409 || p.Detail != "already exists" {
		t.Errorf("409 problem details: %+v (%v)\n%s", p, err, w.Body)
	}
	if ct := write(t, http.MethodGet, "application/problem+json", Response{Status: 200}).Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("200 to a problem+json client: Content-Type %q, want application/json", ct)
	}
}

// TestBaseFollowsStripPrefix: the mount point comes from the request.
func TestBaseFollowsStripPrefix(t *testing.T) {
	var got string
	h := http.StripPrefix("/sk", http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { got = Base(r) }))
	for uri, want := range map[string]string{"/sk/200": "/sk", "/sk/codes/503?x=1": "/sk", "/sk/a%2Fb": "/sk", "/sk/a%20b": "/sk", "/sk/etag/a%22b": "/sk", "/sk/%41": "/sk"} {
		got = "unset"
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, uri, nil))
		if got != want {
			t.Errorf("Base under StripPrefix for %s = %q, want %q", uri, got, want)
		}
	}
	if b := Base(httptest.NewRequest(http.MethodGet, "/200", nil)); b != "" {
		t.Errorf("Base at the root = %q", b)
	}
}

// TestFriendlyPageForBrowsersOn503 says when to come back.
func TestFriendlyPageForBrowsersOn503(t *testing.T) {
	w := write(t, http.MethodGet, "text/html", Response{Status: 503, RetryAfter: "120"})
	if !strings.Contains(w.Body.String(), "120 seconds") || w.Header().Get("Content-Type") != HTML.ContentType() {
		t.Errorf("503 to a browser:\n%s", w.Body)
	}
}

func ExampleWrite() {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		Write(w, r, &Response{Status: http.StatusServiceUnavailable, RetryAfter: "30"})
	})
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
	fmt.Println(w.Code, w.Header().Get("Retry-After"), w.Header().Get("Cache-Control"))
	fmt.Print(strings.SplitN(w.Body.String(), "\n", 2)[0])
	// Output:
	// 503 30 no-store
	// 503 Service Unavailable
}

func ExampleHandlerFunc() {
	h := HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		if r.URL.Query().Get("n") == "" {
			return Errorf(http.StatusBadRequest, "?n= is required: a whole number, e.g. ?n=3")
		}
		return nil
	})
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/count", nil)
	r.Header.Set("Accept", "application/problem+json")
	h.ServeHTTP(w, r)
	var p struct {
		Status int
		Detail string
	}
	_ = json.Unmarshal(w.Body.Bytes(), &p)
	fmt.Println(w.Header().Get("Content-Type"), p.Status, p.Detail)
	// Output: application/problem+json 400 ?n= is required: a whole number, e.g. ?n=3
}
