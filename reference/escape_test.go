package reference

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/statuskit/statuskit/reply"
	"github.com/statuskit/statuskit/status"
)

// hostileValues are what a client controls on the pages (the search
// query, the path the site seems mounted under, the Host of the curl
// examples) aimed at them: markup, a quote to leave an attribute, script
// URLs.
var hostileValues = []string{
	`"><script>alert(1)</script>`,
	`' onmouseover=alert(1) x='`,
	`javascript:alert(1)`,
	` JaVaScRiPt:alert(1)`,
	`/x" onmouseover="alert(1)`,
}

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
	for _, v := range hostileValues {
		w := httptest.NewRecorder()
		site.ServeIndex(w, under(v, "/"), ParseQuery(v))
		page := w.Body.String()
		for _, p := range inertProblems(page, 1) {
			t.Errorf("list page with query and base %q: %s", v, p)
		}
		if q := html.EscapeString(strings.TrimSpace(v)); !strings.Contains(page, `value="`+q+`"`) || !strings.Contains(page, `<strong id="empty-q">“`+q+`”</strong>`) {
			t.Errorf("list page with query %q does not show it, escaped, in the box and the empty message", v)
		}
		for _, n := range []int{200, 299, 301, 429} {
			w := httptest.NewRecorder()
			site.ServeCode(w, under(v, "/codes/200"), status.MustLookup(n), "http://"+v)
			for _, p := range inertProblems(w.Body.String(), 1) {
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

// tagPattern is a start or end tag as the pages write them: attributes
// are bare names or double-quoted values free of quotes and angle
// brackets. A "<" that begins no such tag came from data that was not
// escaped. (reply's and grade's tests check their pages the same way.)
var (
	tagPattern  = regexp.MustCompile(`^<(/?[a-z][a-z0-9]*)((?:\s+[a-z][a-z0-9-]*(?:="[^"<>]*")?)*)\s*>`)
	attrPattern = regexp.MustCompile(`([a-z][a-z0-9-]*)(?:="([^"]*)")?`)
)

// inertProblems lists what in page could run script: markup the pages do
// not write, more than scripts script elements, an event-handler
// attribute, a URL attribute with a scheme other than http(s).
func inertProblems(page string, scripts int) []string {
	var problems []string
	for rest := page; ; {
		i := strings.IndexByte(rest, '<')
		if i < 0 {
			break
		}
		rest = rest[i:]
		m := tagPattern.FindStringSubmatch(rest)
		if m == nil {
			if !strings.HasPrefix(rest, "<!doctype html>") {
				problems = append(problems, fmt.Sprintf("markup the page does not write: %.60q", rest))
			}
			rest = rest[1:]
			continue
		}
		rest = rest[len(m[0]):]
		if m[1] == "script" {
			scripts--
		}
		for _, a := range attrPattern.FindAllStringSubmatch(m[2], -1) {
			name, value := a[1], html.UnescapeString(a[2])
			if strings.HasPrefix(name, "on") {
				problems = append(problems, fmt.Sprintf("event handler %s=%q in <%s>", name, value, m[1]))
			}
			if name == "href" || name == "src" || name == "action" {
				if scheme, _, ok := strings.Cut(value, ":"); ok && !strings.Contains(scheme, "/") &&
					!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") {
					problems = append(problems, fmt.Sprintf("%s=%q in <%s> has scheme %q", name, value, m[1], scheme))
				}
			}
		}
	}
	if scripts < 0 {
		problems = append(problems, "a script element the page does not write")
	}
	return problems
}
