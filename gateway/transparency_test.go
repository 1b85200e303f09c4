package gateway

import (
	"io"
	"net/http"
	"net/url"
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
