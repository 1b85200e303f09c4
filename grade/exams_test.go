package grade_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/statuskit/statuskit/field"
	"github.com/statuskit/statuskit/grade"
	"github.com/statuskit/statuskit/server"
	"github.com/statuskit/statuskit/store"
	"github.com/statuskit/statuskit/store/redistest"
)

// newServer is the real server, as statuskit serve runs it.
func newServer(t *testing.T, cfg server.Config) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(server.New(cfg))
	t.Cleanup(ts.Close)
	return ts
}

// send makes one request without following redirects.
func send(t *testing.T, method, target string, body string, header http.Header) (*http.Response, string) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, target, r)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res, string(b)
}

func TestExamsRefuseWhatTheyCannotGrade(t *testing.T) {
	t.Parallel()
	ts := newServer(t, server.DefaultConfig())
	for _, tc := range []struct {
		target string
		status int
		says   string
	}{
		{"/exam/retry-after-seconds", 400, "?key="},
		{"/exam/retry-after-seconds?key=", 400, "1 to 200 visible ASCII characters"},
		{"/exam/retry-after-seconds?key=" + strings.Repeat("k", 201), 400, "1 to 200"},
		{"/exam/retry-after-seconds?key=k&windw=5s", 400, "window"},
		{"/exam/retry-after-seconds?key=k&window=10ms", 400, "1s"},
		{"/exam/retry-after-seconds?key=k&window=2h", 400, "--exam-max-window"},
		{"/exam/retry-after-seconds?key=k&attempts=5", 400, "unknown query parameter"},
		{"/exam/gives-up?key=k&attempts=0", 400, "1 to 1000"},
		{"/exam/retry-after-seconds/target?key=k", 404, "no resource"},
		{"/exam/retry-after-minutes?key=k", 404, "retry-after-seconds"},
		{"/grade/" + strings.Repeat("k", 201), 400, "1 to 200"},
		{"/grade/never-used", 404, "curl --retry 3 'http://"},
	} {
		res, body := send(t, "GET", ts.URL+tc.target, "", http.Header{"Accept": {"text/plain"}})
		if res.StatusCode != tc.status || !strings.Contains(body, tc.says) {
			t.Errorf("GET %.80s: %d %q; want %d saying %q", tc.target, res.StatusCode, body, tc.status, tc.says)
		}
	}
}

// A run key is 1 to 200 visible ASCII characters, as the error says:
// a space, a control or a non-ASCII byte is refused on the exam, on the
// card and on DELETE, wherever the key comes from.
func TestRunKeysAreVisibleASCIIOnly(t *testing.T) {
	t.Parallel()
	ts := newServer(t, server.DefaultConfig())
	for _, tc := range []struct {
		method, target string
		header         http.Header
	}{
		{"GET", "/exam/gives-up?key=a%20b", nil},
		{"GET", "/exam/gives-up?key=a%09b", nil},
		{"GET", "/exam/gives-up?key=caf%C3%A9", nil},
		{"GET", "/exam/gives-up?key=%7F", nil},
		{"GET", "/exam/gives-up", http.Header{"X-Statuskit-Key": {"a b"}}},
		{"GET", "/grade/a%20b", nil},
		{"DELETE", "/grade/a%20b", nil},
	} {
		res, body := send(t, tc.method, ts.URL+tc.target, "", mergeHeader(tc.header, http.Header{"Accept": {"text/plain"}}))
		if res.StatusCode != 400 || !strings.Contains(body, "1 to 200 visible ASCII characters") {
			t.Errorf("%s %s %v: %d %q; want 400 naming the rule for keys", tc.method, tc.target, tc.header, res.StatusCode, body)
		}
	}
	if _, body := send(t, "GET", ts.URL+"/grade/a%20b", "", http.Header{"Accept": {"application/json"}}); strings.Contains(body, `"requests"`) {
		t.Errorf("a refused key has a card: %s", body)
	}
	for _, key := range []string{"k", "ci-42/a&b=c+d%?#", strings.Repeat("~", 200)} {
		if res, _ := send(t, "GET", ts.URL+"/exam/gives-up?key="+url.QueryEscape(key), "", nil); res.StatusCode != 500 {
			t.Errorf("key %q: %d; want the exam's 500", key, res.StatusCode)
		}
	}
}

// A key given both as ?key= and as X-Statuskit-Key must be the same key:
// a conflict is a 400 that names both, never a run recorded under one of
// them.
func TestConflictingRunKeysAreRefused(t *testing.T) {
	t.Parallel()
	ts := newServer(t, server.DefaultConfig())
	res, body := send(t, "GET", ts.URL+"/exam/gives-up?key=other", "", http.Header{"X-Statuskit-Key": {"hdr-2"}, "Accept": {"text/plain"}})
	if res.StatusCode != 400 || !strings.Contains(body, `?key="other"`) || !strings.Contains(body, `X-Statuskit-Key: "hdr-2"`) {
		t.Errorf("?key=other with X-Statuskit-Key: hdr-2: %d %q; want 400 naming both", res.StatusCode, body)
	}
	for _, key := range []string{"other", "hdr-2"} {
		if res, _ := send(t, "GET", ts.URL+"/grade/"+key, "", nil); res.StatusCode != 404 {
			t.Errorf("after the conflict, /grade/%s: %d; want 404 (nothing recorded)", key, res.StatusCode)
		}
	}
	if res, _ := send(t, "GET", ts.URL+"/exam/gives-up?key=same", "", http.Header{"X-Statuskit-Key": {"same"}}); res.StatusCode != 500 {
		t.Errorf("the same key in both: %d; want the exam's 500", res.StatusCode)
	}
	if res, _ := send(t, "GET", ts.URL+"/exam/gives-up", "", http.Header{"X-Statuskit-Key": {"a", "b"}}); res.StatusCode != 400 {
		t.Errorf("two X-Statuskit-Key lines: %d; want 400", res.StatusCode)
	}
}

// mergeHeader is a and b in one header.
func mergeHeader(a, b http.Header) http.Header {
	h := http.Header{}
	for _, src := range []http.Header{a, b} {
		for k, v := range src {
			h[k] = append(h[k], v...)
		}
	}
	return h
}

// Every Location an exam sends keeps the run's key, so that a client that
// follows it stays on its run, even when the key came in the header.
func TestEveryLocationAnExamSendsKeepsTheKey(t *testing.T) {
	t.Parallel()
	ts := newServer(t, server.DefaultConfig())
	const key = "ci-42/a&b=c+d%?#"
	for _, tc := range []struct {
		method, exam string
		status       int
	}{
		{"POST", "redirect-303", 303}, {"POST", "redirect-307", 307}, {"POST", "redirect-308", 308},
		{"POST", "redirect-301-post", 301}, {"POST", "redirect-302-post", 302},
		{"POST", "async-job", 202}, {"GET", "early-hints", 303}, {"POST", "continue", 303}, {"HEAD", "head-bodiless", 307},
	} {
		res, _ := send(t, tc.method, ts.URL+"/exam/"+tc.exam, "{}", http.Header{"X-Statuskit-Key": {key}})
		loc, _ := url.Parse(res.Header.Get("Location"))
		if res.StatusCode != tc.status || loc == nil || loc.Query().Get("key") != key || !strings.HasPrefix(loc.Path, "/exam/"+tc.exam+"/") {
			t.Errorf("%s /exam/%s: %d, Location %q; want %d to a step of the exam carrying key=%q", tc.method, tc.exam, res.StatusCode, res.Header.Get("Location"), tc.status, key)
		}
	}
}

// The exams' answers are correct HTTP: Retry-After as scripted (and none
// where the exam is about its absence), no-store on what changes, fields
// a client must act on.
func TestExamAnswersCarryTheScriptedFields(t *testing.T) {
	t.Parallel()
	ts := newServer(t, server.DefaultConfig())
	get := func(exam, key string) *http.Response {
		res, _ := send(t, "GET", ts.URL+"/exam/"+exam+"?key="+key, "", nil)
		return res
	}
	if res := get("retry-after-seconds", "fields-1"); res.StatusCode != 503 || res.Header.Get("Retry-After") != "2" || res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("retry-after-seconds: %d, Retry-After %q, Cache-Control %q; want 503, 2, no-store", res.StatusCode, res.Header.Get("Retry-After"), res.Header.Get("Cache-Control"))
	}
	before := time.Now()
	res := get("retry-after-date", "fields-2")
	ra, err := field.ParseRetryAfter(res.Header.Get("Retry-After"))
	date, isDate := ra.Date()
	if res.StatusCode != 503 || err != nil || !isDate || date.Before(before.Add(time.Second)) || date.After(before.Add(4*time.Second)) {
		t.Errorf("retry-after-date: %d, Retry-After %q (%v); want 503 and an HTTP-date 2 s ahead (RFC 9110, 10.2.3)", res.StatusCode, res.Header.Get("Retry-After"), err)
	}
	if res := get("retry-after-long", "fields-3"); res.Header.Get("Retry-After") != "3600" {
		t.Errorf("retry-after-long: Retry-After %q; want 3600", res.Header.Get("Retry-After"))
	}
	res = get("ratelimit", "fields-4")
	limits, lerr := field.ParseRateLimit(res.Header.Values("RateLimit"))
	_, perr := field.ParseRateLimitPolicy(res.Header.Values("RateLimit-Policy"))
	if res.StatusCode != 429 || res.Header.Get("Retry-After") != "2" || lerr != nil || perr != nil || len(limits) != 1 || limits[0].Remaining != 0 {
		t.Errorf("ratelimit: %d, Retry-After %q, RateLimit %q (%v), RateLimit-Policy %q (%v); want 429, 2 and both fields",
			res.StatusCode, res.Header.Get("Retry-After"), res.Header.Values("RateLimit"), lerr, res.Header.Values("RateLimit-Policy"), perr)
	}
	for i := range 4 {
		res := get("no-retry-after", "fields-5")
		want := 503
		if i == 3 {
			want = 200
		}
		if res.StatusCode != want || len(res.Header.Values("Retry-After")) != 0 {
			t.Errorf("no-retry-after request %d: %d with Retry-After %q; want %d without Retry-After", i+1, res.StatusCode, res.Header.Values("Retry-After"), want)
		}
	}
	if res := get("gives-up", "fields-6"); res.StatusCode != 500 {
		t.Errorf("gives-up: %d; want 500", res.StatusCode)
	}
}

// A HEAD gets the 307 a GET would, with its Content-Length and no content
// (RFC 9110, 9.3.2; RFC 9112, 6.3).
func TestHeadBodilessAnswersAContentLengthWithoutContent(t *testing.T) {
	t.Parallel()
	ts := newServer(t, server.DefaultConfig())
	res, body := send(t, "HEAD", ts.URL+"/exam/head-bodiless?key=head", "", nil)
	n, err := strconv.Atoi(res.Header.Get("Content-Length"))
	if res.StatusCode != 307 || err != nil || n == 0 || body != "" {
		t.Errorf("HEAD: %d, Content-Length %q, %d bytes of content; want 307 with the GET's Content-Length and no content", res.StatusCode, res.Header.Get("Content-Length"), len(body))
	}
}

// The interim exams send their 1xx before the final response, and the
// 103's Link does not leak into the 303.
func TestInterimExamsSendTheir1xxFirst(t *testing.T) {
	t.Parallel()
	ts := newServer(t, server.DefaultConfig())
	var got []int
	var link string
	trace := &httptrace.ClientTrace{Got1xxResponse: func(code int, h textproto.MIMEHeader) error {
		got = append(got, code)
		link = h.Get("Link")
		return nil
	}}
	req, _ := http.NewRequest("GET", ts.URL+"/exam/early-hints?key=hints", nil)
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), trace))
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if len(got) != 1 || got[0] != 103 || !strings.Contains(link, "rel=preload") || !strings.Contains(link, "key=hints") || res.StatusCode != 303 || res.Header.Get("Link") != "" {
		t.Errorf("early-hints: 1xx %v with Link %q, then %d with Link %q; want 103 with the preload, then 303 without it (RFC 8297)", got, link, res.StatusCode, res.Header.Get("Link"))
	}

	got = nil
	var continued bool
	trace = &httptrace.ClientTrace{Got100Continue: func() { continued = true }}
	req, _ = http.NewRequest("POST", ts.URL+"/exam/continue?key=cont", strings.NewReader(`{"n":1}`))
	req.Header.Set("Expect", "100-continue")
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), trace))
	tr := &http.Transport{ExpectContinueTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	c.Transport = tr
	res, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if !continued || res.StatusCode != 303 {
		t.Errorf("continue: 100 seen %v, then %d; want 100 Continue before the content was sent (RFC 9110, 10.1.1), then 303", continued, res.StatusCode)
	}
}

func TestRevalidateAnswers304ToItsETag(t *testing.T) {
	t.Parallel()
	ts := newServer(t, server.DefaultConfig())
	first, body := send(t, "GET", ts.URL+"/exam/revalidate?key=reval", "", nil)
	tag := first.Header.Get("ETag")
	if first.StatusCode != 200 || tag == "" || first.Header.Get("Cache-Control") != "no-cache" || body == "" {
		t.Fatalf("first fetch: %d, ETag %q, Cache-Control %q; want 200 with an ETag and no-cache", first.StatusCode, tag, first.Header.Get("Cache-Control"))
	}
	second, body := send(t, "GET", ts.URL+"/exam/revalidate?key=reval", "", http.Header{"If-None-Match": {tag}})
	if second.StatusCode != 304 || second.Header.Get("ETag") != tag || body != "" {
		t.Errorf("If-None-Match: %s: %d, ETag %q, %d bytes; want 304 with the same ETag and no content (RFC 9110, 15.4.5)", tag, second.StatusCode, second.Header.Get("ETag"), len(body))
	}
}

// Exam content is bounded by the server's body limit and kept only as a
// hash.
func TestExamContentIsBoundedAndKeptOnlyAsItsHash(t *testing.T) {
	t.Parallel()
	cfg := server.DefaultConfig()
	cfg.MaxBody = 64
	ts := newServer(t, cfg)
	if res, _ := send(t, "POST", ts.URL+"/exam/redirect-307?key=big", strings.Repeat("x", 65), nil); res.StatusCode != 413 {
		t.Errorf("65 bytes over a 64-byte limit: %d; want 413 (RFC 9110, 15.5.14)", res.StatusCode)
	}
	const secret = "the content itself, never kept"
	send(t, "POST", ts.URL+"/exam/redirect-307?key=hash", secret, http.Header{"Content-Type": {"text/plain"}})
	_, card := send(t, "GET", ts.URL+"/grade/hash", "", http.Header{"Accept": {"application/json"}})
	if strings.Contains(card, secret) || !strings.Contains(card, `"content_hash":"sha256:`) {
		t.Errorf("the card holds the content or no hash of it:\n%s", card)
	}
}

// GET /grade/{key} is JSON by default, a page for a browser, text on
// request; never cached; DELETE forgets the run.
func TestReportCardIsNegotiatedAndForgettable(t *testing.T) {
	t.Parallel()
	ts := newServer(t, server.DefaultConfig())
	send(t, "POST", ts.URL+"/exam/redirect-308?key=neg", "{}", nil)
	for _, tc := range []struct{ accept, ctype, says string }{
		{"", "application/json", `"verdict":"`},
		{"*/*", "application/json", `"verdict":"`},
		{"text/html,application/xhtml+xml", "text/html", "<h1>Report card"},
		{"text/plain", "text/plain", "statuskit report card: key neg"},
	} {
		res, body := send(t, "GET", ts.URL+"/grade/neg", "", http.Header{"Accept": {tc.accept}})
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), tc.ctype) || !strings.Contains(body, tc.says) ||
			res.Header.Get("Cache-Control") != "no-store" || res.Header.Get("Vary") != "Accept" {
			t.Errorf("Accept %q: %d %s, Cache-Control %q, Vary %q; want %s with no-store and Vary: Accept:\n%.300s",
				tc.accept, res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Cache-Control"), res.Header.Get("Vary"), tc.ctype, body)
		}
	}
	if res, _ := send(t, "DELETE", ts.URL+"/grade/neg", "", nil); res.StatusCode != 204 {
		t.Errorf("DELETE /grade/neg: %d; want 204", res.StatusCode)
	}
	if res, _ := send(t, "GET", ts.URL+"/grade/neg", "", nil); res.StatusCode != 404 {
		t.Errorf("after DELETE: %d; want 404", res.StatusCode)
	}
	if res, _ := send(t, "PUT", ts.URL+"/grade/neg", "", nil); res.StatusCode != 405 || res.Header.Get("Allow") != "GET, HEAD, DELETE, OPTIONS" {
		t.Errorf("PUT /grade/neg: %d, Allow %q; want 405 with Allow (RFC 9110, 15.5.6)", res.StatusCode, res.Header.Get("Allow"))
	}
}

func TestExamIndexListsEveryExam(t *testing.T) {
	t.Parallel()
	ts := newServer(t, server.DefaultConfig())
	_, text := send(t, "GET", ts.URL+"/exam", "", nil)
	res, body := send(t, "GET", ts.URL+"/exam", "", http.Header{"Accept": {"application/json"}})
	var rows []struct{ Name, URL string }
	if err := json.Unmarshal([]byte(body), &rows); err != nil || res.StatusCode != 200 || len(rows) != len(grade.Exams) {
		t.Fatalf("GET /exam as JSON: %d, %d rows (%v); want one per exam", res.StatusCode, len(rows), err)
	}
	for _, ex := range grade.Exams {
		if !strings.Contains(text, ex.Name) {
			t.Errorf("GET /exam does not list %s:\n%s", ex.Name, text)
		}
	}
}

// With a Redis store, the journal is in Redis: replicas record one run
// together and grade it alike.
func TestReplicasOnOneRedisGradeOneRun(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	replica := func() *httptest.Server {
		st, err := store.NewRedis(srv.URL, store.RedisOptions{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		cfg := server.DefaultConfig()
		cfg.Store = st
		return newServer(t, cfg)
	}
	a, b := replica(), replica()
	res, _ := send(t, "POST", a.URL+"/exam/redirect-307?key=replicas", `{"n":1}`, nil)
	send(t, "POST", b.URL+res.Header.Get("Location"), `{"n":1}`, nil)
	for _, r := range []*httptest.Server{a, b} {
		_, body := send(t, "GET", r.URL+"/grade/replicas", "", http.Header{"Accept": {"application/json"}})
		var card grade.Card
		if err := json.Unmarshal([]byte(body), &card); err != nil || card.Requests != 2 || card.Verdict != grade.Pass || card.Exams[0].State != grade.Complete {
			t.Errorf("replica %s: %d requests, %s, %v; want both requests of the run, complete and PASS:\n%s", r.URL, card.Requests, card.Verdict, err, body)
		}
	}
}

// A flood of keys through the exams (a client that makes up a key per
// request) keeps the journal at --journal-max-keys: the oldest runs go,
// the newest stay.
func TestExamKeyFloodKeepsTheJournalBounded(t *testing.T) {
	t.Parallel()
	cfg := server.DefaultConfig()
	cfg.JournalMaxKeys = 20
	ts := newServer(t, cfg)
	for i := range 200 {
		res, _ := send(t, "GET", ts.URL+"/exam/gives-up?key=flood-"+strconv.Itoa(i), "", nil)
		if res.StatusCode != 500 {
			t.Fatalf("request %d: %d; want the exam's 500", i, res.StatusCode)
		}
	}
	if res, _ := send(t, "GET", ts.URL+"/grade/flood-0", "", nil); res.StatusCode != 404 {
		t.Errorf("the first of 200 runs under --journal-max-keys 20: %d; want 404 (evicted)", res.StatusCode)
	}
	if res, _ := send(t, "GET", ts.URL+"/grade/flood-199", "", nil); res.StatusCode != 200 {
		t.Errorf("the last of 200 runs: %d; want its card", res.StatusCode)
	}
	kept := 0
	for i := range 200 {
		if res, _ := send(t, "GET", ts.URL+"/grade/flood-"+strconv.Itoa(i), "", nil); res.StatusCode == 200 {
			kept++
		}
	}
	if kept != 20 {
		t.Errorf("%d of 200 runs kept; want 20 (--journal-max-keys)", kept)
	}
}

// A client that keeps retrying gives-up past --journal-max-entries FAILs
// rule 5 on the requests the journal counted but could not record, and
// the card says how many those were.
func TestRetriesPastAFullJournalStillCount(t *testing.T) {
	t.Parallel()
	cfg := server.DefaultConfig()
	cfg.JournalMaxEntries = 5
	ts := newServer(t, cfg)
	for range 12 {
		send(t, "GET", ts.URL+"/exam/gives-up?key=full&attempts=8", "", nil)
	}
	res, body := send(t, "GET", ts.URL+"/grade/full", "", http.Header{"Accept": {"application/json"}})
	var card grade.Card
	if err := json.Unmarshal([]byte(body), &card); err != nil || res.StatusCode != 200 || len(card.Exams) != 1 {
		t.Fatalf("GET /grade/full: %d %v\n%.300s", res.StatusCode, err, body)
	}
	if card.Requests != 5 || card.Dropped != 7 || card.Exams[0].Rules[0].Verdict != grade.Fail {
		t.Errorf("12 requests against ?attempts=8 with 5 recorded: %d recorded, %d dropped, rule 5 %s; want 5, 7, FAIL\n%+v",
			card.Requests, card.Dropped, card.Exams[0].Rules[0].Verdict, card.Exams[0].Rules[0])
	}
	_, text := send(t, "GET", ts.URL+"/grade/full", "", http.Header{"Accept": {"text/plain"}})
	if !strings.Contains(text, "7 more not recorded") {
		t.Errorf("the text card does not say 7 requests were not recorded:\n%s", text)
	}
}

// /grade and /grade/ name no run: a 404 that says where a card is, with
// an example key and the exam that records it.
func TestGradeWithoutAKeySaysWhereCardsAre(t *testing.T) {
	t.Parallel()
	ts := newServer(t, server.DefaultConfig())
	for _, target := range []string{"/grade", "/grade/"} {
		res, body := send(t, "GET", ts.URL+target, "", http.Header{"Accept": {"text/plain"}})
		if res.StatusCode != 404 || !strings.Contains(body, "/grade/{key}") || !strings.Contains(body, ts.URL+"/grade/ci-42") ||
			!strings.Contains(body, "/exam/retry-after-seconds?key=ci-42") {
			t.Errorf("GET %s: %d %q; want 404 pointing at /grade/{key} with an example", target, res.StatusCode, body)
		}
	}
}

// An exam name (or step) in another case, with other separators or a
// typo, is a 404 that names the exam meant and gives its URL with the
// request's own key; nothing is recorded.
func TestUnknownExamNamesSuggestTheExamMeant(t *testing.T) {
	t.Parallel()
	ts := newServer(t, server.DefaultConfig())
	for _, tc := range []struct{ target, says string }{
		{"/exam/Retry-After-Seconds?key=dym", "did you mean retry-after-seconds (exam names are lower case, words joined by -)? e.g. /exam/retry-after-seconds?key=dym"},
		{"/exam/RETRY_AFTER_SECONDS?key=dym", "did you mean retry-after-seconds"},
		{"/exam/rate-limit?key=dym", "did you mean ratelimit"},
		{"/exam/Gives-Up", "e.g. /exam/gives-up?key=my-run"},
		{"/exam/Redirect-303/target?key=dym", "e.g. /exam/redirect-303/target?key=dym"},
		{"/exam/async-job/STATUS?key=dym", "did you mean status? e.g. /exam/async-job/status?key=dym"},
		{"/exam/no-such-thing?key=dym", "the exams are retry-after-seconds, "},
	} {
		res, body := send(t, "GET", ts.URL+tc.target, "", http.Header{"Accept": {"text/plain"}})
		if res.StatusCode != 404 || !strings.Contains(body, tc.says) {
			t.Errorf("GET %s: %d %q; want 404 saying %q", tc.target, res.StatusCode, body, tc.says)
		}
	}
	if res, _ := send(t, "GET", ts.URL+"/grade/dym", "", nil); res.StatusCode != 404 {
		t.Errorf("after only unknown exams, /grade/dym: %d; want 404 (nothing recorded)", res.StatusCode)
	}
}
