package check

import (
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/statuskit/statuskit/check/wire"
)

// fixture starts a server and returns its base URL.
type fixture func(t *testing.T) string

func api(o override) fixture {
	return func(t *testing.T) string { return serve(t, good(o)) }
}

func rawFixture(respond func(rawRequest) string) fixture {
	return func(t *testing.T) string { return rawAPI(t, respond) }
}

// onRaw answers path with response for the given methods, and like
// rawDefault otherwise.
func onRaw(path, response string, methods ...string) func(rawRequest) string {
	return func(req rawRequest) string {
		if bad := rejectsMalformed(req); bad != "" {
			return bad
		}
		if req.path == path && (len(methods) == 0 || slices.Contains(methods, req.method)) {
			return response
		}
		return ""
	}
}

func withUnsafe(c *Config) { c.AllowUnsafe = true }

func withToken(c *Config) {
	c.Header = []wire.Field{{Name: "Authorization", Value: "Bearer s3cret-token-42"}}
}

// needsToken answers /r 403 (or, correctly, 401 with a challenge) to a
// request without the token.
func needsToken(refuse http.HandlerFunc) override {
	return func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/r" || r.Header.Get("Authorization") == "Bearer s3cret-token-42" {
			return false
		}
		refuse(w, r)
		return true
	}
}

// stripping removes a request field before the resource sees it: a
// server that ignores that precondition.
func stripping(name string) override {
	return func(w http.ResponseWriter, r *http.Request) bool {
		if r.Header.Get(name) == "" {
			return false
		}
		r.Header.Del(name)
		resource(w, r)
		return true
	}
}

// ranged overrides the answer to the range probe (bytes=0-0) of /r.
func ranged(h http.HandlerFunc) override {
	return func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/r" || r.Header.Get("Range") != "bytes=0-0" {
			return false
		}
		h(w, r)
		return true
	}
}

// chain redirects /r through hops /h1…/hN to /ok.
func chain(n int) override {
	return func(w http.ResponseWriter, r *http.Request) bool {
		next := map[string]string{"/r": "/h1"}
		for i := 1; i < n; i++ {
			next["/h"+itoa(i)] = "/h" + itoa(i+1)
		}
		next["/h"+itoa(n)] = "/ok"
		to, ok := next[r.URL.Path]
		if !ok {
			return false
		}
		answer(http.StatusFound, "", "Location", to)(w, r)
		return true
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

var getHead = []string{http.MethodGet, http.MethodHead}

// ruleCases pairs every rule of the table with a broken fixture that it
// must catch (and nothing else above INFO, but the rules in also) and a
// correct one it must pass. Registry rules have theirs in
// registryCases.
type ruleCase struct {
	rule            string
	broken, correct fixture
	paths           []string
	cfg             func(*Config)
	also            []string
}

var ruleCases = []ruleCase{
	{rule: "unreachable", broken: func(t *testing.T) string {
		ln, _ := net.Listen("tcp", "127.0.0.1:0")
		addr := ln.Addr().String()
		ln.Close()
		return "http://" + addr
	}, correct: api(nil)},
	{rule: "malformed-response",
		broken:  api(on("/r", raw("HTTP/1.1 200 OK\r\nDate: DATE\r\nNo colon here\r\n\r\n"))),
		correct: api(nil)},
	{rule: "malformed-response", // a chunked coding without its last chunk
		broken:  api(on("/r", raw("HTTP/1.1 200 OK\r\nDate: DATE\r\nContent-Type: text/plain; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"), http.MethodGet)),
		correct: api(nil)},
	{rule: "interim-as-final",
		broken:  api(on("/r", raw("HTTP/1.1 100 Continue\r\n\r\n"))),
		correct: api(on("/r", raw("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nDate: DATE\r\n\r\n"), getHead...))},
	{rule: "status-out-of-range",
		broken:  api(on("/r", raw("HTTP/1.1 600 Custom\r\nContent-Length: 0\r\n\r\n"), getHead...)),
		correct: api(on("/r", raw("HTTP/1.1 599 Custom\r\nContent-Length: 0\r\n\r\n"), getHead...)),
		also:    nil},
	{rule: "code-standing",
		broken:  api(on("/r", answer(299, "fine"), getHead...)),
		correct: api(on("/r", answer(200, "fine"), getHead...))},
	{rule: "switching-without-upgrade",
		broken:  api(on("/r", raw("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"), getHead...)),
		correct: api(nil)},
	{rule: "content-on-bodiless",
		broken:  api(on("/r", raw("HTTP/1.1 204 No Content\r\nDate: DATE\r\n\r\nsurprise"), getHead...)),
		correct: api(on("/r", answer(http.StatusNoContent, ""), getHead...))},
	{rule: "content-on-bodiless", // 205: net/http lets a handler write content
		broken:  api(on("/r", answer(http.StatusResetContent, "surprise"), getHead...)),
		correct: api(on("/r", answer(http.StatusResetContent, "", "Content-Length", "0"), getHead...))},
	{rule: "content-on-bodiless", // content after a response to HEAD
		broken:  api(on("/r", raw("HTTP/1.1 200 OK\r\nDate: DATE\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 13\r\n\r\nhello, world\n"), http.MethodHead)),
		correct: api(nil)},
	{rule: "content-length-on-204",
		broken:  api(on("/r", raw("HTTP/1.1 204 No Content\r\nDate: DATE\r\nContent-Length: 0\r\n\r\n"), getHead...)),
		correct: api(on("/r", raw("HTTP/1.1 204 No Content\r\nDate: DATE\r\n\r\n"), getHead...))},
	{rule: "content-length-mismatch", // cut short
		broken:  rawFixture(onRaw("/r", "HTTP/1.1 200 OK\r\nDate: DATE\r\nContent-Type: text/plain\r\nContent-Length: 20\r\n\r\nshort", "GET")),
		correct: rawFixture(onRaw("/r", "", "GET"))},
	{rule: "content-length-mismatch", // more than announced
		broken: rawFixture(func(req rawRequest) string {
			if req.path == "/r" && req.method == "HEAD" {
				return "HTTP/1.1 200 OK\r\nDate: DATE\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n"
			}
			return onRaw("/r", "HTTP/1.1 200 OK\r\nDate: DATE\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhello", "GET")(req)
		}),
		correct: rawFixture(onRaw("/r", "", "GET"))},
	{rule: "date-missing",
		broken: api(on("/r", func(w http.ResponseWriter, r *http.Request) {
			w.Header()["Date"] = nil
			resource(w, r)
		})),
		correct: api(nil)},
	{rule: "field-syntax",
		broken: api(on("/r", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Link", `/style.css; rel=preload`)
			resource(w, r)
		}, getHead...)),
		correct: api(on("/r", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Link", `</style.css>; rel=preload`)
			resource(w, r)
		}, getHead...))},
	{rule: "field-syntax",
		broken:  api(on("/r", answer(200, "hi", "Cache-Control", `max-age="60"`), getHead...)),
		correct: api(on("/r", answer(200, "hi", "Cache-Control", `max-age=60`), getHead...))},
	{rule: "singleton-field-repeated",
		broken:  api(on("/r", answer(200, "hi", "Content-Type", "text/plain", "Content-Type", "text/html"), getHead...)),
		correct: api(on("/r", answer(200, "hi", "Content-Type", "text/plain"), getHead...))},
	{rule: "retry-after-syntax",
		broken:  api(on("/r", answer(503, "busy", "Retry-After", "5s", "Cache-Control", "no-store"), getHead...)),
		correct: api(on("/r", answer(503, "busy", "Retry-After", "5", "Cache-Control", "no-store"), getHead...))},
	{rule: "ratelimit-syntax",
		broken:  api(on("/r", answer(200, "hi", "RateLimit", "default;r=50", "Content-Type", "text/plain"), getHead...)),
		correct: api(on("/r", answer(200, "hi", "RateLimit", `"default";r=50;t=30`, "Content-Type", "text/plain"), getHead...))},
	{rule: "content-range-syntax",
		broken:  api(ranged(answer(http.StatusPartialContent, "h", "Content-Range", "0-0/13", "ETag", `"v1"`, "Cache-Control", "no-cache"))),
		correct: api(ranged(answer(http.StatusPartialContent, "h", "Content-Range", "bytes 0-0/13", "ETag", `"v1"`, "Cache-Control", "no-cache")))},
	{rule: "content-range-syntax", // a Content-Range that does not match the content
		broken:  api(ranged(answer(http.StatusPartialContent, "h", "Content-Range", "bytes 0-4/13", "ETag", `"v1"`, "Cache-Control", "no-cache"))),
		correct: api(nil)},
	{rule: "location-invalid",
		broken:  api(on("/r", answer(http.StatusFound, "", "Location", "/a b"), getHead...)),
		correct: api(on("/r", answer(http.StatusFound, "", "Location", "/ok"), getHead...))},
	{rule: "status-for-method",
		broken:  api(on("/r", answer(http.StatusNotModified, "", "ETag", `"v1"`, "Cache-Control", "no-cache"), http.MethodOptions)),
		correct: api(nil)},
	{rule: "problem-status-mismatch",
		broken:  api(on("/r", answer(404, `{"title":"Not Found","status":400}`, "Content-Type", "application/problem+json"), getHead...)),
		correct: api(on("/r", answer(404, `{"title":"Not Found","status":404}`, "Content-Type", "application/problem+json"), getHead...))},
	{rule: "error-in-2xx-body",
		broken:  api(on("/r", answer(200, `{"error":"user not found"}`, "Content-Type", "application/json"), getHead...)),
		correct: api(on("/r", answer(404, `{"error":"user not found"}`, "Content-Type", "application/json"), getHead...))},
	{rule: "error-in-2xx-body",
		broken:  api(on("/r", answer(200, `{"success":false,"data":null}`, "Content-Type", "application/json"), getHead...)),
		correct: api(on("/r", answer(200, `{"success":true,"error":null}`, "Content-Type", "application/json"), getHead...))},
	{rule: "transient-error-cacheable",
		broken:  api(on("/r", answer(503, "busy", "Retry-After", "5"), getHead...)),
		correct: api(on("/r", answer(503, "busy", "Retry-After", "5", "Cache-Control", "no-store"), getHead...))},
	{rule: "precondition-failed-without-precondition",
		broken:  api(on("/r", answer(http.StatusPreconditionFailed, "no"), getHead...)),
		correct: api(on("/r", answer(http.StatusPreconditionRequired, "send If-Match"), getHead...))},
	{rule: "allow-lists-refused-method",
		broken:  api(on("/r", answer(405, "no", "Allow", "GET, HEAD"), getHead...)),
		correct: api(on("/r", answer(405, "no", "Allow", "POST"), getHead...))},
	{rule: "get-head-refused",
		broken:  api(on("/r", answer(501, "no"), getHead...)),
		correct: api(nil)},
	{rule: "get-head-refused",
		broken:  api(on("/r", answer(405, "no", "Allow", "GET"), http.MethodHead)),
		correct: api(nil)},
	{rule: "head-differs-from-get",
		broken:  api(on("/r", answer(200, "", "Content-Type", "text/html", "ETag", `"v1"`, "Content-Length", "13"), http.MethodHead)),
		correct: api(nil)},
	{rule: "head-differs-from-get",
		broken:  api(on("/r", answer(404, ""), http.MethodHead)),
		correct: api(nil)},
	{rule: "head-content-length",
		broken:  api(on("/r", answer(200, "", "Content-Length", "99", "Content-Type", "text/plain; charset=utf-8", "ETag", `"v1"`), http.MethodHead)),
		correct: api(nil)},
	{rule: "unknown-method-not-501",
		broken:  api(on("/r", answer(405, "no", "Allow", "GET, HEAD, OPTIONS"), unknownMethod)),
		correct: api(nil)},
	{rule: "unknown-method-not-501",
		broken:  api(on("/r", answer(200, "yes"), unknownMethod)),
		correct: api(nil)},
	{rule: "refused-method-not-405", paths: []string{"/r", "/collection"}, cfg: withUnsafe,
		broken:  api(on("/r", answer(501, "no"), http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete)),
		correct: api(nil)},
	{rule: "if-none-match-ignored", broken: api(stripping("If-None-Match")), correct: api(nil)},
	{rule: "if-modified-since-ignored", broken: api(stripping("If-Modified-Since")), correct: api(nil)},
	{rule: "if-match-ignored", broken: api(stripping("If-Match")), correct: api(nil)},
	{rule: "soft-404",
		broken: api(func(w http.ResponseWriter, r *http.Request) bool {
			if !strings.HasPrefix(r.URL.Path, "/r/") {
				return false
			}
			answer(200, "<html>app</html>", "Content-Type", "text/html")(w, r)
			return true
		}),
		correct: api(nil)},
	{rule: "malformed-request-accepted",
		broken:  rawFixture(func(rawRequest) string { return "" }),
		correct: rawFixture(rejectsMalformed)},
	{rule: "server-error-for-client-error",
		broken:  api(on("/r", answer(500, "oops"), unknownMethod)),
		correct: api(nil)},
	{rule: "server-error-for-client-error",
		broken: rawFixture(func(req rawRequest) string {
			if rejectsMalformed(req) != "" {
				return "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"
			}
			return ""
		}),
		correct: rawFixture(rejectsMalformed)},
	{rule: "unsupported-media-type-400", paths: []string{"/collection"}, cfg: withUnsafe,
		broken:  api(on("/collection", answer(400, "bad"), http.MethodPost)),
		correct: api(nil)},
	{rule: "forbidden-without-credentials", cfg: withToken,
		broken:  api(needsToken(answer(403, "no"))),
		correct: api(needsToken(answer(401, "no", "WWW-Authenticate", `Bearer realm="api"`)))},
	{rule: "redirect-after-post", paths: []string{"/collection"}, cfg: withUnsafe,
		broken:  api(on("/collection", answer(http.StatusFound, "", "Location", "/ok"), http.MethodPost)),
		correct: api(on("/collection", answer(http.StatusSeeOther, "", "Location", "/ok"), http.MethodPost))},
	{rule: "redirect-loop",
		broken: api(both(on("/r", answer(302, "", "Location", "/r2"), getHead...),
			on("/r2", answer(302, "", "Location", "/r"), getHead...))),
		correct: api(on("/r", answer(302, "", "Location", "/ok"), getHead...))},
	{rule: "redirect-chain-too-long", broken: api(chain(6)), correct: api(chain(4))},
}

func TestEveryRuleCatchesItsBrokenFixtureAndPassesItsCorrectOne(t *testing.T) {
	t.Parallel()
	cases := append(slices.Clone(ruleCases), registryCases()...)
	for _, tc := range cases {
		rule, ok := Lookup(tc.rule)
		if !ok {
			t.Errorf("no rule %q", tc.rule)
			continue
		}
		t.Run(tc.rule, func(t *testing.T) {
			t.Parallel()
			cfg := testConfig()
			if tc.cfg != nil {
				tc.cfg(&cfg)
			}
			paths := tc.paths
			if paths == nil {
				paths = []string{"/r"}
			}
			broken := checkURLs(t, cfg, tc.broken(t), paths...)
			want := append([]string{}, tc.also...)
			if rule.Severity > Info {
				want = append(want, tc.rule)
			}
			slices.Sort(want)
			if got := rulesAbove(broken.Findings, May); !slices.Equal(got, want) || !hasRule(broken.Findings, tc.rule) {
				t.Errorf("broken fixture: want %s (%s: %s), got rules above INFO %v:\n%s",
					tc.rule, rule.Spec, rule.Summary, got, describe(broken.Findings))
			}
			correct := checkURLs(t, cfg, tc.correct(t), paths...)
			if got := rulesAbove(correct.Findings, May); len(got) > 0 || hasRule(correct.Findings, tc.rule) {
				t.Errorf("correct fixture: want no findings above INFO and no %s, got:\n%s", tc.rule, describe(correct.Findings))
			}
		})
	}
}

func TestEveryRuleHasAFixturePair(t *testing.T) {
	t.Parallel()
	covered := map[string]bool{}
	for _, tc := range ruleCases {
		covered[tc.rule] = true
	}
	for _, tc := range registryCases() {
		covered[tc.rule] = true
	}
	for _, r := range Rules() {
		if !covered[r.ID] {
			t.Errorf("rule %s (%s) has no broken and correct fixture", r.ID, r.Spec)
		}
	}
}
