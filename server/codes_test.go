package server

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/statuskit/statuskit/status"
)

// This file proves what every code carries: the status itself for GET and
// HEAD, the content rules of RFC 9110, 6.4.1, and each header field the
// registry says a code MUST have. The per-code rules (201 Location, 405
// Allow, 503 Retry-After...) follow, one test per rule.

// TestEveryCodeAnswersGETAndHEADWithItsStatus loops over every number the
// server accepts. 1xx codes are interim responses followed by a final 200
// (RFC 9110, 15.2); 101 needs an Upgrade and has its own tests.
func TestEveryCodeAnswersGETAndHEADWithItsStatus(t *testing.T) {
	t.Parallel()
	// A small MaxSleep keeps /102's default delay short.
	ts := testServer(t, Config{MaxSleep: 20 * time.Millisecond})
	client := noRedirects(ts)
	for n := 100; n <= 599; n++ {
		if n == http.StatusSwitchingProtocols {
			continue
		}
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			t.Parallel()
			code := status.MustLookup(n)
			path := "/" + strconv.Itoa(n)
			getRes := send(t, client, ts.URL, request{path: path})
			headRes := send(t, client, ts.URL, request{method: http.MethodHead, path: path})

			for _, res := range []exchangeResult{getRes, headRes} {
				method := res.Request.Method
				want := n
				if code.Class() == status.Informational {
					want = http.StatusOK
					if len(res.interim) == 0 {
						t.Errorf("%s %s: no interim response before the final %d; RFC 9110, 15.2: a 1xx is an interim response sent before the final one", method, path, res.StatusCode)
					}
					for _, i := range res.interim {
						if i.code != n {
							t.Errorf("%s %s: interim %d, want only %d", method, path, i.code, n)
						}
					}
				}
				if res.StatusCode != want {
					t.Errorf("%s %s: status %d, want %d", method, path, res.StatusCode, want)
				}
				if res.StatusCode >= 200 && res.StatusCode < 500 && res.Header.Get("Date") == "" {
					t.Errorf("%s %s: no Date field; RFC 9110, 6.6.1: an origin server with a clock MUST send Date on 2xx-4xx responses", method, path)
				}
			}

			// RFC 9110, 9.3.2: HEAD gets the same header fields as GET,
			// without the content.
			if len(headRes.body) != 0 {
				t.Errorf("HEAD %s: %d bytes of content, want none (RFC 9110, 9.3.2)", path, len(headRes.body))
			}
			for _, f := range []string{"Content-Type", "Content-Length"} {
				if g, h := getRes.Header.Values(f), headRes.Header.Values(f); !slices.Equal(g, h) {
					t.Errorf("%s: GET sent %s %q but HEAD sent %q; RFC 9110, 9.3.2: HEAD MUST send the fields GET would", path, f, g, h)
				}
			}
			gNames, hNames := fieldNames(getRes.Header, "Date"), fieldNames(headRes.Header, "Date")
			for k := range gNames {
				if !hNames[k] {
					t.Errorf("%s: GET has %s but HEAD does not (RFC 9110, 9.3.2)", path, k)
				}
			}
			for k := range hNames {
				if !gNames[k] {
					t.Errorf("%s: HEAD has %s but GET does not (RFC 9110, 9.3.2)", path, k)
				}
			}

			if code.ContentForbidden && code.Class() != status.Informational && len(getRes.body) != 0 {
				t.Errorf("GET %s: %d bytes of content %q; the registry says %d never has content (RFC 9110, 6.4.1)", path, len(getRes.body), truncate(string(getRes.body), 40), n)
			}
			switch n {
			case http.StatusNoContent, http.StatusNotModified:
				for _, f := range []string{"Content-Length", "Content-Type"} {
					for _, res := range []exchangeResult{getRes, headRes} {
						if v, ok := res.Header[f]; ok {
							t.Errorf("%s %s: %s: %q, want no %s on a response that cannot have content (RFC 9110, 8.6 and 8.3)", res.Request.Method, path, f, v, f)
						}
					}
				}
			case http.StatusResetContent:
				for _, res := range []exchangeResult{getRes, headRes} {
					if v := res.Header.Values("Content-Length"); !slices.Equal(v, []string{"0"}) {
						t.Errorf("%s %s: Content-Length %q, want \"0\"; RFC 9110, 15.3.6: a 205 indicates it has no content with Content-Length: 0", res.Request.Method, path, v)
					}
				}
			}
		})
	}
}

// TestContentForbiddenCodesSendNoContentOnTheWire reads the raw bytes, so a
// body the Go client would silently drop is still caught (RFC 9110, 6.4.1:
// 204, 205 and 304 never have content).
func TestContentForbiddenCodesSendNoContentOnTheWire(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, path := range []string{"/204", "/205", "/304", "/204?body=sneaky", "/205?body=sneaky", "/304?body=sneaky"} {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			t.Run(method+path, func(t *testing.T) {
				t.Parallel()
				if method == http.MethodPost && strings.HasPrefix(path, "/304") {
					return // 304 only answers GET and HEAD
				}
				c := dialRaw(t, ts.Listener.Addr().String())
				c.write(method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
				raw := c.readAll()
				head, rest, ok := strings.Cut(raw, "\r\n\r\n")
				if !ok {
					t.Fatalf("%s %s: response has no end of header section: %q", method, path, raw)
				}
				if strings.Contains(path, "body=") {
					// Asking for content the status cannot have is
					// refused, not silently dropped (issue 12).
					if !strings.HasPrefix(head, "HTTP/1.1 400 ") || !strings.Contains(rest, "has no content") {
						t.Errorf("%s %s: %q, want 400 saying the status has no content (RFC 9110, 6.4.1):\n%s", method, path, strings.SplitN(head, "\r\n", 2)[0], rest)
					}
					return
				}
				if rest != "" {
					t.Errorf("%s %s: %d bytes after the header section %q; RFC 9110, 6.4.1 forbids content on this status:\n%s", method, path, len(rest), truncate(rest, 40), head)
				}
			})
		}
	}
}

// TestHEADSendsNoContentOnTheWire checks HEAD with raw bytes for codes whose
// GET has content of every kind (negotiated, ranges, XML, HTML, custom).
func TestHEADSendsNoContentOnTheWire(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, path := range []string{"/200", "/206", "/207", "/300", "/404", "/416", "/503", "/511", "/418?body=hello", "/status/500"} {
		t.Run(path, func(t *testing.T) {
			t.Parallel()
			c := dialRaw(t, ts.Listener.Addr().String())
			c.write("HEAD " + path + " HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nConnection: close\r\n\r\n")
			raw := c.readAll()
			head, rest, _ := strings.Cut(raw, "\r\n\r\n")
			if rest != "" {
				t.Errorf("HEAD %s: %d bytes after the header section; RFC 9110, 9.3.2: a response to HEAD has no content:\n%s", path, len(rest), head)
			}
			if !strings.Contains(head, "Content-Length: ") {
				t.Errorf("HEAD %s: no Content-Length; it should match what GET would send (RFC 9110, 8.6):\n%s", path, head)
			}
		})
	}
}

// ruleKey names one header rule of one code.
type ruleKey struct {
	code  int
	field string
}

// TestEveryRequiredHeaderInTheRegistryIsSent ties the server to the
// registry: for every code, every rule at level MUST
// (status.Code.RequiredHeaders) is honoured by the response. Rules that
// apply only under a condition ("when a single part is sent", "if a 200
// would have carried it") are checked under that condition; a new
// conditional rule in the registry makes this test fail until it says how
// to check it.
func TestEveryRequiredHeaderInTheRegistryIsSent(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{MaxSleep: 20 * time.Millisecond})
	client := noRedirects(ts)

	// The 200 that /206 and /304 stand in for: the generated
	// representation, fetched in full by a Range whose If-Range is stale
	// (RFC 9110, 13.1.5). /304 reports "not modified" for the same
	// representation (it carries its ETag).
	full := send(t, client, ts.URL, request{path: "/206", header: hdr("Range", "bytes=0-9", "If-Range", `"stale"`)})
	if full.StatusCode != http.StatusOK {
		t.Fatalf("GET /206 with Range and a stale If-Range: status %d, want 200 (RFC 9110, 13.1.5)", full.StatusCode)
	}
	sameAs200 := func(req request) func(t *testing.T, rule status.HeaderRule) {
		return func(t *testing.T, rule status.HeaderRule) {
			res := send(t, client, ts.URL, req)
			want, got := full.Header.Values(rule.Name), res.Header.Values(rule.Name)
			if len(want) > 0 && !slices.Equal(want, got) {
				t.Errorf("%s: %s %q, but the 200 for the same representation has %q; %s: MUST send it %s", req, rule.Name, got, want, rule.Spec, rule.Note)
			}
		}
	}
	range206 := request{path: "/206", header: hdr("Range", "bytes=0-9")}
	conditional := map[ruleKey]func(t *testing.T, rule status.HeaderRule){
		{206, "Content-Range"}: func(t *testing.T, rule status.HeaderRule) {
			for _, req := range []request{range206, {path: "/206"}} {
				res := send(t, client, ts.URL, req)
				if res.StatusCode != http.StatusPartialContent || !strings.HasPrefix(res.Header.Get("Content-Range"), "bytes ") {
					t.Errorf("%s: status %d, Content-Range %q; %s: a single-part 206 MUST carry Content-Range", req, res.StatusCode, res.Header.Get("Content-Range"), rule.Spec)
				}
			}
		},
		{206, "Content-Type"}: func(t *testing.T, rule status.HeaderRule) {
			req := request{path: "/206", header: hdr("Range", "bytes=0-1,5-6")}
			res := send(t, client, ts.URL, req)
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "multipart/byteranges; boundary=") {
				t.Errorf("%s: Content-Type %q; %s: a multipart 206 MUST carry multipart/byteranges with its boundary", req, ct, rule.Spec)
			}
			if cr := res.Header.Get("Content-Range"); cr != "" {
				t.Errorf("%s: Content-Range %q on a multipart 206; %s: it belongs in each part, not on the message", req, cr, rule.Spec)
			}
		},
	}
	for _, f := range []string{"ETag", "Cache-Control", "Expires", "Content-Location", "Vary"} {
		conditional[ruleKey{206, http.CanonicalHeaderKey(f)}] = sameAs200(range206)
		conditional[ruleKey{304, http.CanonicalHeaderKey(f)}] = sameAs200(request{path: "/304"})
	}
	if full.Header.Get("Etag") == "" {
		t.Errorf("the full 200 of /206 has no ETag; /304 and /206 are meant to describe a representation with a validator")
	}

	checked := 0
	for n := 100; n <= 599; n++ {
		code := status.MustLookup(n)
		for _, rule := range code.RequiredHeaders() {
			checked++
			t.Run(strconv.Itoa(n)+"/"+rule.Name, func(t *testing.T) {
				t.Parallel()
				if check, ok := conditional[ruleKey{n, http.CanonicalHeaderKey(rule.Name)}]; ok {
					check(t, rule)
					return
				}
				if n == http.StatusSwitchingProtocols {
					// The rule is about the 101 itself, which needs an
					// Upgrade request.
					line, h, _ := upgradeToEcho(t, ts.Listener.Addr().String(), "echo")
					if h.Get(rule.Name) == "" {
						t.Errorf("upgrade to echo: %q without %s; %s: MUST send %s", line, rule.Name, rule.Spec, rule.Note)
					}
					return
				}
				if strings.HasPrefix(rule.Note, "if ") || strings.HasPrefix(rule.Note, "when ") {
					t.Fatalf("the registry's MUST rule for %d %s is conditional (%q) and this test does not know how to check the condition; add it to the conditional table", n, rule.Name, rule.Note)
				}
				for _, method := range []string{http.MethodGet, http.MethodHead} {
					res := send(t, client, ts.URL, request{method: method, path: "/" + strconv.Itoa(n)})
					if res.StatusCode != n {
						t.Fatalf("%s /%d: status %d, want %d", method, n, res.StatusCode, n)
					}
					if _, ok := res.Header[http.CanonicalHeaderKey(rule.Name)]; !ok {
						t.Errorf("%s /%d: no %s field; the registry says %d MUST carry it (%s: %s)", method, n, rule.Name, n, rule.Spec, rule.Note)
					}
				}
			})
		}
	}
	if checked < 10 {
		t.Errorf("only %d MUST rules in the registry; the registry looks incomplete", checked)
	}
}

func TestStatus201CarriesLocationOfTheCreatedResource(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	client := noRedirects(ts)
	seen := map[string]bool{}
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodGet} {
		res := send(t, client, ts.URL, request{method: method, path: "/201", body: bodyFor(method)})
		loc := res.Header.Get("Location")
		if res.StatusCode != http.StatusCreated || !strings.HasPrefix(loc, "/200?id=created-") {
			t.Fatalf("%s /201: status %d, Location %q; RFC 9110, 15.3.2: a 201 SHOULD name the created resource in Location", method, res.StatusCode, loc)
		}
		if seen[loc] {
			t.Errorf("%s /201: Location %q was already given to another created resource", method, loc)
		}
		seen[loc] = true
		if got := send(t, client, ts.URL, request{path: loc}); got.StatusCode != http.StatusOK {
			t.Errorf("GET %s (the Location of a 201): status %d, want 200", loc, got.StatusCode)
		}
	}
	res := send(t, client, ts.URL, request{method: http.MethodPost, path: "/201?location=/things/7"})
	if loc := res.Header.Get("Location"); loc != "/things/7" {
		t.Errorf("POST /201?location=/things/7: Location %q, want /things/7", loc)
	}
}

func TestStatus202CarriesMonitorLocationAndRetryAfter(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	res := send(t, noRedirects(ts), ts.URL, request{method: http.MethodPost, path: "/202", body: "job"})
	if res.StatusCode != http.StatusAccepted {
		t.Fatalf("POST /202: status %d", res.StatusCode)
	}
	if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, "/200?id=monitor-") {
		t.Errorf("POST /202: Location %q, want a status monitor such as /200?id=monitor-1 (RFC 9110, 15.3.3)", loc)
	}
	assertDeltaSeconds(t, "POST /202", res.Header.Values("Retry-After"))
}

// assertDeltaSeconds checks a Retry-After is one delta-seconds value
// (RFC 9110, 10.2.3).
func assertDeltaSeconds(t *testing.T, what string, values []string) {
	t.Helper()
	if len(values) != 1 || !isDigits(values[0]) {
		t.Errorf("%s: Retry-After %q, want one delta-seconds value such as 3 (RFC 9110, 10.2.3)", what, values)
	}
}

func TestStatus207IsAMultistatusInXMLOrJSON(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	client := noRedirects(ts)

	res := send(t, client, ts.URL, request{path: "/207"})
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/xml") {
		t.Errorf("GET /207: Content-Type %q, want application/xml (RFC 4918, 13)", ct)
	}
	var ms struct {
		XMLName   xml.Name `xml:"DAV: multistatus"`
		Responses []struct {
			Href   string `xml:"DAV: href"`
			Status string `xml:"DAV: status"`
		} `xml:"DAV: response"`
	}
	if err := xml.Unmarshal(res.body, &ms); err != nil {
		t.Fatalf("GET /207: content is not a DAV:multistatus document: %v\n%s", err, res.body)
	}
	if len(ms.Responses) == 0 {
		t.Fatalf("GET /207: multistatus with no DAV:response elements:\n%s", res.body)
	}
	for _, r := range ms.Responses {
		// RFC 4918, 14.28: status is an HTTP status line.
		parts := strings.SplitN(r.Status, " ", 3)
		if len(parts) < 2 || parts[0] != "HTTP/1.1" || len(parts[1]) != 3 || !isDigits(parts[1]) || r.Href == "" {
			t.Errorf("GET /207: response %+v, want an href and a status line like \"HTTP/1.1 200 OK\"", r)
		}
	}

	res = send(t, client, ts.URL, request{path: "/207", header: hdr("Accept", "application/json")})
	if ct := res.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("GET /207 with Accept: application/json: Content-Type %q", ct)
	}
	var js struct {
		Responses []struct {
			Href   string `json:"href"`
			Status int    `json:"status"`
		} `json:"responses"`
	}
	if err := json.Unmarshal(res.body, &js); err != nil || len(js.Responses) != len(ms.Responses) {
		t.Fatalf("GET /207 as JSON: %v, %d responses (XML has %d):\n%s", err, len(js.Responses), len(ms.Responses), res.body)
	}
	for i, r := range js.Responses {
		if r.Href != ms.Responses[i].Href || !strings.HasPrefix(ms.Responses[i].Status, "HTTP/1.1 "+strconv.Itoa(r.Status)+" ") {
			t.Errorf("GET /207: JSON response %d %+v differs from the XML one %+v", i, r, ms.Responses[i])
		}
	}
	if !slices.Contains(res.Header.Values("Vary"), "Accept") {
		t.Errorf("GET /207: Vary %q, want Accept since the content is negotiated (RFC 9110, 12.5.5)", res.Header.Values("Vary"))
	}
}

func TestStatus300ListsTheChoicesInContentAndLink(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	client := noRedirects(ts)
	res := send(t, client, ts.URL, request{path: "/300"})
	links := res.Header.Values("Link")
	if len(links) < 2 {
		t.Fatalf("GET /300: Link %q, want the alternatives as rel=\"alternate\" links (RFC 9110, 15.4.1)", links)
	}
	for _, l := range links {
		target, params, ok := strings.Cut(l, ";")
		if !ok || !strings.Contains(params, `rel="alternate"`) || !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") {
			t.Errorf("GET /300: Link %q, want <uri>; rel=\"alternate\"", l)
			continue
		}
		href := strings.Trim(target, "<>")
		if !strings.Contains(string(res.body), href) {
			t.Errorf("GET /300: content does not list the choice %s; RFC 9110, 15.4.1: the server SHOULD list them in the content:\n%s", href, res.body)
		}
		if got := send(t, client, ts.URL, request{path: href}); got.StatusCode != http.StatusOK {
			t.Errorf("GET %s (a choice of /300): status %d, want 200", href, got.StatusCode)
		}
	}
	if loc := res.Header.Get("Location"); loc == "" || !strings.Contains(links[0], "<"+loc+">") {
		t.Errorf("GET /300: Location %q, want the preferred choice (the first Link)", loc)
	}
}

// redirectCodes are the 3xx codes a client follows through Location.
var redirectCodes = []int{301, 302, 303, 307, 308}

func TestRedirectsPointAtA2xxByDefault(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, n := range redirectCodes {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			t.Parallel()
			path := "/" + strconv.Itoa(n)
			res := send(t, noRedirects(ts), ts.URL, request{path: path})
			if res.StatusCode != n || res.Header.Get("Location") != "/200" {
				t.Errorf("GET %s: status %d, Location %q; want %d with Location: /200 so that following works", path, res.StatusCode, res.Header.Get("Location"), n)
			}
			followed := send(t, ts.Client(), ts.URL, request{path: path})
			if followed.StatusCode/100 != 2 {
				t.Errorf("GET %s followed by Go's client: ended in %d, want a 2xx", path, followed.StatusCode)
			}
		})
	}
}

// TestRedirectsChangeOrKeepTheMethodAsTheRegistrySays follows a POST with
// Go's client and reads, at /200, what the server received.
func TestRedirectsChangeOrKeepTheMethodAsTheRegistrySays(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, n := range redirectCodes {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			t.Parallel()
			rule := status.MustLookup(n).Redirect
			if rule == nil {
				t.Fatalf("the registry has no redirect rule for %d", n)
			}
			path := "/" + strconv.Itoa(n)
			res := send(t, ts.Client(), ts.URL, request{method: http.MethodPost, path: path, body: "hello", header: hdr("Content-Type", "text/plain")})
			if res.StatusCode != http.StatusOK {
				t.Fatalf("POST %s followed: ended in %d, want 200", path, res.StatusCode)
			}
			keptPOST := strings.Contains(string(res.body), "POST /200 processed: received 5 bytes")
			switch rule.MethodRule {
			case status.KeepMethod:
				if !keptPOST {
					t.Errorf("POST %s followed: /200 did not receive the POST with its 5 bytes; RFC 9110, 15.4.%s: the method and content are kept. /200 answered:\n%s", path, map[int]string{307: "8", 308: "9"}[n], res.body)
				}
			case status.ChangeToGET:
				if keptPOST || !strings.HasPrefix(string(res.body), "200 OK") {
					t.Errorf("POST %s followed: /200 answered %q, want the GET representation; RFC 9110, 15.4.4: the follow-up is a GET", path, truncate(string(res.body), 60))
				}
			}
		})
	}
}

func TestStatus304CarriesETagAndNoContent(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, q := range []request{
		{path: "/304"},
		{path: "/304", header: hdr("If-None-Match", representationETag)},
		{method: http.MethodHead, path: "/304"},
	} {
		res := send(t, noRedirects(ts), ts.URL, q)
		if res.StatusCode != http.StatusNotModified || res.Header.Get("Etag") != representationETag {
			t.Errorf("%s: status %d, ETag %q; RFC 9110, 15.4.5: a 304 MUST carry the ETag a 200 would", q, res.StatusCode, res.Header.Get("Etag"))
		}
		if len(res.body) != 0 {
			t.Errorf("%s: %d bytes of content; a 304 has none (RFC 9110, 15.4.5)", q, len(res.body))
		}
	}
}

func TestStatus401CarriesWWWAuthenticate(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, method := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodDelete} {
		res := send(t, noRedirects(ts), ts.URL, request{method: method, path: "/401", header: hdr("Authorization", "Basic Zm9vOmJhcg==")})
		ch := res.Header.Values("Www-Authenticate")
		if res.StatusCode != http.StatusUnauthorized || len(ch) == 0 {
			t.Errorf("%s /401: status %d, WWW-Authenticate %q; RFC 9110, 15.5.2: MUST send at least one challenge, even when credentials were sent", method, res.StatusCode, ch)
			continue
		}
		for _, c := range ch {
			if !strings.Contains(c, `realm="`) {
				t.Errorf("%s /401: challenge %q has no realm (RFC 9110, 11.5)", method, c)
			}
		}
	}
}

func TestStatus407CarriesProxyAuthenticate(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, method := range []string{http.MethodGet, http.MethodHead, http.MethodPut} {
		res := send(t, noRedirects(ts), ts.URL, request{method: method, path: "/407", body: bodyFor(method)})
		if res.StatusCode != http.StatusProxyAuthRequired || !strings.HasPrefix(res.Header.Get("Proxy-Authenticate"), "Basic realm=") {
			t.Errorf("%s /407: status %d, Proxy-Authenticate %q; RFC 9110, 15.5.8: MUST send a challenge for the proxy", method, res.StatusCode, res.Header.Get("Proxy-Authenticate"))
		}
	}
}

func TestStatus405CarriesAllow(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, tc := range []struct {
		method, path string
		want         string
	}{
		// By default every standard method but the one refused; GET and
		// HEAD stand or fall together (RFC 9110, 9.3.2).
		{http.MethodGet, "/405", "POST, PUT, PATCH, DELETE, OPTIONS, TRACE"},
		{http.MethodHead, "/405", "POST, PUT, PATCH, DELETE, OPTIONS, TRACE"},
		{http.MethodPost, "/405", "GET, HEAD, PUT, PATCH, DELETE, OPTIONS, TRACE"},
		{http.MethodDelete, "/405", "GET, HEAD, POST, PUT, PATCH, OPTIONS, TRACE"},
		{http.MethodPost, "/405?allow=GET,HEAD", "GET, HEAD"},
		{http.MethodPost, "/405?allow=GET,%20HEAD,PROPFIND", "GET, HEAD, PROPFIND"},
		// An empty Allow means the resource allows nothing (10.2.1).
		{http.MethodGet, "/405?allow=", ""},
		{http.MethodGet, "/status/405?allow=OPTIONS", "OPTIONS"},
	} {
		t.Run(tc.method+tc.path, func(t *testing.T) {
			t.Parallel()
			res := send(t, noRedirects(ts), ts.URL, request{method: tc.method, path: tc.path, body: bodyFor(tc.method)})
			allow, ok := res.Header["Allow"]
			if res.StatusCode != http.StatusMethodNotAllowed || !ok || len(allow) != 1 || allow[0] != tc.want {
				t.Errorf("%s %s: status %d, Allow %q (present %v); want 405 with Allow %q. RFC 9110, 15.5.6: a 405 MUST carry Allow", tc.method, tc.path, res.StatusCode, allow, ok, tc.want)
			}
		})
	}
	res := send(t, noRedirects(ts), ts.URL, request{path: "/405?allow=G%40T"})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(res.body), "not a method name") {
		t.Errorf("GET /405?allow=G@T: status %d, want 400 saying it is not a method name:\n%s", res.StatusCode, res.body)
	}
}

func TestStatus416CarriesContentRangeWithTheLength(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, tc := range []struct{ method, path, want string }{
		{http.MethodGet, "/416", "bytes */1024"},
		{http.MethodHead, "/416", "bytes */1024"},
		{http.MethodGet, "/416?size=10", "bytes */10"},
		// A Range that cannot be satisfied on /206 becomes a real 416.
		{http.MethodGet, "/206?size=10", "bytes */10"},
	} {
		q := request{method: tc.method, path: tc.path, header: hdr("Range", "bytes=500-")}
		res := send(t, noRedirects(ts), ts.URL, q)
		if res.StatusCode != http.StatusRequestedRangeNotSatisfiable || res.Header.Get("Content-Range") != tc.want {
			t.Errorf("%s: status %d, Content-Range %q; want 416 with %q (RFC 9110, 15.5.17 and 14.4)", q, res.StatusCode, res.Header.Get("Content-Range"), tc.want)
		}
	}
}

func TestStatus426CarriesUpgradeAndConnection(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, path := range []string{"/426", "/101"} {
		res := send(t, noRedirects(ts), ts.URL, request{path: path})
		if res.StatusCode != http.StatusUpgradeRequired || res.Header.Get("Upgrade") == "" || !hasToken(res.Header.Values("Connection"), "upgrade") {
			t.Errorf("GET %s: status %d, Upgrade %q, Connection %q; RFC 9110, 15.5.22: a 426 MUST send Upgrade (and Connection: Upgrade, 7.8)", path, res.StatusCode, res.Header.Get("Upgrade"), res.Header.Values("Connection"))
		}
	}
}

func TestStatus429And503CarryRetryAfterAndNoStore(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, tc := range []struct{ path, want string }{
		{"/429", "3"},
		{"/503", "3"},
		{"/503?retry-after=7", "7"},
		{"/429?retry-after=0007", "7"},
		{"/status/503", "3"},
		{"/503?retry-after=Wed,%2021%20Oct%202026%2007:28:00%20GMT", "Wed, 21 Oct 2026 07:28:00 GMT"},
		// RFC 850 and asctime dates are accepted and sent as IMF-fixdate,
		// the only form a sender may generate (RFC 9110, 5.6.7).
		{"/503?retry-after=Wednesday,%2021-Oct-26%2007:28:00%20GMT", "Wed, 21 Oct 2026 07:28:00 GMT"},
		{"/429?retry-after=Wed%20Oct%2021%2007:28:00%202026", "Wed, 21 Oct 2026 07:28:00 GMT"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			t.Parallel()
			res := send(t, noRedirects(ts), ts.URL, request{path: tc.path})
			if res.StatusCode != 429 && res.StatusCode != 503 {
				t.Fatalf("GET %s: status %d", tc.path, res.StatusCode)
			}
			if ra := res.Header.Values("Retry-After"); len(ra) != 1 || ra[0] != tc.want {
				t.Errorf("GET %s: Retry-After %q, want %q (RFC 9110, 10.2.3)", tc.path, ra, tc.want)
			}
			if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("GET %s: Cache-Control %q, want no-store: a cache must not serve a stored 429/503 after the condition ends", tc.path, cc)
			}
		})
	}
}

func TestRetryAfterModifierWorksOnAnyCodeAndRefusesInvalidValues(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, path := range []string{"/413?retry-after=30", "/200?retry-after=30", "/301?retry-after=30", "/202?retry-after=30"} {
		res := send(t, noRedirects(ts), ts.URL, request{path: path})
		if got := res.Header.Values("Retry-After"); !slices.Equal(got, []string{"30"}) {
			t.Errorf("GET %s: Retry-After %q, want [30]", path, got)
		}
	}
	for _, v := range []string{"-1", "1.5", "soon", "99999999999", "Wed,%2021%20Oct%202026", "%20"} {
		path := "/503?retry-after=" + v
		res := send(t, noRedirects(ts), ts.URL, request{path: path})
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(res.body), "HTTP-date") {
			t.Errorf("GET %s: status %d, want 400 explaining delta-seconds or HTTP-date (RFC 9110, 10.2.3):\n%s", path, res.StatusCode, res.body)
		}
	}
}

func TestStatus503ToABrowserIsAFriendlyPage(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	browser := "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
	res := send(t, noRedirects(ts), ts.URL, request{path: "/503", header: hdr("Accept", browser)})
	body := string(res.body)
	if res.StatusCode != 503 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /503 from a browser: status %d, Content-Type %q, want 503 text/html", res.StatusCode, res.Header.Get("Content-Type"))
	}
	for _, want := range []string{"<!doctype html>", "temporarily unavailable", "try again in 3 seconds"} {
		if !strings.Contains(body, want) {
			t.Errorf("GET /503 from a browser: page lacks %q:\n%s", want, body)
		}
	}
	if res.Header.Get("Retry-After") != "3" || !slices.Contains(res.Header.Values("Vary"), "Accept") {
		t.Errorf("GET /503 from a browser: Retry-After %q, Vary %q; want 3 and Accept", res.Header.Get("Retry-After"), res.Header.Values("Vary"))
	}
	if strconv.Itoa(len(res.body)) != res.Header.Get("Content-Length") {
		t.Errorf("GET /503 from a browser: Content-Length %s but %d bytes", res.Header.Get("Content-Length"), len(res.body))
	}
}

func TestStatus451LinksToTheBlockingEntity(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	res := get(t, ts, "/451")
	if link := res.Header.Get("Link"); res.StatusCode != 451 || !strings.Contains(link, `rel="blocked-by"`) || !strings.HasPrefix(link, "<") {
		t.Errorf("GET /451: status %d, Link %q; RFC 7725, 4: SHOULD identify the blocking entity with rel=\"blocked-by\"", res.StatusCode, link)
	}
}

func TestStatus511LinksToALoginPage(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, accept := range []string{"", "text/html", "application/json"} {
		res := send(t, noRedirects(ts), ts.URL, request{path: "/511", header: hdr("Accept", accept)})
		if res.StatusCode != 511 || !strings.Contains(string(res.body), loginPath) {
			t.Errorf("GET /511 (Accept %q): status %d, content lacks a link to the login page %s; RFC 6585, 6: SHOULD link to a resource for submitting credentials:\n%s", accept, res.StatusCode, loginPath, res.body)
		}
	}
	if res := get(t, ts, loginPath); res.StatusCode != http.StatusOK {
		t.Errorf("GET %s (the 511 login page): status %d", loginPath, res.StatusCode)
	}
	html := send(t, noRedirects(ts), ts.URL, request{path: "/511", header: hdr("Accept", "text/html")})
	if !strings.Contains(string(html.body), `href="`+loginPath+`"`) {
		t.Errorf("GET /511 as HTML: no <a href=%q>:\n%s", loginPath, html.body)
	}
}

func TestStatus200TraceReflectsTheRequestWithoutCredentials(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	q := request{method: http.MethodTrace, path: "/200", header: hdr(
		"X-Probe", "visible",
		"Authorization", "Bearer secret-token",
		"Cookie", "session=secret-cookie",
		"Proxy-Authorization", "Basic c2VjcmV0",
	)}
	res := send(t, noRedirects(ts), ts.URL, q)
	body := string(res.body)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "message/http" {
		t.Fatalf("%s: status %d, Content-Type %q; RFC 9110, 9.3.8: reflect the request as message/http", q, res.StatusCode, res.Header.Get("Content-Type"))
	}
	if !strings.HasPrefix(body, "TRACE /200 HTTP/1.1\r\n") || !strings.Contains(body, "\r\nX-Probe: visible\r\n") || !strings.Contains(body, "\r\nHost: ") {
		t.Errorf("%s: content is not the request as received:\n%s", q, body)
	}
	for _, secret := range []string{"secret", "Authorization", "Cookie"} {
		if strings.Contains(body, secret) {
			t.Errorf("%s: the reflection contains %q; RFC 9110, 9.3.8: a server SHOULD exclude credentials from TRACE (cross-site tracing):\n%s", q, secret, body)
		}
	}
}

func TestStatus200DescribesTheContentItReceived(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		q := request{method: method, path: "/200", body: "0123456789", header: hdr("Content-Type", "application/octet-stream")}
		res := send(t, noRedirects(ts), ts.URL, q)
		want := method + " /200 processed: received 10 bytes of content (application/octet-stream)."
		if res.StatusCode != 200 || !strings.Contains(string(res.body), want) {
			t.Errorf("%s: status %d, content does not say %q (RFC 9110, 15.3.1: the content describes the result of the action):\n%s", q, res.StatusCode, want, res.body)
		}
	}
}

func TestStatus200OptionsListsAllowAndAcceptedTypes(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	res := send(t, noRedirects(ts), ts.URL, request{method: http.MethodOptions, path: "/200"})
	if res.StatusCode != 200 || res.Header.Get("Allow") != allMethods {
		t.Errorf("OPTIONS /200: status %d, Allow %q; want 200 with Allow %q (RFC 9110, 9.3.7)", res.StatusCode, res.Header.Get("Allow"), allMethods)
	}
	for _, f := range []string{"Accept-Post", "Accept-Patch"} {
		if res.Header.Get(f) == "" {
			t.Errorf("OPTIONS /200: no %s, want the media types the resource accepts", f)
		}
	}
}

// bodyFor gives a small body to methods that usually carry one.
func bodyFor(method string) string {
	switch method {
	case http.MethodPost, http.MethodPut, http.MethodPatch:
		return "ping"
	}
	return ""
}
