package gateway

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// A connection fault never lets a complete message through, and a
// response without content is complete with its head alone: it is cut
// before its head, so the client receives no byte at all (docs/gateway.md;
// RFC 9112, 6.3 and 7.1: any byte after the head would be read as the
// next response, or as garbage without a status line).
func TestAResponseWithoutContentIsCutBeforeItsHead(t *testing.T) {
	t.Parallel()
	up := upstream(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/204":
			w.WriteHeader(http.StatusNoContent)
		case "/304":
			w.WriteHeader(http.StatusNotModified)
		default:
			w.Header().Set("Content-Length", "100")
			_, _ = io.WriteString(w, strings.Repeat("x", 100))
		}
	})
	gw := startGateway(t, withRules(t, testConfig(up.URL), `
rules:
  - {id: reset, match: {header: {X-Fault: reset}}, connection: {fault: reset}}
  - {id: close, match: {header: {X-Fault: close}}, connection: {fault: close}}
  - {id: malformed, match: {header: {X-Fault: malformed_chunk}}, connection: {fault: malformed_chunk, after: 5}}
`))
	for _, fault := range []string{"reset", "close", "malformed_chunk"} {
		for _, tc := range []struct{ method, path string }{
			{"HEAD", "/x"}, {"GET", "/204"}, {"GET", "/304"},
		} {
			c := dial(t, gw.addr)
			c.send(tc.method + " " + tc.path + " HTTP/1.1\r\nHost: gw.test\r\nX-Fault: " + fault + "\r\n\r\n")
			raw, _ := c.rest()
			if len(raw) != 0 {
				t.Errorf("%s on %s %s: the client received %q; a response without content is cut before its head, so nothing", fault, tc.method, tc.path, raw)
			}
		}
	}
}
