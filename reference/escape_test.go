package reference

import (
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/statuskit/statuskit/internal/inert"
	"github.com/statuskit/statuskit/reply"
	"github.com/statuskit/statuskit/status"
)

// under is a request for path as a handler mounted under base sees it, so
// reply.Base(r) is base.
func under(base, path string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.RequestURI = base + path
	r.URL.Path = path
	return r
}

// TestPagesKeepHostileValuesInert: a hostile query, base path or origin
// comes out of the list page and the code pages as text and harmless
// links: no markup, no event handler, no script URL, only the page's own
// script.
func TestPagesKeepHostileValuesInert(t *testing.T) {
	t.Parallel()
	for _, v := range inert.HostileValues {
		w := httptest.NewRecorder()
		site.ServeIndex(w, under(v, "/"), ParseQuery(v))
		page := w.Body.String()
		for _, p := range inert.Problems(page, 1) {
			t.Errorf("list page with query and base %q: %s", v, p)
		}
		if q := html.EscapeString(strings.TrimSpace(v)); !strings.Contains(page, `value="`+q+`"`) || !strings.Contains(page, `<strong id="empty-q">“`+q+`”</strong>`) {
			t.Errorf("list page with query %q does not show it, escaped, in the box and the empty message", v)
		}
		for _, n := range []int{200, 299, 301, 429} {
			w := httptest.NewRecorder()
			site.ServeCode(w, under(v, "/codes/200"), status.MustLookup(n), "http://"+v)
			for _, p := range inert.Problems(w.Body.String(), 1) {
				t.Errorf("page of %d with base and origin %q: %s", n, v, p)
			}
		}
	}
}

// TestAScriptBasePathLinksNowhere: a base path that reads as a script URL
// leaves every link on the page blocked rather than runnable.
func TestAScriptBasePathLinksNowhere(t *testing.T) {
	t.Parallel()
	w := httptest.NewRecorder()
	site.ServeCode(w, under("javascript:alert(1)", "/codes/404"), status.MustLookup(404), "http://localhost:8080")
	body := w.Body.String()
	for _, want := range []string{`<a href="` + reply.BlockedURL + `">All codes</a>`, `<script src="` + reply.BlockedURL + `" defer></script>`} {
		if !strings.Contains(body, want) {
			t.Errorf("page under base javascript:alert(1) lacks %s", want)
		}
	}
}
