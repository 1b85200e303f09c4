package reference

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/statuskit/statuskit/status"
)

var site = New(nil)

func serve(h func(w http.ResponseWriter, r *http.Request), method, target string, header ...string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	r := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	h(w, r)
	return w
}

func index(q string) func(w http.ResponseWriter, r *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) { site.ServeIndex(w, r, ParseQuery(q)) }
}

func codePage(n int) func(w http.ResponseWriter, r *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		site.ServeCode(w, r, status.MustLookup(n), "http://localhost:8080")
	}
}

var listItem = regexp.MustCompile(`<li class="code k[1-5]xx s-[a-z]+" data-s="[^"]*" data-x="[^"]*"( hidden)?><a href="/codes/(\d{3})">`)

// Without script, the list a query shows is the server's: matching codes
// visible, the rest carrying the hidden attribute.
func TestTheListIsFilteredOnTheServerForPagesWithoutScript(t *testing.T) {
	t.Parallel()
	for _, q := range []string{"", "retry", "4xx auth", "zzqx"} {
		body := serve(index(q), http.MethodGet, "/?q="+url.QueryEscape(q)).Body.String()
		var shown []int
		items := listItem.FindAllStringSubmatch(body, -1)
		if len(items) != len(status.All()) {
			t.Fatalf("/?q=%s lists %d codes in the page, want all %d (the script filters them further)", q, len(items), len(status.All()))
		}
		for _, m := range items {
			if m[1] == "" {
				n, _ := strconv.Atoi(m[2])
				shown = append(shown, n)
			}
		}
		if want := numbers(ParseQuery(q).Filter(status.All())); !equalInts(shown, want) {
			t.Errorf("/?q=%s shows %v without script, want %v", q, shown, want)
		}
		if q != "" && !strings.Contains(body, `value="`+q+`"`) {
			t.Errorf("/?q=%s does not keep the query in the search box", q)
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestUnofficialAndObsoleteCodesAreMarked(t *testing.T) {
	t.Parallel()
	body := serve(index(""), http.MethodGet, "/").Body.String()
	for _, c := range status.All() {
		note := standingNote(c)
		if note == "" {
			continue
		}
		item := regexp.MustCompile(`(?s)<a href="/codes/` + strconv.Itoa(c.Number) + `">.*?</li>`).FindString(body)
		if !strings.Contains(item, `class="tag tag-`+string(c.Standing)+`">`+escaped(note)+`</span>`) {
			t.Errorf("%s is %s but its list item does not say so:\n%s", c, c.Standing, item)
		}
	}
}

// escaped is text as the pages write it (html.EscapeString; · stays).
func escaped(s string) string { return html.EscapeString(s) }

func TestEveryCodeHasAPage(t *testing.T) {
	t.Parallel()
	numbersToTry := []int{299, 599} // unassigned, and the last
	for _, c := range status.All() {
		numbersToTry = append(numbersToTry, c.Number)
	}
	for _, n := range numbersToTry {
		c := status.MustLookup(n)
		w := serve(codePage(n), http.MethodGet, "/codes/"+strconv.Itoa(n))
		body := w.Body.String()
		if w.Code != http.StatusOK {
			t.Errorf("the page of %d answers %d", n, w.Code)
			continue
		}
		for _, want := range []string{
			`<h1><span class="num">` + strconv.Itoa(n) + `</span> ` + escaped(c.Phrase) + `</h1>`,
			`href="` + escaped(c.Spec.URL) + `"`,
			`data-path="/` + strconv.Itoa(n) + `"`,
			"curl -i http://localhost:8080/" + strconv.Itoa(n),
			escaped(c.Advice.Text),
		} {
			if !strings.Contains(body, want) {
				t.Errorf("the page of %d lacks %q", n, want)
			}
		}
		for _, h := range c.Headers {
			if !strings.Contains(body, "<code>"+h.Name+"</code>") {
				t.Errorf("the page of %d does not list its %s header rule", n, h.Name)
			}
		}
	}
}

func TestUnassignedCodesPointToTheirClass(t *testing.T) {
	t.Parallel()
	body := serve(codePage(299), http.MethodGet, "/codes/299").Body.String()
	if !strings.Contains(body, `treats it as <a href="/codes/200">200 OK</a>`) {
		t.Error("the page of the unassigned 299 does not say a client treats it as 200 OK")
	}
}

// The pages load nothing from other origins, and say so to the browser.
func TestPagesUseOnlyTheirOwnOrigin(t *testing.T) {
	t.Parallel()
	external := regexp.MustCompile(`<(?:script|link|img|iframe)[^>]+(?:src|href)="(?:https?:)?//`)
	for name, h := range map[string]func(http.ResponseWriter, *http.Request){"/": index(""), "/codes/503": codePage(503)} {
		w := serve(h, http.MethodGet, name)
		if m := external.FindString(w.Body.String()); m != "" {
			t.Errorf("%s loads from another origin: %s", name, m)
		}
		if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("%s has Content-Security-Policy %q, want one limiting everything to this origin", name, csp)
		}
	}
}

func TestPagesAreCompressedAndRevalidated(t *testing.T) {
	t.Parallel()
	plain := serve(index(""), http.MethodGet, "/")
	gz := serve(index(""), http.MethodGet, "/", "Accept-Encoding", "gzip, deflate, br")
	if gz.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("Accept-Encoding: gzip got Content-Encoding %q", gz.Header().Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(gz.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, _ := io.ReadAll(zr)
	if !bytes.Equal(unzipped, plain.Body.Bytes()) {
		t.Error("the gzip body does not decompress to the plain one")
	}
	if gz.Header().Get("Etag") == plain.Header().Get("Etag") {
		t.Error("the gzip and plain representations share an ETag; strong validators must differ (RFC 9110, 8.8.3)")
	}
	if v := plain.Header().Values("Vary"); !strings.Contains(strings.Join(v, ","), "Accept-Encoding") {
		t.Errorf("Vary is %q, want Accept-Encoding", v)
	}
	if q0 := serve(index(""), http.MethodGet, "/", "Accept-Encoding", "gzip;q=0, identity"); q0.Header().Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 means no gzip, but the page came gzipped")
	}
	again := serve(index(""), http.MethodGet, "/", "If-None-Match", plain.Header().Get("Etag"))
	if again.Code != http.StatusNotModified || again.Body.Len() != 0 {
		t.Errorf("If-None-Match with the current ETag got %d with %d bytes, want 304 without content", again.Code, again.Body.Len())
	}
}

func TestAssetsAreVersionedAndCachedForGood(t *testing.T) {
	t.Parallel()
	h := site.Static()
	get := func(target string, header ...string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		r := httptest.NewRequest(http.MethodGet, target, nil)
		for i := 0; i+1 < len(header); i += 2 {
			r.Header.Set(header[i], header[i+1])
		}
		name, _, _ := strings.Cut(strings.TrimPrefix(target, "/static/"), "?")
		r.SetPathValue("name", name)
		h.ServeHTTP(w, r)
		return w
	}
	for name, ctype := range map[string]string{"style.css": "text/css", "app.js": "text/javascript", "favicon.svg": "image/svg+xml"} {
		a := site.assets[name]
		w := get(a.url)
		if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), ctype) {
			t.Errorf("%s answered %d %q, want 200 %s", a.url, w.Code, w.Header().Get("Content-Type"), ctype)
		}
		if cc := w.Header().Get("Cache-Control"); !strings.Contains(cc, "immutable") {
			t.Errorf("%s (the current version) has Cache-Control %q, want it cached for good", a.url, cc)
		}
		if cc := get("/static/" + name).Header().Get("Cache-Control"); cc != "no-cache" {
			t.Errorf("/static/%s without a version has Cache-Control %q, want no-cache (revalidate)", name, cc)
		}
		if w := get("/static/"+name, "If-None-Match", a.etag); w.Code != http.StatusNotModified {
			t.Errorf("/static/%s with its ETag answered %d, want 304", name, w.Code)
		}
	}
	w := get("/static/nope.js")
	if w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), "app.js, favicon.svg, style.css") {
		t.Errorf("an unknown asset answered %d %q, want 404 naming the assets there are", w.Code, w.Body.String())
	}
}

func TestTheAPIKeepsTheRegistryFieldNames(t *testing.T) {
	t.Parallel()
	var m map[string]any
	if err := json.Unmarshal(JSON(status.MustLookup(503)), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"code", "phrase", "standing", "summary", "description", "spec", "content_forbidden", "heuristically_cacheable", "headers", "advice", "class"} {
		if _, ok := m[k]; !ok {
			t.Errorf("the JSON of 503 lacks %q: %v", k, m)
		}
	}
	if m["class"] != "5xx" || m["code"] != float64(503) {
		t.Errorf("503's JSON has code %v, class %v", m["code"], m["class"])
	}
}

func TestTextSaysWhatThePageSays(t *testing.T) {
	t.Parallel()
	text := string(Text(status.MustLookup(405)))
	for _, want := range []string{"405 Method Not Allowed", "4xx Client Error", "Allow (MUST", "Retry:"} {
		if !strings.Contains(text, want) {
			t.Errorf("the text of 405 lacks %q:\n%s", want, text)
		}
	}
	if list := string(TextList(nil)); !strings.Contains(list, "no status code matches") {
		t.Errorf("an empty list says %q, want an explanation", list)
	}
}
