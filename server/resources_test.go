package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// put sends PUT with a content type and extra fields (name, value pairs).
func (sc *scenario) put(path, ctype, body string, kv ...string) exchangeResult {
	sc.t.Helper()
	h := hdr(kv...)
	if ctype != "" {
		h.Set("Content-Type", ctype)
	}
	return sc.do(http.MethodPut, path, h, body)
}

func TestResourcePutCreatesThenReplaces(t *testing.T) {
	t.Parallel()
	eachStore(t, Config{}, func(sc *scenario) {
		res := sc.put("/resources/doc?key=k", "application/json", `{"v":1}`)
		expect(sc.t, "PUT a new name", res, http.StatusCreated)
		expectField(sc.t, "PUT a new name (RFC 9110, 9.3.4)", res, "Location", "/resources/doc?key=k")
		etag1 := res.Header.Get("ETag")
		if !strings.HasPrefix(etag1, `"`) {
			sc.t.Fatalf("PUT a new name: ETag %q, want a strong entity-tag", etag1)
		}
		res = sc.put("/resources/doc?key=k", "application/json", `{"v":2}`)
		expect(sc.t, "PUT an existing name", res, http.StatusNoContent)
		etag2 := res.Header.Get("ETag")
		if etag2 == "" || etag2 == etag1 {
			sc.t.Errorf("replacing the content: ETag %q, want a new tag (was %s)", etag2, etag1)
		}
		res = sc.get("/resources/doc?key=k")
		expect(sc.t, "GET", res, http.StatusOK)
		expectField(sc.t, "GET", res, "ETag", etag2)
		expectField(sc.t, "GET", res, "Content-Type", "application/json")
		expectField(sc.t, "GET", res, "Last-Modified", sc.clock.Now().Format(http.TimeFormat))
		if string(res.body) != `{"v":2}` {
			sc.t.Errorf("GET: content %q, want what was PUT", res.body)
		}
		head := sc.do(http.MethodHead, "/resources/doc?key=k", nil, "")
		expect(sc.t, "HEAD", head, http.StatusOK)
		expectField(sc.t, "HEAD", head, "ETag", etag2)
		expectField(sc.t, "HEAD", head, "Content-Length", "7")
		if len(head.body) != 0 {
			sc.t.Errorf("HEAD: %d bytes of content, want none", len(head.body))
		}
	})
}

func TestResourcesLiveInANamespacePerKey(t *testing.T) {
	t.Parallel()
	eachStore(t, Config{}, func(sc *scenario) {
		expect(sc.t, "PUT as key a", sc.put("/resources/x?key=a", "text/plain", "a's"), http.StatusCreated)
		expect(sc.t, "GET as key b", sc.get("/resources/x?key=b"), http.StatusNotFound)
		expect(sc.t, "GET with X-Statuskit-Key: a", sc.get("/resources/x", "X-Statuskit-Key", "a"), http.StatusOK)
		expect(sc.t, "GET with no key (the client address)", sc.get("/resources/x"), http.StatusNotFound)
	})
}

func TestResourceConditionalGetAnswers304(t *testing.T) {
	t.Parallel()
	eachStore(t, Config{}, func(sc *scenario) {
		etag := sc.put("/resources/r", "text/plain", "hello").Header.Get("ETag")
		modified := sc.clock.Now().Format(http.TimeFormat)
		sc.clock.Advance(30 * time.Minute)
		for _, tc := range []struct {
			what string
			kv   []string
			want int
		}{
			{"If-None-Match with the current tag", []string{"If-None-Match", etag}, http.StatusNotModified},
			{"If-None-Match with the weak form (weak comparison, RFC 9110, 13.1.2)", []string{"If-None-Match", "W/" + etag}, http.StatusNotModified},
			{"If-None-Match: *", []string{"If-None-Match", "*"}, http.StatusNotModified},
			{"If-None-Match with another tag", []string{"If-None-Match", `"other"`}, http.StatusOK},
			{"If-Modified-Since the modification date", []string{"If-Modified-Since", modified}, http.StatusNotModified},
			{"If-Modified-Since an earlier date", []string{"If-Modified-Since", "Sat, 28 Feb 2026 12:00:00 GMT"}, http.StatusOK},
			{"If-Modified-Since with a non-matching If-None-Match (ignored, 13.1.3)", []string{"If-None-Match", `"other"`, "If-Modified-Since", modified}, http.StatusOK},
			{"If-Match with another tag", []string{"If-Match", `"other"`}, http.StatusPreconditionFailed},
			{"If-Unmodified-Since an earlier date", []string{"If-Unmodified-Since", "Sat, 28 Feb 2026 12:00:00 GMT"}, http.StatusPreconditionFailed},
			{"a tag without quotes", []string{"If-None-Match", "abc"}, http.StatusBadRequest},
		} {
			res := sc.get("/resources/r", tc.kv...)
			expect(sc.t, tc.what, res, tc.want)
			if tc.want == http.StatusNotModified {
				// RFC 9110, 15.4.5: the fields a 200 would carry.
				expectField(sc.t, tc.what, res, "ETag", etag)
				expectField(sc.t, tc.what, res, "Cache-Control", "no-cache")
				if len(res.body) != 0 || res.Header.Get("Content-Type") != "" {
					sc.t.Errorf("%s: 304 with content (%d bytes, %q)", tc.what, len(res.body), res.Header.Get("Content-Type"))
				}
			}
		}
	})
}

func TestResourceIfMatchGuardsWrites(t *testing.T) {
	t.Parallel()
	eachStore(t, Config{}, func(sc *scenario) {
		etag := sc.put("/resources/r", "text/plain", "v1").Header.Get("ETag")
		expect(sc.t, "PUT with a stale If-Match", sc.put("/resources/r", "text/plain", "lost", "If-Match", `"stale"`), http.StatusPreconditionFailed)
		expect(sc.t, "PUT with a weak If-Match (strong comparison, RFC 9110, 13.1.1)", sc.put("/resources/r", "text/plain", "lost", "If-Match", "W/"+etag), http.StatusPreconditionFailed)
		res := sc.put("/resources/r", "text/plain", "v2", "If-Match", etag)
		expect(sc.t, "PUT with the current If-Match", res, http.StatusNoContent)
		expect(sc.t, "PUT with the now stale If-Match", sc.put("/resources/r", "text/plain", "lost", "If-Match", etag), http.StatusPreconditionFailed)
		expect(sc.t, "DELETE with the stale If-Match", sc.do(http.MethodDelete, "/resources/r", hdr("If-Match", etag), ""), http.StatusPreconditionFailed)
		if body := string(sc.get("/resources/r").body); body != "v2" {
			sc.t.Fatalf("after refused writes the content is %q, want v2", body)
		}
		expect(sc.t, "If-None-Match: * over an existing resource", sc.put("/resources/r", "text/plain", "x", "If-None-Match", "*"), http.StatusPreconditionFailed)
		expect(sc.t, "If-None-Match: * for a new name", sc.put("/resources/new", "text/plain", "x", "If-None-Match", "*"), http.StatusCreated)
		expect(sc.t, "If-Match: * for a missing name", sc.put("/resources/missing", "text/plain", "x", "If-Match", "*"), http.StatusPreconditionFailed)
		expect(sc.t, "DELETE with the current If-Match", sc.do(http.MethodDelete, "/resources/r", hdr("If-Match", res.Header.Get("ETag")), ""), http.StatusNoContent)
	})
}

func TestResourceRequirePreconditionAnswers428ToBlindWrites(t *testing.T) {
	t.Parallel()
	eachStore(t, Config{}, func(sc *scenario) {
		const path = "/resources/r?require-precondition=true"
		res := sc.put(path, "text/plain", "x")
		expect(sc.t, "unconditional PUT", res, http.StatusPreconditionRequired)
		if !strings.Contains(string(res.body), "If-Match") {
			sc.t.Errorf("428 message %q does not say how to resubmit (RFC 6585, 3)", res.body)
		}
		res = sc.put(path, "text/plain", "x", "If-None-Match", "*")
		expect(sc.t, "PUT with If-None-Match: *", res, http.StatusCreated)
		expect(sc.t, "unconditional DELETE", sc.do(http.MethodDelete, path, nil, ""), http.StatusPreconditionRequired)
		expect(sc.t, "DELETE with If-Match", sc.do(http.MethodDelete, path, hdr("If-Match", res.Header.Get("ETag")), ""), http.StatusNoContent)
	})
}

func TestDeletedResourceIsGoneWhileItsTombstoneLasts(t *testing.T) {
	t.Parallel()
	eachStore(t, Config{TombstoneTTL: time.Minute}, func(sc *scenario) {
		sc.put("/resources/r", "text/plain", "x")
		expect(sc.t, "DELETE", sc.do(http.MethodDelete, "/resources/r", nil, ""), http.StatusNoContent)
		expect(sc.t, "GET after DELETE", sc.get("/resources/r"), http.StatusGone)
		expect(sc.t, "DELETE again", sc.do(http.MethodDelete, "/resources/r", nil, ""), http.StatusGone)
		sc.clock.Advance(time.Minute)
		expect(sc.t, "GET after --tombstone-ttl", sc.get("/resources/r"), http.StatusNotFound)
		expect(sc.t, "DELETE of nothing", sc.do(http.MethodDelete, "/resources/r", nil, ""), http.StatusNotFound)
	})
}

func TestResourceBatchAnswers207WithAStatusPerItem(t *testing.T) {
	t.Parallel()
	eachStore(t, Config{MaxResourceSize: 16}, func(sc *scenario) {
		sc.put("/resources/taken?key=k", "text/plain", "x")
		batch := `[{"name":"a","value":{"n":1}},{"name":"taken","value":2},{"name":"bad/name","value":3},` +
			`{"value":4},{"name":"big","value":"` + strings.Repeat("x", 20) + `"},{"name":"a","value":5}]`
		res := sc.do(http.MethodPost, "/resources?key=k", hdr("Content-Type", "application/json"), batch)
		expect(sc.t, "POST /resources", res, http.StatusMultiStatus)
		var got struct{ Responses []batchResult }
		if err := json.Unmarshal(res.body, &got); err != nil {
			sc.t.Fatalf("207 body %s: %v", res.body, err)
		}
		want := []int{http.StatusCreated, http.StatusConflict, http.StatusBadRequest, http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusConflict}
		if len(got.Responses) != len(want) {
			sc.t.Fatalf("207 has %d responses for %d items: %s", len(got.Responses), len(want), res.body)
		}
		for i, w := range want {
			if r := got.Responses[i]; r.Status != w || r.Index != i || (w != http.StatusCreated && r.Message == "") {
				sc.t.Errorf("item %d: %+v, want status %d with a message unless created", i, r, w)
			}
		}
		if r := got.Responses[0]; r.Href != "/resources/a?key=k" || r.ETag == "" {
			sc.t.Errorf("created item: href %q etag %q, want /resources/a?key=k and its ETag", r.Href, r.ETag)
		}
		res = sc.get("/resources/a?key=k")
		expect(sc.t, "GET a created item", res, http.StatusOK)
		if string(res.body) != `{"n":1}` || res.Header.Get("Content-Type") != "application/json" {
			sc.t.Errorf("GET a created item: %q (%s), want its value as JSON", res.body, res.Header.Get("Content-Type"))
		}
	})
}

func TestResourceBatchRefusesWhatIsNotAJSONArray(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	c := noRedirects(ts)
	res := send(t, c, ts.URL, request{method: http.MethodPost, path: "/resources", header: hdr("Content-Type", "text/plain"), body: "[]"})
	expect(t, "POST text/plain", res, http.StatusUnsupportedMediaType)
	expectField(t, "POST text/plain", res, "Accept-Post", "application/json")
	for _, body := range []string{`{"name":"a"}`, `[]`, `not json`} {
		res := send(t, c, ts.URL, request{method: http.MethodPost, path: "/resources", header: hdr("Content-Type", "application/json"), body: body})
		expect(t, "POST "+body, res, http.StatusBadRequest)
	}
}

func TestResourcePutChecksTypeAndSize(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{MaxResourceSize: 10})
	c := noRedirects(ts)
	for _, tc := range []struct {
		what string
		h    http.Header
		body string
		want int
	}{
		{"text/html", hdr("Content-Type", "text/html"), "<b>x</b>", http.StatusUnsupportedMediaType},
		{"no Content-Type", http.Header{}, "x", http.StatusUnsupportedMediaType},
		{"gzip", hdr("Content-Type", "text/plain", "Content-Encoding", "gzip"), "x", http.StatusUnsupportedMediaType},
		{"11 bytes over a 10-byte cap", hdr("Content-Type", "text/plain"), "01234567890", http.StatusRequestEntityTooLarge},
		{"invalid JSON", hdr("Content-Type", "application/json"), "{", http.StatusBadRequest},
		{"text/plain with parameters", hdr("Content-Type", "text/plain; charset=utf-8"), "ok", http.StatusCreated},
	} {
		res := send(t, c, ts.URL, request{method: http.MethodPut, path: "/resources/" + strings.Map(func(r rune) rune {
			if r == ' ' || r == '/' || r == ';' || r == '=' {
				return '-'
			}
			return r
		}, tc.what), header: tc.h, body: tc.body})
		expect(t, "PUT "+tc.what, res, tc.want)
		if tc.want == http.StatusUnsupportedMediaType && tc.what != "gzip" && !strings.Contains(string(res.body), "application/json") {
			t.Errorf("PUT %s: 415 message %q does not say what is accepted", tc.what, res.body)
		}
		if tc.what == "gzip" {
			expectField(t, "PUT gzip (RFC 9110, 15.5.16)", res, "Accept-Encoding", "identity")
		}
	}
	res := send(t, c, ts.URL, request{method: http.MethodPut, path: "/resources/a%2Fb", header: hdr("Content-Type", "text/plain"), body: "x"})
	expect(t, "PUT /resources/a%2Fb", res, http.StatusBadRequest)
}

func TestResourceAnswers405WithAllow(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	c := noRedirects(ts)
	for _, tc := range []struct{ method, path, allow string }{
		{http.MethodPatch, "/resources/r", "GET, HEAD, PUT, DELETE, OPTIONS"},
		{http.MethodPost, "/resources/r", "GET, HEAD, PUT, DELETE, OPTIONS"},
		{http.MethodGet, "/resources", "POST, OPTIONS"},
	} {
		res := send(t, c, ts.URL, request{method: tc.method, path: tc.path})
		expect(t, tc.method+" "+tc.path, res, http.StatusMethodNotAllowed)
		expectField(t, tc.method+" "+tc.path+" (RFC 9110, 15.5.6)", res, "Allow", tc.allow)
	}
}
