package server

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/statuskit/statuskit/status"
)

// This file proves the method rules: every standard method works on every
// code, unknown methods get 501 everywhere, CONNECT gets 405, and codes
// that only mean something for GET refuse the other methods.

func TestEveryStandardMethodWorksOnEveryCode(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{MaxSleep: 20 * time.Millisecond})
	client := noRedirects(ts)
	for n := 100; n <= 599; n++ {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			t.Parallel()
			path := "/" + strconv.Itoa(n)
			for _, method := range standardMethods {
				res := send(t, client, ts.URL, request{method: method, path: path, body: bodyFor(method)})
				want := n
				switch {
				case n == http.StatusSwitchingProtocols:
					want = http.StatusUpgradeRequired // no Upgrade asked for
				case status.MustLookup(n).Class() == status.Informational:
					want = http.StatusOK
				case (n == 206 || n == 304 || n == 416) && method != http.MethodGet && method != http.MethodHead:
					want = http.StatusMethodNotAllowed
				}
				if res.StatusCode != want {
					t.Errorf("%s %s: status %d, want %d:\n%s", method, path, res.StatusCode, want, truncate(string(res.body), 200))
				}
			}
		})
	}
}

// TestUnknownMethodsAre501OnEveryPath: RFC 9110, 9.1 and 15.6.2: a method
// the server does not implement gets 501, whatever the path; method names
// are case-sensitive, so "get" is unknown.
func TestUnknownMethodsAre501OnEveryPath(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	methods := []string{"BREW", "get", "Post", "PROPFIND", strings.Repeat("M", 200)}
	paths := []string{"/200", "/status/200", "/abc", "/", "/101", "/600", "/status/600"}
	for _, method := range methods {
		for _, path := range paths {
			t.Run(truncate(method, 8)+path, func(t *testing.T) {
				t.Parallel()
				res := send(t, noRedirects(ts), ts.URL, request{method: method, path: path})
				if res.StatusCode != http.StatusNotImplemented {
					t.Errorf("%s %s: status %d, want 501 (RFC 9110, 15.6.2: the server does not support the method)", truncate(method, 20), path, res.StatusCode)
				}
				if !strings.Contains(string(res.body), "not implemented") || !strings.Contains(string(res.body), "GET, HEAD") {
					t.Errorf("%s %s: the 501 does not say which methods are implemented:\n%s", truncate(method, 20), path, res.body)
				}
			})
		}
	}
}

// TestConnectIs405WithAllow: this is an origin server, not a tunnel
// (RFC 9110, 9.3.6), so CONNECT is a known method it refuses, and a 405
// MUST carry Allow (15.5.6). Go's client sends CONNECT only to proxies, so
// the request is written by hand.
func TestConnectIs405WithAllow(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, target := range []string{"example.com:443", "/200", "/status/200"} {
		t.Run(target, func(t *testing.T) {
			t.Parallel()
			c := dialRaw(t, ts.Listener.Addr().String())
			host := target
			if strings.HasPrefix(target, "/") {
				host = "x"
			}
			c.write("CONNECT " + target + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
			resp, body := c.readResponse(http.MethodConnect)
			if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != allMethods {
				t.Errorf("CONNECT %s: status %d, Allow %q; want 405 with Allow %q", target, resp.StatusCode, resp.Header.Get("Allow"), allMethods)
			}
			if !strings.Contains(string(body), "tunnel") {
				t.Errorf("CONNECT %s: the 405 does not explain that the server opens no tunnels:\n%s", target, body)
			}
		})
	}
}

// TestRangeOnlyCodesRefuseOtherMethodsWith405: 206, 304 and 416 describe a
// conditional or range GET (RFC 9110, 9.3.3 and 14.2), so another method
// cannot produce them.
func TestRangeOnlyCodesRefuseOtherMethodsWith405(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, path := range []string{"/206", "/304", "/416", "/status/206", "/100?final=304", "/103?final=416"} {
		for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions, http.MethodTrace} {
			t.Run(method+path, func(t *testing.T) {
				t.Parallel()
				res := send(t, noRedirects(ts), ts.URL, request{method: method, path: path, body: bodyFor(method)})
				if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "GET, HEAD" {
					t.Errorf("%s %s: status %d, Allow %q; want 405 with Allow: GET, HEAD", method, path, res.StatusCode, res.Header.Get("Allow"))
				}
				if !strings.Contains(string(res.body), "send GET or HEAD") {
					t.Errorf("%s %s: the 405 does not say what to send instead:\n%s", method, path, res.body)
				}
			})
		}
	}
}
