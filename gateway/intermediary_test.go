package gateway

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// RFC 9110, 7.6: an intermediary forwards what it receives; the only
// changes are the ones the section asks for.
func TestForwardsTheRequestTargetFieldsAndContentUnchanged(t *testing.T) {
	t.Parallel()
	up := recordingUpstream(t)
	gw := startGateway(t, testConfig(up.URL))
	for _, target := range []string{"/a%2Fb/c?x=1&y=%20z", "/%7Euser/./x/../y", "//double/slash", "/q?", "/é%C3%A9"} {
		res := exchange(t, gw.addr, "POST "+target+" HTTP/1.1\r\nHost: gw.test\r\nX-Custom: one\r\nX-Custom: two\r\n"+
			"Content-Type: text/plain\r\nAccept-Encoding: br\r\nContent-Length: 5\r\n\r\nhello", "POST")
		readBody(t, res)
		got := up.last(t)
		if got.RequestURI != target {
			t.Errorf("request target %q reached the upstream as %q; an intermediary forwards it as received (RFC 9110, 7.6)", target, got.RequestURI)
		}
		if got.Method != "POST" || got.Body != "hello" {
			t.Errorf("%s: upstream got %s with content %q, want POST and \"hello\"", target, got.Method, got.Body)
		}
		if v := got.Header["X-Custom"]; !slices.Equal(v, []string{"one", "two"}) {
			t.Errorf("%s: X-Custom lines %q reached the upstream as %q; field lines keep their order (RFC 9110, 5.3)", target, []string{"one", "two"}, v)
		}
		if v := got.Header.Get("Accept-Encoding"); v != "br" {
			t.Errorf("%s: Accept-Encoding: br reached the upstream as %q", target, v)
		}
		for _, name := range []string{"X-Forwarded-For", "Forwarded", "User-Agent"} {
			if v, ok := got.Header[name]; ok {
				t.Errorf("%s: the gateway added %s: %q; the client sent none, and the gateway adds only Via", target, name, v)
			}
		}
	}
}

func TestHostIsTheUpstreamsUnlessPreserveHost(t *testing.T) {
	t.Parallel()
	up := recordingUpstream(t)
	plain := startGateway(t, testConfig(up.URL))
	status(t, plain.url+"/x")
	if got, want := up.last(t).Host, hostOf(up.URL); got != want {
		t.Errorf("Host at the upstream = %q, want the upstream's authority %q", got, want)
	}
	cfg := testConfig(up.URL)
	cfg.PreserveHost = true
	kept := startGateway(t, cfg)
	readBody(t, exchange(t, kept.addr, "GET /x HTTP/1.1\r\nHost: api.example\r\n\r\n", "GET"))
	if got := up.last(t).Host; got != "api.example" {
		t.Errorf("with PreserveHost, Host at the upstream = %q, want the client's api.example", got)
	}
}

// RFC 9110, 7.6.1: hop-by-hop fields, and those named in Connection, are
// removed in both directions.
func TestHopByHopFieldsAreRemovedInBothDirections(t *testing.T) {
	t.Parallel()
	var got http.Header
	up := upstream(t, func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		w.Header().Set("Connection", "X-Resp-Hop")
		w.Header().Set("X-Resp-Hop", "secret")
		w.Header().Set("Keep-Alive", "timeout=5")
		w.Header().Set("Proxy-Connection", "keep-alive")
		w.Header().Set("X-End-To-End", "kept")
		_, _ = io.WriteString(w, "ok")
	})
	gw := startGateway(t, testConfig(up.URL))
	res := exchange(t, gw.addr, "GET /x HTTP/1.1\r\nHost: gw.test\r\nConnection: keep-alive, X-Hop\r\nX-Hop: secret\r\n"+
		"Keep-Alive: timeout=5\r\nProxy-Connection: keep-alive\r\nTE: gzip, trailers\r\nUpgrade: h2c\r\nX-End-To-End: kept\r\n\r\n", "GET")
	readBody(t, res)
	for _, name := range []string{"X-Hop", "Keep-Alive", "Proxy-Connection", "Upgrade"} {
		if v, ok := got[name]; ok {
			t.Errorf("request: %s: %q reached the upstream; it is hop-by-hop (RFC 9110, 7.6.1)", name, v)
		}
	}
	if v := got.Get("Connection"); v != "" && v != "close" && v != "keep-alive" {
		t.Errorf("request: the client's Connection: %q reached the upstream", v)
	}
	if v := got.Get("Te"); v != "trailers" {
		t.Errorf("request: TE at the upstream = %q, want only \"trailers\" (the client accepts trailers, which holds on the next hop; gzip was for the first hop)", v)
	}
	if got.Get("X-End-To-End") != "kept" {
		t.Error("request: an end-to-end field was dropped")
	}
	for _, name := range []string{"X-Resp-Hop", "Keep-Alive", "Proxy-Connection"} {
		if v, ok := res.Header[name]; ok {
			t.Errorf("response: %s: %q reached the client; it is hop-by-hop (RFC 9110, 7.6.1)", name, v)
		}
	}
	if res.Header.Get("X-End-To-End") != "kept" {
		t.Error("response: an end-to-end field was dropped")
	}
}

// RFC 9110, 7.6.3: a gateway appends itself to Via, never replacing what
// is there, with the protocol it received the message in.
func TestViaIsAppendedInBothDirections(t *testing.T) {
	t.Parallel()
	var got []string
	up := upstream(t, func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Values("Via")
		w.Header().Set("Via", "1.1 origin-cache")
	})
	gw := startGateway(t, testConfig(up.URL))
	res := exchange(t, gw.addr, "GET /x HTTP/1.0\r\nHost: gw.test\r\nVia: 1.1 corporate-proxy\r\n\r\n", "GET")
	readBody(t, res)
	want := []string{"1.1 corporate-proxy", "1.0 " + gw.pseudonym}
	if !slices.Equal(got, want) {
		t.Errorf("request Via at the upstream = %q, want %q: appended, with the protocol received (HTTP/1.0 here)", got, want)
	}
	if v := res.Header.Values("Via"); !slices.Equal(v, []string{"1.1 origin-cache", "1.1 " + gw.pseudonym}) {
		t.Errorf("response Via = %q, want the upstream's entry and then the gateway's", v)
	}
}

// RFC 9110, 7.6.2: Max-Forwards on OPTIONS and TRACE: at 0 the gateway is
// the final recipient; otherwise it forwards the value less one.
func TestMaxForwardsIsHonouredOnOptionsAndTrace(t *testing.T) {
	t.Parallel()
	up := recordingUpstream(t)
	gw := startGateway(t, testConfig(up.URL))

	res := exchange(t, gw.addr, "OPTIONS /x HTTP/1.1\r\nHost: gw.test\r\nMax-Forwards: 0\r\n\r\n", "OPTIONS")
	readBody(t, res)
	if res.StatusCode != http.StatusNoContent || up.count() != 0 {
		t.Errorf("OPTIONS with Max-Forwards: 0 = %d with %d upstream requests; the gateway answers it itself", res.StatusCode, up.count())
	}
	for _, target := range []string{"/x", "/"} {
		res := exchange(t, gw.addr, "OPTIONS "+target+" HTTP/1.1\r\nHost: gw.test\r\nMax-Forwards: 0\r\n\r\n", "OPTIONS")
		readBody(t, res)
		if allow := res.Header.Get("Allow"); !strings.Contains(allow, "GET") || !strings.Contains(allow, "OPTIONS") || strings.Contains(allow, "CONNECT") {
			t.Errorf("OPTIONS %s with Max-Forwards: 0: Allow %q; the gateway's own answer says what it takes (RFC 9110, 9.3.7, 10.2.1), CONNECT excluded", target, allow)
		}
	}

	res = exchange(t, gw.addr, "TRACE /x HTTP/1.1\r\nHost: gw.test\r\nMax-Forwards: 0\r\nAuthorization: Basic c2VjcmV0\r\nX-Probe: 1\r\n\r\n", "TRACE")
	body := readBody(t, res)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "message/http" || !strings.HasPrefix(body, "TRACE /x HTTP/1.1\r\n") || !strings.Contains(body, "X-Probe: 1") {
		t.Errorf("TRACE with Max-Forwards: 0 = %d %s %q; want 200 message/http reflecting the request (RFC 9110, 9.3.8)", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	if strings.Contains(body, "c2VjcmV0") {
		t.Error("TRACE reflected Authorization; fields likely to hold credentials are left out (RFC 9110, 9.3.8)")
	}

	readBody(t, exchange(t, gw.addr, "OPTIONS /x HTTP/1.1\r\nHost: gw.test\r\nMax-Forwards: 3\r\n\r\n", "OPTIONS"))
	if v := up.last(t).Header.Get("Max-Forwards"); v != "2" {
		t.Errorf("OPTIONS with Max-Forwards: 3 reached the upstream with %q, want 2", v)
	}
	readBody(t, exchange(t, gw.addr, "GET /x HTTP/1.1\r\nHost: gw.test\r\nMax-Forwards: 0\r\n\r\n", "GET"))
	if v := up.last(t).Header.Get("Max-Forwards"); v != "0" {
		t.Errorf("GET with Max-Forwards: 0 reached the upstream with %q; other methods forward it as is", v)
	}
}

func TestNothingIsDecompressedAndAcceptEncodingIsNotAdded(t *testing.T) {
	t.Parallel()
	var compressed bytes.Buffer
	zw := gzip.NewWriter(&compressed)
	_, _ = io.WriteString(zw, strings.Repeat("statuskit ", 100))
	zw.Close()
	var sawAE []string
	up := upstream(t, func(w http.ResponseWriter, r *http.Request) {
		sawAE = r.Header.Values("Accept-Encoding")
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write(compressed.Bytes())
	})
	gw := startGateway(t, testConfig(up.URL))
	res := exchange(t, gw.addr, "GET /x HTTP/1.1\r\nHost: gw.test\r\n\r\n", "GET")
	body := readBody(t, res)
	if len(sawAE) != 0 {
		t.Errorf("the client sent no Accept-Encoding and the upstream got %q; a transparent gateway adds none", sawAE)
	}
	if res.Header.Get("Content-Encoding") != "gzip" || body != compressed.String() {
		t.Errorf("the gzip content arrived with Content-Encoding %q and %d bytes (want gzip and the %d bytes sent): nothing may be decoded on the way",
			res.Header.Get("Content-Encoding"), len(body), compressed.Len())
	}
}

// Streams reach the client as they are sent: each part must arrive while
// the upstream is still holding the next one back.
func TestStreamsAreFlushedAsTheyArrive(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, contentType, length string }{
		{"chunked", "text/plain", ""},
		{"server-sent events", "text/event-stream", ""},
		{"slow drip with a length", "text/plain", "12"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			next := make(chan struct{})
			up := upstream(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tc.contentType)
				if tc.length != "" {
					w.Header().Set("Content-Length", tc.length)
				}
				_, _ = io.WriteString(w, "first\n")
				http.NewResponseController(w).Flush()
				select {
				case <-next:
				case <-time.After(5 * time.Second):
				}
				_, _ = io.WriteString(w, "later\n")
			})
			gw := startGateway(t, testConfig(up.URL))
			c := dial(t, gw.addr)
			c.send("GET /stream HTTP/1.1\r\nHost: gw.test\r\n\r\n")
			res := c.response("GET")
			buf := make([]byte, 6)
			if _, err := io.ReadFull(res.Body, buf); err != nil || string(buf) != "first\n" {
				t.Fatalf("first part = %q, %v; want it before the upstream sends more", buf, err)
			}
			close(next)
			rest, err := io.ReadAll(res.Body)
			if err != nil || string(rest) != "later\n" {
				t.Errorf("rest = %q, %v", rest, err)
			}
		})
	}
}

func TestTrailersAreRelayed(t *testing.T) {
	t.Parallel()
	var reqTrailer http.Header
	up := upstream(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		reqTrailer = r.Trailer.Clone()
		w.Header().Set("Trailer", "X-Checksum")
		_, _ = io.WriteString(w, "content")
		w.Header().Set("X-Checksum", "abc123")
		w.Header().Set(http.TrailerPrefix+"X-Late", "unannounced")
	})
	gw := startGateway(t, testConfig(up.URL))
	res := exchange(t, gw.addr, "POST /x HTTP/1.1\r\nHost: gw.test\r\nTE: trailers\r\nTrailer: X-Request-Sum\r\nTransfer-Encoding: chunked\r\n\r\n"+
		"5\r\nhello\r\n0\r\nX-Request-Sum: 42\r\n\r\n", "POST")
	if body := readBody(t, res); body != "content" {
		t.Errorf("content = %q", body)
	}
	if v := res.Trailer.Get("X-Checksum"); v != "abc123" {
		t.Errorf("announced trailer X-Checksum = %q at the client, want abc123 (trailers are end-to-end, RFC 9110, 6.5)", v)
	}
	if v := res.Trailer.Get("X-Late"); v != "unannounced" {
		t.Errorf("unannounced trailer X-Late = %q at the client, want unannounced", v)
	}
	if v := reqTrailer.Get("X-Request-Sum"); v != "42" {
		t.Errorf("request trailer X-Request-Sum = %q at the upstream, want 42", v)
	}
}

// RFC 9110, 10.1.1: a client that sends Expect: 100-continue waits for
// 100 (or a final status) before the content; the gateway relays the
// upstream's answer.
func TestExpectContinueIsRelayed(t *testing.T) {
	t.Parallel()
	up := upstream(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/refuse" {
			w.WriteHeader(http.StatusUnauthorized) // without reading the content
			return
		}
		b, _ := io.ReadAll(r.Body) // net/http sends 100 Continue here
		_, _ = w.Write(bytes.ToUpper(b))
	})
	gw := startGateway(t, testConfig(up.URL))

	c := dial(t, gw.addr)
	c.send("PUT /upload HTTP/1.1\r\nHost: gw.test\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
	if res := c.response("PUT"); res.StatusCode != http.StatusContinue {
		t.Fatalf("first answer to Expect: 100-continue = %d, want 100 before the content is sent", res.StatusCode)
	}
	c.send("hello")
	res := c.response("PUT")
	if body := readBody(t, res); res.StatusCode != 200 || body != "HELLO" {
		t.Errorf("final answer = %d %q, want 200 HELLO", res.StatusCode, body)
	}

	c = dial(t, gw.addr)
	c.send("PUT /refuse HTTP/1.1\r\nHost: gw.test\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
	if res := c.response("PUT"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("an upstream that refuses without reading: the client got %d, want the 401 without a 100 first", res.StatusCode)
	}
}

func TestEarlyHintsAreRelayedAndStayOutOfTheFinalResponse(t *testing.T) {
	t.Parallel()
	up := upstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", "</style.css>; rel=preload; as=style")
		w.WriteHeader(http.StatusEarlyHints)
		w.Header().Del("Link")
		_, _ = io.WriteString(w, "page")
	})
	gw := startGateway(t, testConfig(up.URL))
	c := dial(t, gw.addr)
	c.send("GET /page HTTP/1.1\r\nHost: gw.test\r\n\r\n")
	hints := c.response("GET")
	if hints.StatusCode != http.StatusEarlyHints || hints.Header.Get("Link") != "</style.css>; rel=preload; as=style" {
		t.Fatalf("first response = %d Link %q, want 103 with the upstream's Link (RFC 8297)", hints.StatusCode, hints.Header.Get("Link"))
	}
	final := c.response("GET")
	if final.StatusCode != 200 || final.Header.Get("Link") != "" {
		t.Errorf("final response = %d with Link %q; the 103's fields must not leak into it", final.StatusCode, final.Header.Get("Link"))
	}
	readBody(t, final)
}

// RFC 9110, 7.8: an upgrade the client asked for and the upstream granted
// passes through, and then the new protocol's bytes flow both ways.
func TestUpgradePassesThrough(t *testing.T) {
	t.Parallel()
	up := upstream(t, func(w http.ResponseWriter, r *http.Request) {
		if !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
			http.Error(w, "want an upgrade", http.StatusUpgradeRequired)
			return
		}
		conn, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		_, _ = brw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
		_ = brw.Flush()
		_, _ = io.Copy(conn, brw) // echo
	})
	gw := startGateway(t, testConfig(up.URL))
	c := dial(t, gw.addr)
	c.send("GET /chat HTTP/1.1\r\nHost: gw.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
	res := c.response("GET")
	if res.StatusCode != http.StatusSwitchingProtocols || !strings.EqualFold(res.Header.Get("Upgrade"), "websocket") ||
		res.Header.Get("Sec-Websocket-Accept") != "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" {
		t.Fatalf("upgrade answer = %d Upgrade %q, want 101 websocket with the upstream's fields", res.StatusCode, res.Header.Get("Upgrade"))
	}
	for _, msg := range []string{"ping", "statuskit"} {
		c.send(msg)
		buf := make([]byte, len(msg))
		if _, err := io.ReadFull(c.br, buf); err != nil || string(buf) != msg {
			t.Fatalf("echo of %q over the upgraded connection = %q, %v", msg, buf, err)
		}
	}
}

// The gateway speaks HTTP/2 to clients that ask for it (h2c here) and
// HTTP/1.1 upstream; the exchange is the same.
func TestHTTP2ClientsAreForwarded(t *testing.T) {
	t.Parallel()
	up := recordingUpstream(t)
	gw := startGateway(t, testConfig(up.URL))
	tr := &http.Transport{Protocols: new(http.Protocols)}
	tr.Protocols.SetUnencryptedHTTP2(true)
	client := &http.Client{Transport: tr}
	defer tr.CloseIdleConnections()
	res, err := client.Get(gw.url + "/h2?x=1")
	if err != nil {
		t.Fatal(err)
	}
	readBody(t, res)
	if res.ProtoMajor != 2 || res.StatusCode != 200 {
		t.Fatalf("h2c GET = %s %d", res.Proto, res.StatusCode)
	}
	got := up.last(t)
	if got.RequestURI != "/h2?x=1" || !slices.Contains(got.Header.Values("Via"), "2 "+gw.pseudonym) {
		t.Errorf("upstream saw %s with Via %q; want /h2?x=1 and \"2 %s\" (received over HTTP/2)", got.RequestURI, got.Header.Values("Via"), gw.pseudonym)
	}
}
