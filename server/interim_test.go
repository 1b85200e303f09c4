package server

import (
	"io"
	"log/slog"
	"net/http"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/statuskit/statuskit/internal/capture"
)

// This file proves the 1xx endpoints: interim responses arrive before the
// final one, carry only their own fields, are never sent to HTTP/1.0
// clients, and 101 really switches the connection.

// TestStatus100SendsContinueBeforeTheBodyIsSent holds the body back until
// the interim 100 has arrived, as a client using Expect: 100-continue does
// (RFC 9110, 10.1.1), then checks the final status counts the body.
func TestStatus100SendsContinueBeforeTheBodyIsSent(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, path := range []string{"/100", "/100?final=201"} {
		t.Run(path, func(t *testing.T) {
			t.Parallel()
			c := dialRaw(t, ts.Listener.Addr().String())
			c.write("POST " + path + " HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\n")
			line, _ := c.readHead()
			if line != "HTTP/1.1 100 Continue" {
				t.Fatalf("POST %s with Expect: 100-continue, body held back: first line %q, want \"HTTP/1.1 100 Continue\" before the body is sent (RFC 9110, 10.1.1)", path, line)
			}
			c.write("hello")
			resp, _ := c.readResponse(http.MethodPost)
			want := 200
			if strings.Contains(path, "final=201") {
				want = 201
			}
			if resp.StatusCode != want {
				t.Errorf("POST %s: after the 100 and the body, final status %d, want %d (a second interim 100 or another status is wrong)", path, resp.StatusCode, want)
			}
		})
	}
}

// TestStatus100ReadsTheBodyAndDescribesIt uses Go's client, which waits for
// the 100 before sending the body when asked with Expect.
func TestStatus100ReadsTheBodyAndDescribesIt(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	q := request{method: http.MethodPost, path: "/100", body: "0123456789", header: hdr("Expect", "100-continue")}
	res := send(t, noRedirects(ts), ts.URL, q)
	if res.StatusCode != 200 || len(res.interim) != 1 || res.interim[0].code != 100 {
		t.Fatalf("%s: interim %v then %d, want one 100 then 200", q, res.interim, res.StatusCode)
	}
	if !strings.Contains(string(res.body), "received 10 bytes") {
		t.Errorf("%s: final content does not say the 10 bytes were received:\n%s", q, res.body)
	}
}

func TestStatus102SendsProcessingWhileItWaits(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	start := time.Now()
	res := send(t, noRedirects(ts), ts.URL, request{path: "/102?sleep=1500ms"})
	if res.StatusCode != 200 {
		t.Errorf("GET /102?sleep=1500ms: final status %d, want 200", res.StatusCode)
	}
	if len(res.interim) < 1 {
		t.Errorf("GET /102?sleep=1500ms: no interim 102 Processing before the final response")
	}
	for _, i := range res.interim {
		if i.code != 102 {
			t.Errorf("GET /102: interim %d, want 102", i.code)
		}
	}
	if took := time.Since(start); took < 1500*time.Millisecond {
		t.Errorf("GET /102?sleep=1500ms answered after %s, before the delay", took)
	}
}

func TestStatus103SendsEarlyHintsThenAFinalResponseWithoutThem(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, tc := range []struct {
		path  string
		final int
	}{
		{"/103", 200},
		{"/103?final=201", 201},
		{"/103?final=404", 404},
		{"/103?final=503&sleep=10", 503},
	} {
		t.Run(tc.path, func(t *testing.T) {
			t.Parallel()
			// An Origin makes the CORS layer add fields: they belong to
			// the final response, not to the hint.
			q := request{path: tc.path, header: hdr("Origin", "https://app.example")}
			res := send(t, noRedirects(ts), ts.URL, q)
			if len(res.interim) != 1 || res.interim[0].code != 103 {
				t.Fatalf("%s: interim responses %v, want one 103 (RFC 8297)", q, res.interim)
			}
			hints := res.interim[0].header
			links := hints.Values("Link")
			if len(links) == 0 {
				t.Fatalf("%s: the 103 carries no Link field; early hints are Link preloads (RFC 8297, 2)", q)
			}
			for _, l := range links {
				if !strings.Contains(l, "rel=preload") {
					t.Errorf("%s: 103 Link %q, want rel=preload", q, l)
				}
			}
			for k := range hints {
				if k != "Link" {
					t.Errorf("%s: the 103 carries %s; an interim response should carry only its hints", q, k)
				}
			}
			if res.StatusCode != tc.final {
				t.Errorf("%s: final status %d, want %d", q, res.StatusCode, tc.final)
			}
			for _, l := range res.Header.Values("Link") {
				if strings.Contains(l, "preload") {
					t.Errorf("%s: the final %d repeats the hint %q; the hints are the 103's, not the final response's", q, res.StatusCode, l)
				}
			}
		})
	}
}

func TestFinalModifierChoosesTheStatusAfterAnInterimResponse(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{MaxSleep: 20 * time.Millisecond})
	for _, tc := range []struct {
		path string
		want int
	}{
		{"/100?final=204", 204},
		{"/102?final=202", 202},
		{"/104?final=500", 500},
		{"/199?final=301", 301},
		{"/103?final=405", 405},
		// A final status that itself has rules keeps them.
		{"/103?final=206", 206},
		{"/103?final=199", 400},
		{"/103?final=101", 400},
		{"/103?final=abc", 400},
		{"/103?final=600", 400},
	} {
		res := get(t, ts, tc.path)
		if res.StatusCode != tc.want {
			t.Errorf("GET %s: final status %d, want %d:\n%s", tc.path, res.StatusCode, tc.want, res.body)
		}
		if tc.want == 405 && res.Header.Get("Allow") == "" {
			t.Errorf("GET %s: a final 405 without Allow (RFC 9110, 15.5.6)", tc.path)
		}
		if tc.want == 206 && res.Header.Get("Content-Range") == "" {
			t.Errorf("GET %s: a final 206 without Content-Range (RFC 9110, 15.3.7)", tc.path)
		}
	}
}

// TestNoInterimResponseToHTTP10Clients: RFC 9110, 15.2: a server MUST NOT
// send a 1xx response to an HTTP/1.0 client.
func TestNoInterimResponseToHTTP10Clients(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{MaxSleep: 20 * time.Millisecond})
	for _, path := range []string{"/100", "/102", "/103", "/150"} {
		t.Run(path, func(t *testing.T) {
			t.Parallel()
			c := dialRaw(t, ts.Listener.Addr().String())
			c.write("GET " + path + " HTTP/1.0\r\nHost: x\r\n\r\n")
			raw := c.readAll()
			if !strings.HasPrefix(raw, "HTTP/1.0 200 ") && !strings.HasPrefix(raw, "HTTP/1.1 200 ") {
				t.Errorf("GET %s over HTTP/1.0: response starts %q, want the final 200 and no 1xx (RFC 9110, 15.2)", path, truncate(raw, 40))
			}
			if strings.Contains(raw, " 1"+path[2:]+" ") && strings.Count(raw, "HTTP/1.") > 1 {
				t.Errorf("GET %s over HTTP/1.0: an interim response was sent:\n%s", path, raw)
			}
		})
	}
}

// upgradeToEcho asks /101 to switch to protocol and returns the response
// head and the connection, now speaking the new protocol.
func upgradeToEcho(t testing.TB, addr, protocol string) (string, textproto.MIMEHeader, *rawConn) {
	t.Helper()
	c := dialRaw(t, addr)
	c.write("GET /101 HTTP/1.1\r\nHost: x\r\nUpgrade: " + protocol + "\r\nConnection: keep-alive, Upgrade\r\n\r\n")
	line, h := c.readHead()
	return line, h, c
}

func TestStatus101SwitchesToTheEchoProtocolWhenAsked(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	line, h, c := upgradeToEcho(t, ts.Listener.Addr().String(), "echo")
	if line != "HTTP/1.1 101 Switching Protocols" {
		t.Fatalf("GET /101 with Upgrade: echo: status line %q, want 101", line)
	}
	if h.Get("Upgrade") != "echo" || !hasToken(h.Values("Connection"), "upgrade") {
		t.Errorf("101: Upgrade %q, Connection %q; RFC 9110, 15.2.2: MUST name the new protocol in Upgrade, with Connection: Upgrade", h.Get("Upgrade"), h.Values("Connection"))
	}
	for _, msg := range []string{"hello", " over the upgraded connection\n"} {
		c.write(msg)
		got := make([]byte, len(msg))
		if _, err := io.ReadFull(c.br, got); err != nil || string(got) != msg {
			t.Fatalf("echo: sent %q, got %q (%v)", msg, got, err)
		}
	}
}

func TestStatus101EchoStopsAtMaxEcho(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{MaxEcho: 8})
	_, _, c := upgradeToEcho(t, ts.Listener.Addr().String(), "echo/1")
	c.write("0123456789abcdef")
	if got := c.readAll(); got != "01234567" {
		t.Errorf("echo with MaxEcho 8: got %q back before close, want the first 8 bytes", got)
	}
}

func TestStatus101WithoutUpgradeIs426Promptly(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	client := noRedirects(ts)
	client.Timeout = 5 * time.Second
	for _, q := range []request{
		{path: "/101"},
		{path: "/101", header: hdr("Upgrade", "echo")}, // no Connection: upgrade
		{method: http.MethodPost, path: "/101", body: "x"},
	} {
		res := send(t, client, ts.URL, q)
		if res.StatusCode != http.StatusUpgradeRequired || !hasToken(res.Header.Values("Upgrade"), "echo") || !hasToken(res.Header.Values("Upgrade"), "websocket") {
			t.Errorf("%s: status %d, Upgrade %q; want 426 with Upgrade naming echo and websocket, the protocols /101 speaks, saying how to ask (RFC 9110, 15.5.22)", q, res.StatusCode, res.Header.Get("Upgrade"))
		}
		if !strings.Contains(string(res.body), "Connection: upgrade") {
			t.Errorf("%s: the 426 does not explain how to ask for the switch:\n%s", q, res.body)
		}
	}
	// An HTTP/1.0 client cannot upgrade either (RFC 9110, 7.8).
	c := dialRaw(t, ts.Listener.Addr().String())
	c.write("GET /101 HTTP/1.0\r\nHost: x\r\nUpgrade: echo\r\nConnection: upgrade\r\n\r\n")
	if raw := c.readAll(); !strings.Contains(raw[:min(len(raw), 20)], " 426 ") {
		t.Errorf("GET /101 over HTTP/1.0 with Upgrade: got %q, want 426", truncate(raw, 40))
	}
}

func TestStatus101RefusesAnInvalidProtocolName(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	line, _, _ := upgradeToEcho(t, ts.Listener.Addr().String(), "e@cho")
	if !strings.Contains(line, " 400 ") {
		t.Errorf("GET /101 with Upgrade: e@cho: %q, want 400 (RFC 9110, 7.8: protocol-name is a token)", line)
	}
}

// TestInterimAndUpgradeWorkThroughEveryMiddleware turns on the layers that
// wrap the ResponseWriter (request logging, CORS with a restricted origin
// list): 1xx must still reach the client and /101 must still hijack.
func TestInterimAndUpgradeWorkThroughEveryMiddleware(t *testing.T) {
	t.Parallel()
	var logs capture.Buffer
	ts := testServer(t, Config{
		Logger:      slog.New(slog.NewTextHandler(&logs, nil)),
		CORSOrigins: []string{"https://app.example"},
	})
	res := send(t, noRedirects(ts), ts.URL, request{path: "/103", header: hdr("Origin", "https://app.example")})
	if len(res.interim) != 1 || res.interim[0].code != 103 || res.StatusCode != 200 {
		t.Errorf("GET /103 with logging and CORS: interim %v, final %d; want 103 then 200", res.interim, res.StatusCode)
	}
	if res.Header.Get("Access-Control-Allow-Origin") != "https://app.example" {
		t.Errorf("GET /103 with CORS: the final response lost Access-Control-Allow-Origin")
	}

	c := dialRaw(t, ts.Listener.Addr().String())
	c.write("GET /101 HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n")
	if line, _ := c.readHead(); line != "HTTP/1.1 101 Switching Protocols" {
		t.Fatalf("GET /101 with logging and CORS: %q, want 101", line)
	}
	c.write("ping")
	got := make([]byte, 4)
	if _, err := io.ReadFull(c.br, got); err != nil || string(got) != "ping" {
		t.Errorf("echo through the middleware: got %q (%v), want ping", got, err)
	}
	// The log line is written once the response has been flushed to the
	// client (policy.Log records what the client received), so it may
	// trail the response a little.
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(logs.String(), "path=/103") && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.Contains(logs.String(), "path=/103") {
		t.Errorf("the request log has no line for /103:\n%s", logs.String())
	}
}
