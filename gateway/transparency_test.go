package gateway

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// An intermediary relays the upstream's fields as they are (RFC 9110,
// 7.6): a response the upstream sent without Content-Type reaches the
// client without one, rather than with a type net/http sniffed from the
// content (8.3 leaves sniffing to the recipient).
func TestAResponseWithoutContentTypeIsRelayedWithoutOne(t *testing.T) {
	t.Parallel()
	up := upstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = nil // net/http's way to send none
		_, _ = io.WriteString(w, r.URL.Query().Get("content"))
	})
	cfg := withRules(t, testConfig(up.URL), `rules:
  - id: slowed
    match: {path: /shaped}
    delay: {fixed: 1ms}
    throttle: {bytes_per_second: 1000000}
`)
	gw := startGateway(t, cfg)
	for _, tc := range []struct{ name, path, content string }{
		{"html", "/plain", "<html><body>hi</body></html>"},
		{"text", "/plain", "just words"},
		{"binary", "/plain", "\x89PNG\r\n\x1a\n"},
		{"through a rule that shapes it", "/shaped", "<html>shaped</html>"},
	} {
		res := get(t, gw.url+tc.path+"?content="+url.QueryEscape(tc.content))
		body := readBody(t, res)
		if body != tc.content {
			t.Errorf("%s: content %q, want %q", tc.name, body, tc.content)
		}
		if v, ok := res.Header["Content-Type"]; ok {
			t.Errorf("%s: the gateway added Content-Type: %q to a response the upstream sent without one; an intermediary does not add fields (RFC 9110, 7.6)", tc.name, v)
		}
	}
}

// --max-header-bytes is exact, as for serve (policy.HeadLimits): a header
// section of the limit is forwarded, one byte more is 431 Request Header
// Fields Too Large (RFC 6585, 5) naming the flag, on both listeners.
func TestMaxHeaderBytesIsExactAndAnswered431(t *testing.T) {
	t.Parallel()
	up := recordingUpstream(t)
	cfg := testConfig(up.URL)
	cfg.MaxHeaderBytes = 1000
	gw := startGateway(t, cfg)
	// HeadLimits counts "Host: h" and "X-Pad: ..." with their CRLFs.
	request := func(headerBytes int) string {
		pad := headerBytes - (len("h") + 8) - (len("X-Pad") + 4)
		return "GET /x HTTP/1.1\r\nHost: h\r\nX-Pad: " + strings.Repeat("a", pad) + "\r\n\r\n"
	}
	for _, tc := range []struct {
		name        string
		addr        string
		headerBytes int
		want        int
	}{
		{"proxy, at the limit", gw.addr, 1000, 200},
		{"proxy, one byte over", gw.addr, 1001, 431},
		{"proxy, within net/http's slack", gw.addr, 3000, 431},
		{"admin, one byte over", hostOf(gw.admin), 1001, 431},
	} {
		res := exchange(t, tc.addr, request(tc.headerBytes), "GET")
		body := readBody(t, res)
		if res.StatusCode != tc.want {
			t.Errorf("%s: a %d-byte header section got %d, want %d (RFC 6585, 5)", tc.name, tc.headerBytes, res.StatusCode, tc.want)
		}
		if tc.want == 431 && !strings.Contains(body, "--max-header-bytes") {
			t.Errorf("%s: the 431 does not name the limit's flag: %q", tc.name, body)
		}
	}
}

// The reason phrase of an injected response is Go's, as README and
// docs/gateway.md say: a rule chooses the code only.
func TestInjectedReasonPhrasesAreGos(t *testing.T) {
	t.Parallel()
	cfg := withRules(t, testConfig("http://127.0.0.1:9"), `rules:
  - {id: large, match: {path: /413}, abort: {status: 413}}
  - {id: unnamed, match: {path: /599}, abort: {status: 599}}
  - {id: down, match: {path: /503}, abort: {status: 503}}
`)
	gw := startGateway(t, cfg)
	for _, tc := range []struct{ path, line string }{
		{"/413", "HTTP/1.1 413 Request Entity Too Large\r\n"},
		{"/599", "HTTP/1.1 599 status code 599\r\n"},
		{"/503", "HTTP/1.1 503 Service Unavailable\r\n"},
	} {
		c := dial(t, gw.addr)
		c.send("GET " + tc.path + " HTTP/1.1\r\nHost: gw.test\r\n\r\n")
		line, err := c.br.ReadString('\n')
		if err != nil || line != tc.line {
			t.Errorf("GET %s: status line %q (%v), want %q as documented", tc.path, line, err, tc.line)
		}
	}
}
