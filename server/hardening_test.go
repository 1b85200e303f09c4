package server

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/statuskit/statuskit/internal/capture"
)

// This file proves the hardening of issue 12 with the inputs it was found
// with and the rest of their kind.

// firstLine sends head (without content) on a raw connection and returns
// the first status line the server sends, failing if none comes within
// wait: a server must answer Expect: 100-continue with 100 or the final
// status, not wait for the content (RFC 9110, 10.1.1).
func expectContinue(t *testing.T, addr, method, path string, wait time.Duration) string {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 2000\r\nExpect: 100-continue\r\n\r\n", method, path)
	_ = conn.SetReadDeadline(time.Now().Add(wait))
	br := bufio.NewReader(conn)
	line, err := textproto.NewReader(br).ReadLine()
	if err != nil {
		t.Errorf("%s %s with Expect: 100-continue and the content withheld: no answer within %s (%v); RFC 9110, 10.1.1: send 100 Continue or the final status, do not wait for the content", method, path, wait, err)
		return ""
	}
	if !strings.HasPrefix(line, "HTTP/1.1 100 ") {
		return line
	}
	// 100 Continue: the content is wanted; send it and expect the answer.
	if _, err := textproto.NewReader(br).ReadMIMEHeader(); err != nil {
		t.Fatalf("%s %s: reading the 100's header section: %v", method, path, err)
	}
	fmt.Fprint(conn, strings.Repeat("a", 2000))
	line, err = textproto.NewReader(br).ReadLine()
	if err != nil {
		t.Errorf("%s %s: 100 Continue, content sent, then no final status within %s: %v", method, path, wait, err)
	}
	return line
}

// TestExpectContinueIsAnsweredWithoutTheContent: every code and every
// endpoint answers at once; /404 used to wait until the client gave up
// on the 100 and sent the content anyway (Go issue #63152: the body
// limit hid that the content was still withheld).
func TestExpectContinueIsAnsweredWithoutTheContent(t *testing.T) {
	t.Parallel()
	srv := serveReal(t, Config{MaxSleep: 20 * time.Millisecond})
	paths := []string{"/status/404", "/sequence/404,200?key=expect", "/ratelimit?key=expect", "/jobs", "/resources/x?key=expect",
		"/nothing/here", "/codes/503", "/cache", "/basic-auth/u/p", "/redirect-to?url=/200", "/redirect/2", "/bearer", "/600", "/abc"}
	for n := 100; n < 600; n++ {
		paths = append(paths, "/"+strconv.Itoa(n))
	}
	for _, path := range paths {
		for _, method := range []string{http.MethodPost, http.MethodPut} {
			if line := expectContinue(t, srv.addr, method, path, 3*time.Second); line == "" {
				return // one stall is reported; the rest would repeat it
			}
		}
	}
}

// TestHeadLimitsAnswer414Or431ByWhatWasTooLong: a request target over
// --max-uri-bytes is 414 (RFC 9110, 15.5.15), a header section over
// --max-header-bytes 431 (RFC 6585, 5), exactly, over HTTP/1.1 and h2c.
func TestHeadLimitsAnswer414Or431ByWhatWasTooLong(t *testing.T) {
	t.Parallel()
	srv := serveReal(t, Config{})
	small := serveReal(t, Config{MaxHeaderBytes: 2048})
	h1 := &http.Client{Timeout: 10 * time.Second}
	for _, tc := range []struct {
		name   string
		srv    *realServer
		path   string
		header http.Header
		want   int
	}{
		{"a 40,000-byte path", srv, "/200?x=" + strings.Repeat("a", 40000), nil, http.StatusRequestURITooLong},
		{"a 100,000-byte path (past net/http's cap)", srv, "/" + strings.Repeat("a", 100000), nil, http.StatusRequestURITooLong},
		{"a path one byte over 8 KiB", srv, "/200?x=" + strings.Repeat("a", 8192-7+1), nil, http.StatusRequestURITooLong},
		{"a path at 8 KiB", srv, "/200?id=" + strings.Repeat("a", 8192-8), nil, http.StatusOK},
		{"a 33,000-byte field under the default 32 KiB", srv, "/200", hdr("X-Big", strings.Repeat("x", 33000)), http.StatusRequestHeaderFieldsTooLarge},
		{"a 32,000-byte field under the default 32 KiB", srv, "/200", hdr("X-Big", strings.Repeat("x", 32000)), http.StatusOK},
		{"a 100,000-byte field (past net/http's cap)", srv, "/200", hdr("X-Big", strings.Repeat("x", 100000)), http.StatusRequestHeaderFieldsTooLarge},
		{"a 5,800-byte field under --max-header-bytes 2048", small, "/200", hdr("X-Big", strings.Repeat("x", 5800)), http.StatusRequestHeaderFieldsTooLarge},
		{"a 1,800-byte field under --max-header-bytes 2048", small, "/200", hdr("X-Big", strings.Repeat("x", 1800)), http.StatusOK},
	} {
		res := send(t, h1, "http://"+tc.srv.addr, request{path: tc.path, header: tc.header})
		if res.StatusCode != tc.want {
			t.Errorf("HTTP/1.1, %s: status %d, want %d:\n%s", tc.name, res.StatusCode, tc.want, truncate(string(res.body), 300))
		}
	}
	// HTTP/2: the same answers where the protocol lets the request
	// arrive (a single field larger than the whole cap is a connection
	// error of HPACK, documented in the README).
	h2 := h2cClient()
	for _, tc := range []struct {
		name   string
		path   string
		header http.Header
		want   int
	}{
		{"a 33 KB path", "/200?x=" + strings.Repeat("a", 33000), nil, http.StatusRequestURITooLong},
		{"a 33,000-byte field", "/200", hdr("X-Big", strings.Repeat("x", 33000)), http.StatusRequestHeaderFieldsTooLarge},
		{"small fields", "/200", hdr("X-Small", "x"), http.StatusOK},
	} {
		res := send(t, h2, "http://"+srv.addr, request{path: tc.path, header: tc.header})
		if res.ProtoMajor != 2 || res.StatusCode != tc.want {
			t.Errorf("h2c, %s: %s %d, want HTTP/2 %d", tc.name, res.Proto, res.StatusCode, tc.want)
		}
	}
}

// TestPreconditionsAreEvaluatedOnlyWhereTheyApply: every method ×
// precondition × state of a sandbox resource. Preconditions are evaluated
// only when the response without them would be 2xx or 412 (RFC 9110,
// 13.2.1), so DELETE with If-Match: * on a missing resource is 404, and
// 410 after a delete, while PUT with If-Match: * on a missing resource is
// 412.
func TestPreconditionsAreEvaluatedOnlyWhereTheyApply(t *testing.T) {
	t.Parallel()
	eachStore(t, Config{}, func(sc *scenario) {
		old := "Mon, 01 Jan 2001 00:00:00 GMT"
		conds := []struct{ name, field, value string }{
			{"none", "", ""}, {"If-Match *", "If-Match", "*"}, {`If-Match "x"`, "If-Match", `"x"`},
			{"If-None-Match *", "If-None-Match", "*"}, {`If-None-Match "x"`, "If-None-Match", `"x"`},
			{"If-Unmodified-Since old", "If-Unmodified-Since", old},
		}
		// want[state][method][condition]
		want := map[string]map[string][]int{
			"missing": {
				"GET": {404, 404, 404, 404, 404, 404}, "HEAD": {404, 404, 404, 404, 404, 404},
				"DELETE": {404, 404, 404, 404, 404, 404}, "PUT": {201, 412, 412, 201, 201, 201},
			},
			"deleted": {
				"GET": {410, 410, 410, 410, 410, 410}, "HEAD": {410, 410, 410, 410, 410, 410},
				"DELETE": {410, 410, 410, 410, 410, 410}, "PUT": {201, 412, 412, 201, 201, 201},
			},
			"existing": {
				"GET": {200, 200, 412, 304, 200, 412}, "HEAD": {200, 200, 412, 304, 200, 412},
				"DELETE": {204, 204, 412, 412, 204, 412}, "PUT": {204, 204, 412, 412, 204, 412},
			},
		}
		n := 0
		for state, methods := range want {
			for method, codes := range methods {
				for i, c := range conds {
					n++
					path := fmt.Sprintf("/resources/r%d?key=pre", n)
					switch state {
					case "existing":
						sc.do(http.MethodPut, path, hdr("Content-Type", "text/plain"), "v1")
					case "deleted":
						sc.do(http.MethodPut, path, hdr("Content-Type", "text/plain"), "v1")
						sc.do(http.MethodDelete, path, nil, "")
					}
					var h http.Header
					if c.field != "" {
						h = hdr(c.field, c.value)
						h.Set("Content-Type", "text/plain")
					} else {
						h = hdr("Content-Type", "text/plain")
					}
					body := ""
					if method == http.MethodPut {
						body = "v2"
					}
					res := sc.do(method, path, h, body)
					if res.StatusCode != codes[i] {
						sc.t.Errorf("%s %s on a %s resource: %d, want %d (RFC 9110, 13.2.1: preconditions only where the answer would be 2xx or 412)",
							method, c.name, state, res.StatusCode, codes[i])
					}
				}
			}
		}
	})
}

// TestTheLogRecordsWhatTheClientReceived: a response cut by the write
// timeout or the drain timeout is logged as aborted, not as a 200.
func TestTheLogRecordsWhatTheClientReceived(t *testing.T) {
	t.Parallel()
	var logs capture.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	srv := serveReal(t, Config{Logger: logger, WriteTimeout: 50 * time.Millisecond, MaxSleep: time.Second})
	c := dialRaw(t, srv.addr)
	c.write("GET /200?sleep=200ms HTTP/1.1\r\nHost: x\r\n\r\n")
	_, _ = io.ReadAll(c.br) // nothing, then the close
	line := waitLogLine(t, &logs, "/200")
	if line["outcome"] != "aborted" || line["status"] != float64(0) {
		t.Errorf("a response cut by the write timeout is logged %v; want outcome aborted and status 0 (the client got nothing)", line)
	}

	var drainLogs capture.Buffer
	drain := serveReal(t, Config{Logger: slog.New(slog.NewJSONHandler(&drainLogs, nil)), DrainTimeout: 50 * time.Millisecond, MaxSleep: 10 * time.Second})
	d := dialRaw(t, drain.addr)
	d.write("GET /200?sleep=5s HTTP/1.1\r\nHost: x\r\n\r\n")
	time.Sleep(100 * time.Millisecond) // let the request start sleeping
	_ = drain.stop()
	line = waitLogLine(t, &drainLogs, "/200")
	if line["outcome"] != "aborted" || line["status"] == float64(200) {
		t.Errorf("a request cut by the drain timeout is logged %v; want outcome aborted, not a 200", line)
	}
}

func waitLogLine(t *testing.T, logs *capture.Buffer, path string) map[string]any {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		for _, l := range strings.Split(logs.String(), "\n") {
			var m map[string]any
			if json.Unmarshal([]byte(l), &m) == nil && m["msg"] == "request" && m["path"] == path {
				return m
			}
		}
	}
	t.Fatalf("no request log line for %s:\n%s", path, logs.String())
	return nil
}

// TestEveryLayersResponsesCarryCORS: the 413 of the body limit and the 501
// for unknown methods are readable by a browser's cross-origin fetch.
func TestEveryLayersResponsesCarryCORS(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	client := noRedirects(ts)
	for _, q := range []request{
		{method: http.MethodPost, path: "/200", body: strings.Repeat("x", 2<<20), header: hdr("Origin", "http://x")},
		{method: "BREW", path: "/200", header: hdr("Origin", "http://x")},
		{path: "/200?x=" + strings.Repeat("a", 9000), header: hdr("Origin", "http://x")},
	} {
		res := send(t, client, ts.URL, q)
		if res.StatusCode < 400 || res.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("%s: %d with Access-Control-Allow-Origin %q; every response passes the CORS policy", truncate(q.String(), 80), res.StatusCode, res.Header.Get("Access-Control-Allow-Origin"))
		}
	}
}

// TestEarly413OverHTTP2KeepsTheResponse: over HTTP/2 the refusal ends the
// stream, with no Connection: close (RFC 9113, 8.2.2), which net/http
// would turn into a GOAWAY that makes clients lose the response.
func TestEarly413OverHTTP2KeepsTheResponse(t *testing.T) {
	t.Parallel()
	srv := serveReal(t, Config{MaxBody: 1024})
	res := send(t, h2cClient(), "http://"+srv.addr, request{method: http.MethodPost, path: "/200", body: strings.Repeat("x", 4096)})
	if res.ProtoMajor != 2 || res.StatusCode != http.StatusRequestEntityTooLarge || res.Header.Get("Connection") != "" {
		t.Errorf("h2c POST over --max-body: %s %d Connection %q; want HTTP/2 413 without Connection", res.Proto, res.StatusCode, res.Header.Get("Connection"))
	}
	h1 := send(t, &http.Client{Timeout: 10 * time.Second}, "http://"+srv.addr, request{method: http.MethodPost, path: "/200", body: strings.Repeat("x", 4096)})
	if h1.StatusCode != http.StatusRequestEntityTooLarge || !h1.Close {
		t.Errorf("HTTP/1.1 POST over --max-body: %d Connection %q; want 413 and Connection: close (the content is not read)", h1.StatusCode, h1.Header.Get("Connection"))
	}
}

// TestA415SaysWhatWouldHaveBeenAccepted: media types in Accept, content
// codings in Accept-Encoding, patch formats in Accept-Patch (RFC 9110,
// 15.5.16; RFC 5789, 2.2), never */* for a patch format (RFC 5789, 3.1).
func TestA415SaysWhatWouldHaveBeenAccepted(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	client := noRedirects(ts)
	for _, q := range []request{
		{path: "/415"},
		{method: http.MethodPut, path: "/resources/x?key=415", header: hdr("Content-Type", "text/html"), body: "<p>"},
		{method: http.MethodPut, path: "/resources/x?key=415", header: hdr("Content-Type", "text/plain", "Content-Encoding", "gzip"), body: "x"},
		{method: http.MethodPost, path: "/resources?key=415", header: hdr("Content-Type", "text/plain"), body: "x"},
	} {
		res := send(t, client, ts.URL, q)
		if res.StatusCode != http.StatusUnsupportedMediaType || res.Header.Get("Accept") == "" || res.Header.Get("Accept-Encoding") == "" {
			t.Errorf("%s: %d Accept %q Accept-Encoding %q; want 415 naming what would have been accepted", q, res.StatusCode, res.Header.Get("Accept"), res.Header.Get("Accept-Encoding"))
		}
	}
	for _, q := range []request{{path: "/415"}, {method: http.MethodOptions, path: "/200"}} {
		res := send(t, client, ts.URL, q)
		if ap := res.Header.Get("Accept-Patch"); ap == "" || strings.Contains(ap, "*") {
			t.Errorf("%s: Accept-Patch %q; want concrete patch formats (RFC 5789, 3.1)", q, ap)
		}
	}
}

// TestChangingResponsesAreNotStored: the 200s of /sequence, /ratelimit,
// a job's monitor and result, and /metrics change from one request to the
// next, so they say Cache-Control: no-store (RFC 9111, 4.2.2).
func TestChangingResponsesAreNotStored(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	client := noRedirects(ts)
	job := send(t, client, ts.URL, request{method: http.MethodPost, path: "/jobs?duration=0s"})
	monitor := job.Header.Get("Location")
	for _, q := range []request{
		{path: "/sequence/200,201?key=store"}, {path: "/ratelimit?key=store"}, {path: monitor},
		{path: monitor + "/result"}, {path: "/metrics"},
	} {
		res := send(t, client, ts.URL, q)
		if res.StatusCode >= 400 || res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: %d Cache-Control %q; want no-store", q, res.StatusCode, res.Header.Get("Cache-Control"))
		}
	}
}

// TestStatus101SpeaksWebSocket: a real WebSocket client connects to /101
// and to /websocket/echo and gets its messages back; an Upgrade the server
// cannot speak is 426 naming what it speaks (RFC 9110, 7.8).
func TestStatus101SpeaksWebSocket(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, path := range []string{"/101", "/websocket/echo"} {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		conn, res, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(ts.URL, "http")+path, nil)
		if err != nil {
			cancel()
			t.Fatalf("WebSocket to %s: %v", path, err)
		}
		if res.StatusCode != http.StatusSwitchingProtocols || res.Header.Get("Sec-Websocket-Accept") == "" {
			t.Errorf("WebSocket to %s: %d, Sec-WebSocket-Accept %q", path, res.StatusCode, res.Header.Get("Sec-Websocket-Accept"))
		}
		if err := conn.Write(ctx, websocket.MessageText, []byte("hello")); err != nil {
			t.Fatal(err)
		}
		kind, msg, err := conn.Read(ctx)
		if err != nil || kind != websocket.MessageText || string(msg) != "hello" {
			t.Errorf("WebSocket echo at %s: %v %q %v, want the text message back", path, kind, msg, err)
		}
		_ = conn.Close(websocket.StatusNormalClosure, "")
		cancel()
	}
	for _, upgrade := range []string{"h2c", "HTTP/2.0", "TLS/1.2"} {
		c := dialRaw(t, ts.Listener.Addr().String())
		c.write("GET /101 HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: " + upgrade + "\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n")
		res, _ := c.readResponse(http.MethodGet)
		if res.StatusCode != http.StatusUpgradeRequired || !hasToken(res.Header.Values("Upgrade"), "websocket") {
			t.Errorf("GET /101 with Upgrade: %s: %d Upgrade %q; want 426 naming echo and websocket: a server MUST NOT switch to a protocol it cannot speak (RFC 9110, 7.8)", upgrade, res.StatusCode, res.Header.Values("Upgrade"))
		}
	}
}

// TestStatus101SendsContinueBeforeSwitching: with Expect: 100-continue
// and content, the server sends 100 first (RFC 9110, 7.8 MUST), reads the
// content as the request's, then switches; the content is not echoed as
// if it were upgraded data.
func TestStatus101SendsContinueBeforeSwitching(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	c := dialRaw(t, ts.Listener.Addr().String())
	c.write("POST /101 HTTP/1.1\r\nHost: x\r\nUpgrade: echo\r\nConnection: Upgrade\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
	if line, _ := c.readHead(); line != "HTTP/1.1 100 Continue" {
		t.Fatalf("POST /101 with Expect: 100-continue: first %q, want 100 Continue before the 101 (RFC 9110, 7.8)", line)
	}
	c.write("abcde")
	if line, _ := c.readHead(); line != "HTTP/1.1 101 Switching Protocols" {
		t.Fatalf("after the content: %q, want 101", line)
	}
	c.write("ping")
	got := make([]byte, 4)
	if _, err := io.ReadFull(c.br, got); err != nil || string(got) != "ping" {
		t.Errorf("after the switch: got %q (%v), want ping; the request's content must not be echoed", got, err)
	}
}

// TestJobPollsCarryTheJobsRetryAfter: POST /jobs?retry-after=5 sets the
// poll interval of the job, not only of the 202; every poll says it, and
// a poll may ask for its own.
func TestJobPollsCarryTheJobsRetryAfter(t *testing.T) {
	t.Parallel()
	eachStore(t, Config{}, func(sc *scenario) {
		res := sc.do(http.MethodPost, "/jobs?duration=1m&retry-after=5", nil, "")
		monitor := res.Header.Get("Location")
		if res.Header.Get("Retry-After") != "5" {
			sc.t.Fatalf("POST /jobs?retry-after=5: Retry-After %q, want 5", res.Header.Get("Retry-After"))
		}
		for _, path := range []string{monitor, monitor, monitor + "/result"} {
			if got := sc.get(path).Header.Get("Retry-After"); got != "5" {
				sc.t.Errorf("GET %s of a job created with ?retry-after=5: Retry-After %q, want 5", path, got)
			}
		}
		if got := sc.get(monitor + "?retry-after=7").Header.Get("Retry-After"); got != "7" {
			sc.t.Errorf("GET %s?retry-after=7: Retry-After %q, want 7", monitor, got)
		}
	})
}

// TestA431TheServerIsAskedForIsItsOwn: only net/http's refusal of a head
// that never ended is reworded; /431 itself, with its modifiers, its
// negotiated content and HEAD's empty content, passes untouched.
func TestA431TheServerIsAskedForIsItsOwn(t *testing.T) {
	t.Parallel()
	srv := serveReal(t, Config{})
	c := dialRaw(t, srv.addr)
	c.write("HEAD /431 HTTP/1.1\r\nHost: x\r\n\r\nGET /431?header=X-A:1 HTTP/1.1\r\nHost: x\r\nAccept: application/problem+json\r\nConnection: close\r\n\r\n")
	head, _ := c.readResponse(http.MethodHead)
	get, body := c.readResponse(http.MethodGet)
	if head.StatusCode != 431 || head.Header.Get("Date") == "" || get.StatusCode != 431 || get.Header.Get("X-A") != "1" ||
		get.Header.Get("Content-Type") != "application/problem+json" || !strings.Contains(string(body), `"status":431`) {
		t.Errorf("HEAD then GET /431: %d (Date %q), then %d X-A %q %s:\n%s", head.StatusCode, head.Header.Get("Date"),
			get.StatusCode, get.Header.Get("X-A"), get.Header.Get("Content-Type"), body)
	}
}

// TestReviewFindings are what a new user found trying the README: each
// row failed before its fix.
func TestReviewFindings(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	client := noRedirects(ts)
	t.Run("HEAD of an echo has GET's Content-Length", func(t *testing.T) {
		for _, path := range []string{"/anything", "/anything/x?a=1", "/delay/0"} {
			// The same fields on both: Go's client adds Accept-Encoding to
			// a GET only, and the echo shows the fields it got.
			same := hdr("Accept-Encoding", "identity")
			get := send(t, client, ts.URL, request{path: path, header: same})
			head := send(t, client, ts.URL, request{method: http.MethodHead, path: path, header: same})
			if head.Header.Get("Content-Length") != strconv.Itoa(len(get.body)) {
				t.Errorf("HEAD %s: Content-Length %q, GET sends %d bytes (RFC 9110, 8.6)", path, head.Header.Get("Content-Length"), len(get.body))
			}
		}
	})
	t.Run("a field a client sets replaces the response's own, but Vary keeps Accept", func(t *testing.T) {
		res := send(t, client, ts.URL, request{path: "/300?header=" + url.QueryEscape("Link:</x>; rel=next")})
		if got := res.Header.Values("Link"); len(got) != 1 || got[0] != "</x>; rel=next" {
			t.Errorf("/300?header=Link: Link %q, want only the one asked for (?header= sets the field)", got)
		}
		res = send(t, client, ts.URL, request{path: "/404?header=Vary:Origin"})
		if !hasToken(res.Header.Values("Vary"), "Accept") || !hasToken(res.Header.Values("Vary"), "Origin") {
			t.Errorf("/404?header=Vary:Origin: Vary %q, want Accept kept (the content still depends on it) and Origin added", res.Header.Values("Vary"))
		}
	})
	t.Run("one field set two ways is refused", func(t *testing.T) {
		for _, path := range []string{"/302?location=/a&header=Location:/b", "/503?retry-after=5&header=Retry-After:7", "/405?allow=GET&header=Allow:PUT"} {
			if res := get(t, ts, path); res.StatusCode != http.StatusBadRequest || !strings.Contains(string(res.body), "given twice") {
				t.Errorf("GET %s: %d, want 400 saying the field is given twice", path, res.StatusCode)
			}
		}
	})
	t.Run("modifiers that cannot apply are refused", func(t *testing.T) {
		for _, path := range []string{"/200?allow=GET", "/200?size=10", "/sequence/200;sleep=1;sleep=2?key=rev"} {
			if res := get(t, ts, path); res.StatusCode != http.StatusBadRequest {
				t.Errorf("GET %s: %d, want 400: a typo never passes silently", path, res.StatusCode)
			}
		}
	})
	t.Run("a sequence element may carry a path", func(t *testing.T) {
		res := send(t, client, ts.URL, request{path: "/sequence/302;location=/a,200?key=rev-path"})
		if res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/a" {
			t.Errorf("/sequence/302;location=/a: %d Location %q, want 302 to /a", res.StatusCode, res.Header.Get("Location"))
		}
	})
	t.Run("RateLimit t says when the next request is allowed once r=0", func(t *testing.T) {
		var last exchangeResult
		for range 5 {
			last = get(t, ts, "/ratelimit?limit=5&window=10s&key=rev-t")
		}
		if rl := last.Header.Get("Ratelimit"); last.StatusCode != http.StatusOK || !strings.Contains(rl, "r=0") || !strings.Contains(rl, "t=2") {
			t.Errorf("the 5th of 5 requests per 10 s: %d RateLimit %q, want 200 with r=0;t=2 (the next is allowed in 2 s)", last.StatusCode, rl)
		}
	})
	t.Run("a 416 for a range is not stored", func(t *testing.T) {
		res := send(t, client, ts.URL, request{path: "/range/26", header: hdr("Range", "bytes=100-")})
		if res.StatusCode != http.StatusRequestedRangeNotSatisfiable || res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("/range/26 with bytes=100-: %d Cache-Control %q, want 416 no-store", res.StatusCode, res.Header.Get("Cache-Control"))
		}
	})
	t.Run("a WebSocket handshake without a key is a 400", func(t *testing.T) {
		res := send(t, client, ts.URL, request{path: "/websocket/echo", header: hdr("Upgrade", "websocket", "Connection", "Upgrade", "Sec-WebSocket-Version", "13")})
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("/websocket/echo without Sec-WebSocket-Key: %d, want 400 (RFC 6455, 4.2.1)", res.StatusCode)
		}
	})
	t.Run("an unconditional write is refused before its content is read", func(t *testing.T) {
		line := expectContinue(t, ts.Listener.Addr().String(), http.MethodPut, "/resources/y?key=rev&require-precondition=true", 3*time.Second)
		if !strings.HasPrefix(line, "HTTP/1.1 428 ") {
			t.Errorf("PUT with Expect: 100-continue and ?require-precondition=true: first %q, want 428 without 100 Continue", line)
		}
	})
	t.Run("/anything reads multipart form data", func(t *testing.T) {
		body := "--b\r\nContent-Disposition: form-data; name=\"g\"\r\n\r\nv\r\n--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f.txt\"\r\n\r\nhello\r\n--b--\r\n"
		res := send(t, client, ts.URL, request{method: http.MethodPost, path: "/anything", header: hdr("Content-Type", "multipart/form-data; boundary=b"), body: body})
		if !strings.Contains(string(res.body), `"files":{"f":"hello"}`) || !strings.Contains(string(res.body), `"form":{"g":"v"}`) {
			t.Errorf("multipart /anything:\n%s", res.body)
		}
	})
}

// TestOpenAPIUnderAPrefixNamesThePrefix: a client generated from the
// document calls the server where it is mounted.
func TestOpenAPIUnderAPrefixNamesThePrefix(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	mux.Handle("/sk/", http.StripPrefix("/sk", New(DefaultConfig())))
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	res := get(t, ts, "/sk/openapi.json")
	if !strings.Contains(string(res.body), `"url": "/sk/"`) {
		t.Errorf("/sk/openapi.json does not name /sk/ as its server:\n%s", truncate(string(res.body), 400))
	}
}
