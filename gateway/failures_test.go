package gateway

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// rawUpstream is an upstream that answers every connection with fn (after
// reading the request head), for answers no HTTP server would give.
func rawUpstream(t *testing.T, fn func(c net.Conn)) string {
	t.Helper()
	ln := listen(t)
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				br := bufio.NewReader(c)
				for {
					line, err := br.ReadString('\n')
					if err != nil || line == "\r\n" {
						break
					}
				}
				fn(c)
			}()
		}
	}()
	return "http://" + ln.Addr().String()
}

// RFC 9110, 15.6.3: a gateway that got no valid response from its
// upstream answers 502, and says what happened.
func TestUnreachableOrGarbledUpstreamIs502WithAReason(t *testing.T) {
	t.Parallel()
	closed := listen(t)
	refused := "http://" + closed.Addr().String()
	closed.Close()
	for _, tc := range []struct {
		name, upstream, want string
	}{
		{"nothing listening", refused, "refused the connection"},
		{"garbage", rawUpstream(t, func(c net.Conn) { _, _ = io.WriteString(c, "garbage, not HTTP\r\n\r\n") }), "not a valid HTTP/1.1 response"},
		{"closes without answering", rawUpstream(t, func(c net.Conn) {}), "closed the connection without answering"},
		{"bad status code", rawUpstream(t, func(c net.Conn) { _, _ = io.WriteString(c, "HTTP/1.1 abc OK\r\n\r\n") }), "not a valid HTTP/1.1 response"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			gw := startGateway(t, testConfig(tc.upstream))
			res := get(t, gw.url+"/x")
			body := readBody(t, res)
			if res.StatusCode != http.StatusBadGateway || !strings.Contains(body, tc.want) {
				t.Errorf("= %d %q; want 502 whose content says %q (RFC 9110, 15.6.3)", res.StatusCode, body, tc.want)
			}
		})
	}
}

// RFC 9110, 15.6.5: no answer in time is 504.
func TestSlowUpstreamIs504(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	up := upstream(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	cfg := testConfig(up.URL)
	cfg.UpstreamTimeout = 50 * time.Millisecond
	gw := startGateway(t, cfg)
	res := get(t, gw.url+"/slow")
	body := readBody(t, res)
	if res.StatusCode != http.StatusGatewayTimeout || !strings.Contains(body, "did not answer within 50ms") {
		t.Errorf("= %d %q; want 504 naming the timeout (RFC 9110, 15.6.5)", res.StatusCode, body)
	}
}

// An upstream that dies mid-content must not turn into a clean, short
// response at the client.
func TestUpstreamDyingMidContentBreaksTheClientsMessage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, head string }{
		{"with a length", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nfirst part"},
		{"chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\nfirst part\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			up := rawUpstream(t, func(c net.Conn) { _, _ = io.WriteString(c, tc.head) })
			gw := startGateway(t, testConfig(up))
			res := get(t, gw.url+"/x")
			defer res.Body.Close()
			body, err := io.ReadAll(res.Body)
			if err == nil {
				t.Errorf("the client read %q and a clean end; the upstream died after 10 bytes, so the message must be broken", body)
			}
			if !errors.Is(err, io.ErrUnexpectedEOF) && !strings.Contains(err.Error(), "EOF") && !strings.Contains(err.Error(), "reset") {
				t.Errorf("client error = %v; want an incomplete message", err)
			}
		})
	}
}
