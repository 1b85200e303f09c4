package gateway

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

// An injected response is correct HTTP because the shared writer writes
// it: the table checks what the registry asks of each code.
func TestAbortIsCorrectHTTP(t *testing.T) {
	t.Parallel()
	up := recordingUpstream(t)
	gw := startGateway(t, withRules(t, testConfig(up.URL), `
rules:
  - {id: unavailable, match: {path: /503}, abort: {status: 503, retry_after: 2}}
  - {id: limited, match: {path: /429}, abort: {status: 429, retry_after: 7}}
  - {id: limited-default, match: {path: /429d}, abort: {status: 429}}
  - {id: not-allowed, match: {path: /405}, abort: {status: 405}}
  - {id: unauthorized, match: {path: /401}, abort: {status: 401}}
  - {id: no-content, match: {path: /204}, abort: {status: 204}}
  - {id: not-modified, match: {path: /304}, abort: {status: 304, headers: {ETag: '"v1"'}}}
  - {id: broken, match: {path: /500}, abort: {status: 500, message: "the database is on fire"}}
`))
	type check func(t *testing.T, res *http.Response, body string)
	hasField := func(name, want string) check {
		return func(t *testing.T, res *http.Response, _ string) {
			if got := res.Header.Get(name); got != want {
				t.Errorf("%s = %q, want %q", name, got, want)
			}
		}
	}
	noContent := func(t *testing.T, res *http.Response, body string) {
		if body != "" || res.Header.Get("Content-Type") != "" {
			t.Errorf("content %q with Content-Type %q; this response has none (RFC 9110, 6.4.1)", body, res.Header.Get("Content-Type"))
		}
	}
	contains := func(s string) check {
		return func(t *testing.T, _ *http.Response, body string) {
			if !strings.Contains(body, s) {
				t.Errorf("content %q does not contain %q", body, s)
			}
		}
	}
	for _, tc := range []struct {
		name, method, path, accept string
		status                     int
		checks                     []check
	}{
		{"503 carries Retry-After and no-store (RFC 9110, 15.6.4)", "GET", "/503", "", 503, []check{hasField("Retry-After", "2"), hasField("Cache-Control", "no-store"), hasField("X-Statuskit-Rule", "unavailable")}},
		{"429 carries Retry-After and RateLimit (RFC 6585, 4)", "GET", "/429", "", 429, []check{hasField("Retry-After", "7"), hasField("Ratelimit", `"default";r=0;t=7`)}},
		{"429 without retry_after gets the writer's default", "GET", "/429d", "", 429, []check{hasField("Retry-After", "3"), hasField("Ratelimit", `"default";r=0;t=3`)}},
		{"405 Allow leaves out the refused method (RFC 9110, 15.5.6)", "POST", "/405", "", 405, []check{hasField("Allow", "GET, HEAD, PUT, PATCH, DELETE, OPTIONS, TRACE")}},
		{"401 carries a challenge (RFC 9110, 15.5.2)", "GET", "/401", "", 401, []check{func(t *testing.T, res *http.Response, _ string) {
			if len(res.Header.Values("Www-Authenticate")) == 0 {
				t.Error("no WWW-Authenticate")
			}
		}}},
		{"HEAD gets the fields of GET and no content (RFC 9110, 9.3.2)", "HEAD", "/503", "", 503, []check{hasField("Retry-After", "2"),
			hasField("Content-Type", "text/plain; charset=utf-8"), func(t *testing.T, res *http.Response, body string) {
				if body != "" || res.ContentLength <= 0 {
					t.Errorf("content %q, Content-Length %d; want none, and the length a GET would have", body, res.ContentLength)
				}
			}}},
		{"204 has no content", "GET", "/204", "", 204, []check{noContent}},
		{"304 has no content and keeps its validator", "GET", "/304", "", 304, []check{noContent, hasField("Etag", `"v1"`)}},
		{"problem details to a client that asks for them (RFC 9457)", "GET", "/500", "application/problem+json", 500, []check{
			hasField("Content-Type", "application/problem+json"),
			func(t *testing.T, _ *http.Response, body string) {
				var p struct {
					Type, Title, Detail string
					Status              int
				}
				if err := json.Unmarshal([]byte(body), &p); err != nil || p.Status != 500 || p.Detail != "the database is on fire" || p.Type == "" {
					t.Errorf("problem document %q (%v): want type, title, status 500 and the rule's message as detail", body, err)
				}
			}}},
		{"JSON to a client that accepts JSON", "GET", "/503", "application/json", 503, []check{hasField("Content-Type", "application/json"), contains(`"status":503`)}},
		{"the friendly page to a browser on 503", "GET", "/503", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8", 503, []check{
			hasField("Content-Type", "text/html; charset=utf-8"), contains("temporarily unavailable"), contains("2 seconds")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, gw.url+tc.path, nil)
			if tc.accept != "" {
				req.Header.Set("Accept", tc.accept)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body := readBody(t, res)
			if res.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tc.status)
			}
			for _, c := range tc.checks {
				c(t, res, body)
			}
		})
	}
	if n := up.count(); n != 0 {
		t.Errorf("aborted requests reached the upstream %d times; an abort answers without forwarding", n)
	}
}

func TestMaintenanceAnswers503WithRetryAfterAndThePage(t *testing.T) {
	t.Parallel()
	up := recordingUpstream(t)
	gw := startGateway(t, withRules(t, testConfig(up.URL), `
rules:
  - id: maintenance
    match: {path: /admin*}
    maintenance: {retry_after: 60}
`))
	res := get(t, gw.url+"/admin/users", "Accept", "text/html")
	body := readBody(t, res)
	if res.StatusCode != 503 || res.Header.Get("Retry-After") != "60" || !strings.Contains(body, "60 seconds") {
		t.Errorf("maintenance = %d Retry-After %q, page %q; want 503, 60 and the page saying when to come back", res.StatusCode, res.Header.Get("Retry-After"), body)
	}
	if status(t, gw.url+"/public") != 200 || up.count() != 1 {
		t.Error("a path outside the maintenance pattern must pass")
	}
}

func TestDelaysHoldTheExchange(t *testing.T) {
	t.Parallel()
	up := upstream(t, func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "hello") })
	gw := startGateway(t, withRules(t, testConfig(up.URL), `
rules:
  - {id: slow, match: {path: /slow}, delay: {fixed: 80ms}}
  - {id: stall, match: {path: /stall}, delay: {fixed: 80ms, before: body}}
  - {id: trickle, match: {path: /trickle}, throttle: {bytes_per_second: 25}}
`))
	start := time.Now()
	if status(t, gw.url+"/slow") != 200 {
		t.Fatal("delayed request failed")
	}
	if d := time.Since(start); d < 80*time.Millisecond {
		t.Errorf("a fixed 80ms delay took %s", d)
	}

	start = time.Now()
	res := get(t, gw.url+"/stall")
	head := time.Since(start)
	body := readBody(t, res)
	if gap := time.Since(start) - head; body != "hello" || gap < 75*time.Millisecond {
		t.Errorf("delay before the body: head after %s, content %q %s later; want the head first, then at least 80ms", head, body, gap)
	}

	// 5 bytes at 25 bytes/s: slices of 1 byte every 40ms.
	start = time.Now()
	res = get(t, gw.url+"/trickle")
	if body := readBody(t, res); body != "hello" || time.Since(start) < 190*time.Millisecond {
		t.Errorf("throttled to 25 B/s, 5 bytes took %s (%q); want at least 200ms", time.Since(start), body)
	}
}

// Connection faults break the message at the HTTP layer, and the client
// never gets a complete one.
func TestConnectionFaultsBreakTheMessage(t *testing.T) {
	t.Parallel()
	content := strings.Repeat("x", 100)
	up := upstream(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/chunked" {
			_, _ = io.WriteString(w, content[:50])
			http.NewResponseController(w).Flush()
			_, _ = io.WriteString(w, content[50:])
			return
		}
		w.Header().Set("Content-Length", "100")
		_, _ = io.WriteString(w, content)
	})
	gw := startGateway(t, withRules(t, testConfig(up.URL), `
rules:
  - {id: reset, match: {path: /reset}, connection: {fault: reset, after: 10}}
  - {id: close, match: {path: /close}, connection: {fault: close, after: 10}}
  - {id: close-all, match: {path: /close-all}, connection: {fault: close, after: 1000}}
  - {id: close-chunked, match: {path: /chunked}, connection: {fault: close, after: 1000}}
  - {id: malformed, match: {path: /malformed}, connection: {fault: malformed_chunk, after: 5}}
  - {id: empty, match: {path: /empty}, connection: {fault: empty}}
`))
	for _, tc := range []struct {
		path     string
		method   string
		wantHead bool
		bodyLen  int // bytes of content the client gets before the break
		check    func(err error) bool
		why      string
	}{
		{"/reset", "GET", true, 10, func(err error) bool { return errors.Is(err, syscall.ECONNRESET) }, "a TCP reset after 10 bytes"},
		{"/close", "GET", true, 10, func(err error) bool { return err == nil }, "an orderly close after 10 of 100 promised bytes"},
		{"/close-all", "GET", true, 99, func(err error) bool { return err == nil }, "a close one byte short of the promised length, never the whole message"},
		{"/chunked", "GET", true, -1, func(err error) bool { return err == nil }, "a chunked message without its last chunk"},
		{"/malformed", "GET", true, -1, func(err error) bool { return err == nil }, "a chunk-size line that is not hexadecimal"},
		{"/empty", "GET", false, 0, func(err error) bool { return err == nil }, "no answer at all"},
		{"/reset", "HEAD", false, 0, func(err error) bool { return true }, "a response without content is cut before its head"},
	} {
		c := dial(t, gw.addr)
		c.send(tc.method + " " + tc.path + " HTTP/1.1\r\nHost: gw.test\r\n\r\n")
		raw, err := c.rest()
		text := string(raw)
		head, body, hasHead := strings.Cut(text, "\r\n\r\n")
		if hasHead != tc.wantHead {
			t.Errorf("%s %s: response head received = %v, want %v (%s); got %q", tc.method, tc.path, hasHead, tc.wantHead, tc.why, text)
			continue
		}
		if !tc.check(err) {
			t.Errorf("%s %s: the connection ended with %v; want %s", tc.method, tc.path, err, tc.why)
		}
		switch {
		case tc.bodyLen >= 0 && hasHead && len(body) != tc.bodyLen:
			t.Errorf("%s %s: %d content bytes, want %d (%s)", tc.method, tc.path, len(body), tc.bodyLen, tc.why)
		case tc.path == "/chunked" && (!strings.Contains(head, "chunked") || strings.HasSuffix(body, "0\r\n\r\n")):
			t.Errorf("%s: %q; want %s", tc.path, text, tc.why)
		case tc.path == "/malformed" && !strings.Contains(body, "5\r\nxxxxx\r\nxyz\r\n"):
			t.Errorf("%s: %q; want 5 bytes in a valid chunk, then %s", tc.path, body, tc.why)
		}
	}
	// What a client library makes of them.
	for path, want := range map[string]string{"/malformed": "invalid byte in chunk length", "/close": "unexpected EOF", "/chunked": "unexpected EOF"} {
		res := get(t, gw.url+path)
		_, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("net/http reading %s: %v, want %q", path, err, want)
		}
	}
	// Nothing after the break may touch the connection that is gone.
	if logs := gw.log.String(); strings.Contains(logs, "panic") || strings.Contains(logs, "hijacked connection") {
		t.Errorf("breaking connections left errors in the server log:\n%s", logs)
	}
}

func TestHangAnswersNothingUntilTheClientGivesUp(t *testing.T) {
	t.Parallel()
	up := recordingUpstream(t)
	gw := startGateway(t, withRules(t, testConfig(up.URL), `
rules:
  - {id: hang, match: {path: /hang}, connection: {fault: hang}}
`))
	client := &http.Client{Timeout: 100 * time.Millisecond}
	start := time.Now()
	res, err := client.Get(gw.url + "/hang")
	if err == nil {
		res.Body.Close()
		t.Fatalf("a hanging request was answered %d", res.StatusCode)
	}
	if time.Since(start) < 100*time.Millisecond || up.count() != 0 {
		t.Errorf("the client gave up after %s with %d upstream requests; want its own timeout and no forwarding", time.Since(start), up.count())
	}
	eventually(t, "the hanging request to end after the client left", func() bool { return gw.inFlight.Load() == 0 })
}

// RFC 9110, 15.6.4: an overloaded service sheds instead of queueing.
func TestShedAnswers503BeyondMaxInFlight(t *testing.T) {
	t.Parallel()
	arrived, release := make(chan struct{}, 4), make(chan struct{})
	up := upstream(t, func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-release
	})
	for _, tc := range []struct {
		name, rules string
		maxInFlight int
		retryAfter  string
		rule        string
	}{
		{"a shed rule", "rules: [{id: shed, match: {path: /*}, shed: {max_in_flight: 1, retry_after: 4}}]", 100, "4", "shed"},
		{"the gateway's --max-in-flight", "rules: []", 1, "1", "max-in-flight"},
	} {
		cfg := withRules(t, testConfig(up.URL), tc.rules)
		cfg.MaxInFlight = tc.maxInFlight
		gw := startGateway(t, cfg)
		done := make(chan int)
		go func() { done <- status(t, gw.url+"/busy") }()
		<-arrived
		res := get(t, gw.url+"/busy")
		readBody(t, res)
		if res.StatusCode != 503 || res.Header.Get("Retry-After") != tc.retryAfter {
			t.Errorf("%s: a second request while one is in flight = %d Retry-After %q, want 503 and %s", tc.name, res.StatusCode, res.Header.Get("Retry-After"), tc.retryAfter)
		}
		// Every response the gateway makes itself says which rule made it
		// and carries the request id the fault log lists.
		if got := res.Header.Get("X-Statuskit-Rule"); got != tc.rule {
			t.Errorf("%s: X-Statuskit-Rule = %q, want %q", tc.name, got, tc.rule)
		}
		if res.Header.Get("X-Request-Id") == "" {
			t.Errorf("%s: the 503 has no X-Request-Id; every gateway-made response carries one", tc.name)
		}
		if got := res.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s: Cache-Control = %q, want no-store as on every 503 the gateway makes", tc.name, got)
		}
		release <- struct{}{}
		if got := <-done; got != 200 {
			t.Errorf("%s: the request in flight got %d", tc.name, got)
		}
	}
	close(release)
}

func TestTheFirstMatchingRuleApplies(t *testing.T) {
	t.Parallel()
	up := recordingUpstream(t)
	gw := startGateway(t, withRules(t, testConfig(up.URL), `
rules:
  - id: health-is-never-faulted
    match: {path: /api/health}
  - id: writes
    match: {method: [POST, PUT], path: /api/*}
    abort: {status: 503}
  - id: staging
    match: {header: {X-Env: stag*}}
    abort: {status: 418}
  - id: everything
    match: {path: /api/*}
    abort: {status: 500}
`))
	for _, tc := range []struct {
		method, path string
		fields       []string
		want         int
	}{
		{"GET", "/api/health", nil, 200},
		{"POST", "/api/health", nil, 200},
		{"POST", "/api/orders", nil, 503},
		{"GET", "/api/orders", []string{"X-Env", "staging"}, 418},
		{"GET", "/api/orders", []string{"X-Env", "prod"}, 500},
		{"GET", "/other", nil, 200},
		{"get", "/api/orders", nil, 500},
	} {
		req, _ := http.NewRequest(tc.method, gw.url+tc.path, nil)
		for i := 0; i+1 < len(tc.fields); i += 2 {
			req.Header.Set(tc.fields[i], tc.fields[i+1])
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		readBody(t, res)
		if res.StatusCode != tc.want {
			t.Errorf("%s %s %v = %d, want %d", tc.method, tc.path, tc.fields, res.StatusCode, tc.want)
		}
	}
}

func TestHeaderFaultsAreOffUnlessAllowedAndNeverForwarded(t *testing.T) {
	t.Parallel()
	up := recordingUpstream(t)
	off := startGateway(t, testConfig(up.URL))
	if got := status(t, off.url+"/x", FaultHeader, "abort=503"); got != 200 {
		t.Errorf("without AllowHeaderFaults, X-Statuskit-Fault was honoured (%d)", got)
	}
	if v, ok := up.last(t).Header[FaultHeader]; ok {
		t.Errorf("X-Statuskit-Fault reached the upstream (%q); it is never forwarded", v)
	}
	if !strings.Contains(off.log.String(), "allow-header-faults") {
		t.Error("ignoring X-Statuskit-Fault was not logged; the log must say how to turn it on")
	}

	cfg := testConfig(up.URL)
	cfg.AllowHeaderFaults = true
	on := startGateway(t, cfg)
	res := get(t, on.url+"/x", FaultHeader, "abort=503; retry-after=9")
	readBody(t, res)
	if res.StatusCode != 503 || res.Header.Get("Retry-After") != "9" || res.Header.Get("X-Statuskit-Rule") != "header" {
		t.Errorf("abort=503;retry-after=9 = %d Retry-After %q rule %q", res.StatusCode, res.Header.Get("Retry-After"), res.Header.Get("X-Statuskit-Rule"))
	}
	start := time.Now()
	if got := status(t, on.url+"/x", FaultHeader, "delay=50ms"); got != 200 || time.Since(start) < 50*time.Millisecond {
		t.Errorf("delay=50ms = %d after %s", got, time.Since(start))
	}
	if v, ok := up.last(t).Header[FaultHeader]; ok {
		t.Errorf("X-Statuskit-Fault reached the upstream (%q) with AllowHeaderFaults", v)
	}
	for _, bad := range []string{"abort=700", "abort=503;reset", "explode", "delay=forever", "retry-after=2", "abort"} {
		res := get(t, on.url+"/x", FaultHeader, bad)
		body := readBody(t, res)
		if res.StatusCode != 400 || !strings.Contains(body, "X-Statuskit-Fault") || !strings.Contains(body, "e.g.") {
			t.Errorf("X-Statuskit-Fault: %s = %d %q; want 400 saying what is allowed, with an example", bad, res.StatusCode, body)
		}
	}
}

func TestInjectedFaultsAreLoggedAndCounted(t *testing.T) {
	t.Parallel()
	up := recordingUpstream(t)
	gw := startGateway(t, withRules(t, testConfig(up.URL), `
rules:
  - {id: flaky, match: {path: /flaky}, abort: {status: 502}, delay: {fixed: 1ms}}
`))
	res := get(t, gw.url+"/flaky", "X-Request-Id", "req-42")
	readBody(t, res)
	if res.Header.Get("X-Request-Id") != "req-42" {
		t.Errorf("X-Request-Id on the injected response = %q, want the client's req-42", res.Header.Get("X-Request-Id"))
	}
	if logs := gw.log.String(); !strings.Contains(logs, `msg="fault injected" rule=flaky kinds=delay,abort status=502`) || !strings.Contains(logs, "request_id=req-42") {
		t.Errorf("the log does not record the fault with its rule and request id:\n%s", logs)
	}
	metrics := readBody(t, get(t, gw.admin+"/metrics"))
	for _, want := range []string{`statuskit_gateway_faults_total{kind="abort",rule="flaky"} 1`, `statuskit_gateway_faults_total{kind="delay",rule="flaky"} 1`} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	var doc logDocument
	if err := json.Unmarshal([]byte(readBody(t, get(t, gw.admin+LogPath))), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Faults) != 1 || doc.Faults[0].Rule != "flaky" || doc.Faults[0].Path != "/flaky" || doc.Faults[0].Client != "127.0.0.1" ||
		doc.Faults[0].RequestID != "req-42" || doc.Counts["flaky"]["abort"] != 1 {
		t.Errorf("fault log = %+v", doc)
	}
}

// A fault that only shapes the upstream's response is logged with the
// status the client got, not 0: the log line and the fault log say what
// the client saw.
func TestAShapingFaultIsLoggedWithTheStatusTheClientGot(t *testing.T) {
	t.Parallel()
	up := upstream(t, func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	gw := startGateway(t, withRules(t, testConfig(up.URL), `
rules:
  - {id: slow, match: {path: /slow}, delay: {fixed: 1ms}}
  - {id: slow-body, match: {path: /slow-body}, delay: {fixed: 1ms, before: body}}
  - {id: narrow, match: {path: /narrow}, throttle: {bytes_per_second: 100000}}
`))
	for _, tc := range []struct{ path, rule, kind string }{
		{"/slow", "slow", "delay"}, {"/slow-body", "slow-body", "delay"}, {"/narrow", "narrow", "throttle"},
	} {
		res := get(t, gw.url+tc.path, "X-Request-Id", "req-"+tc.rule)
		readBody(t, res)
		if res.StatusCode != 404 {
			t.Fatalf("%s = %d, want the upstream's 404", tc.path, res.StatusCode)
		}
		want := `msg="fault injected" rule=` + tc.rule + ` kinds=` + tc.kind + ` status=404`
		if logs := gw.log.String(); !strings.Contains(logs, want) {
			t.Errorf("the log lacks %s:\n%s", want, logs)
		}
		var doc logDocument
		if err := json.Unmarshal([]byte(readBody(t, get(t, gw.admin+LogPath+"?rule="+tc.rule))), &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Faults) != 1 || doc.Faults[0].Status != 404 {
			t.Errorf("fault log of %s = %+v, want one fault with status 404", tc.rule, doc.Faults)
		}
	}
}

// TestMalformedChunkToHTTP10IsAReset: HTTP/1.0 has no chunked coding, so
// a bad chunk line would arrive as the end of a close-delimited body the
// client takes for complete; the fault is a reset instead.
func TestMalformedChunkToHTTP10IsAReset(t *testing.T) {
	t.Parallel()
	up := upstream(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, strings.Repeat("x", 50))
		http.NewResponseController(w).Flush()
		_, _ = io.WriteString(w, strings.Repeat("y", 50))
	})
	gw := startGateway(t, withRules(t, testConfig(up.URL), `
rules:
  - {id: malformed, match: {path: /malformed}, connection: {fault: malformed_chunk, after: 5}}
`))
	c := dial(t, gw.addr)
	c.send("GET /malformed HTTP/1.0\r\nHost: gw.test\r\n\r\n")
	raw, err := c.rest()
	if !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("HTTP/1.0 malformed_chunk ended with %v after %q; want a TCP reset", err, raw)
	}
	if strings.Contains(string(raw), "xyz") {
		t.Errorf("HTTP/1.0 malformed_chunk sent a chunk line into the content: %q", raw)
	}
}
