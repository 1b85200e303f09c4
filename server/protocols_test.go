package server

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

// This file proves the production server (Serve) speaks HTTP/1.1 and
// HTTP/2, over TLS (ALPN) and in cleartext (h2c, prior knowledge), with the
// same semantics on each, and shuts down gracefully.

// protocolCase is one endpoint and what it must answer on every protocol.
type protocolCase struct {
	q     request
	want  int
	check func(t *testing.T, proto string, res exchangeResult)
}

var protocolCases = []protocolCase{
	{q: request{path: "/200"}, want: 200},
	{q: request{path: "/204"}, want: 204, check: func(t *testing.T, proto string, res exchangeResult) {
		if len(res.body) != 0 || res.Header.Get("Content-Type") != "" || res.Header.Get("Content-Length") != "" {
			t.Errorf("%s GET /204: content %q, Content-Type %q, Content-Length %q; want none (RFC 9110, 15.3.5)", proto, res.body, res.Header.Get("Content-Type"), res.Header.Get("Content-Length"))
		}
	}},
	{q: request{path: "/206", header: hdr("Range", "bytes=0-4")}, want: 206, check: func(t *testing.T, proto string, res exchangeResult) {
		if res.Header.Get("Content-Range") != "bytes 0-4/1024" || string(res.body) != "abcde" {
			t.Errorf("%s GET /206 bytes=0-4: Content-Range %q, content %q", proto, res.Header.Get("Content-Range"), res.body)
		}
	}},
	{q: request{path: "/301"}, want: 301, check: func(t *testing.T, proto string, res exchangeResult) {
		if res.Header.Get("Location") != "/200" {
			t.Errorf("%s GET /301: Location %q, want /200", proto, res.Header.Get("Location"))
		}
	}},
	{q: request{method: http.MethodPost, path: "/405", body: "x"}, want: 405, check: func(t *testing.T, proto string, res exchangeResult) {
		if _, ok := res.Header["Allow"]; !ok {
			t.Errorf("%s POST /405: no Allow (RFC 9110, 15.5.6)", proto)
		}
	}},
	{q: request{path: "/503"}, want: 503, check: func(t *testing.T, proto string, res exchangeResult) {
		if res.Header.Get("Retry-After") != "3" {
			t.Errorf("%s GET /503: Retry-After %q, want 3", proto, res.Header.Get("Retry-After"))
		}
	}},
	{q: request{path: "/103"}, want: 200, check: func(t *testing.T, proto string, res exchangeResult) {
		if len(res.interim) != 1 || res.interim[0].code != 103 || len(res.interim[0].header.Values("Link")) == 0 {
			t.Errorf("%s GET /103: interim responses %v, want one 103 with Link (RFC 8297)", proto, res.interim)
		}
		if res.Header.Get("Link") != "" {
			t.Errorf("%s GET /103: the final response carries the hints' Link %q", proto, res.Header.Get("Link"))
		}
	}},
	{q: request{method: http.MethodPost, path: "/100", body: "hello", header: hdr("Expect", "100-continue")}, want: 200, check: func(t *testing.T, proto string, res exchangeResult) {
		if !strings.Contains(string(res.body), "received 5 bytes") {
			t.Errorf("%s POST /100: final content does not count the 5 bytes:\n%s", proto, res.body)
		}
	}},
	{q: request{method: "BREW", path: "/200"}, want: 501},
}

func runProtocolCases(t *testing.T, proto string, wantMajor int, client *http.Client, base string) {
	for _, tc := range protocolCases {
		t.Run(proto+" "+tc.q.String(), func(t *testing.T) {
			t.Parallel()
			res := send(t, client, base, tc.q)
			if res.ProtoMajor != wantMajor {
				t.Fatalf("%s: spoken over %s, want HTTP/%d", tc.q, res.Proto, wantMajor)
			}
			if res.StatusCode != tc.want {
				t.Errorf("%s over %s: status %d, want %d", tc.q, proto, res.StatusCode, tc.want)
			}
			if tc.check != nil {
				tc.check(t, proto, res)
			}
		})
	}
}

func TestServeSpeaksHTTP1AndHTTP2OverTLS(t *testing.T) {
	t.Parallel()
	srv := serveReal(t, Config{TLSSelfSigned: true})
	base := "https://" + srv.addr
	h2 := tlsClient(func(p *http.Protocols) { p.SetHTTP2(true) })
	h1 := tlsClient(func(p *http.Protocols) { p.SetHTTP1(true) })
	runProtocolCases(t, "HTTP/2 over TLS", 2, h2, base)
	runProtocolCases(t, "HTTP/1.1 over TLS", 1, h1, base)
}

func TestServeSpeaksHTTP1AndH2CInCleartext(t *testing.T) {
	t.Parallel()
	srv := serveReal(t, Config{})
	base := "http://" + srv.addr
	runProtocolCases(t, "h2c", 2, h2cClient(), base)
	runProtocolCases(t, "HTTP/1.1", 1, &http.Client{Timeout: 20 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, base)
}

// TestStatus101OverHTTP2Is400: 101 does not exist in HTTP/2 (RFC 9113,
// 8.6), so /101 explains that instead of pretending to switch.
func TestStatus101OverHTTP2Is400(t *testing.T) {
	t.Parallel()
	tlsSrv := serveReal(t, Config{TLSSelfSigned: true})
	plain := serveReal(t, Config{})
	for _, tc := range []struct {
		name   string
		client *http.Client
		base   string
	}{
		{"HTTP/2 over TLS", tlsClient(func(p *http.Protocols) { p.SetHTTP2(true) }), "https://" + tlsSrv.addr},
		{"h2c", h2cClient(), "http://" + plain.addr},
	} {
		res := send(t, tc.client, tc.base, request{path: "/101"})
		if res.ProtoMajor != 2 || res.StatusCode != http.StatusBadRequest || !strings.Contains(string(res.body), "RFC 9113") {
			t.Errorf("GET /101 over %s: %s %d, want HTTP/2 400 citing RFC 9113, 8.6:\n%s", tc.name, res.Proto, res.StatusCode, res.body)
		}
		// Upgrade and Connection are connection-specific and not allowed
		// in HTTP/2 (RFC 9113, 8.2.2), so a 426 there carries neither.
		res = send(t, tc.client, tc.base, request{path: "/426"})
		if res.StatusCode != 426 || res.Header.Get("Connection") != "" || res.Header.Get("Upgrade") != "" {
			t.Errorf("GET /426 over %s: status %d, Upgrade %q, Connection %q; want 426 without connection-specific fields", tc.name, res.StatusCode, res.Header.Get("Upgrade"), res.Header.Get("Connection"))
		}
	}
}

// TestServeDrainsInFlightRequestsOnShutdown cancels Serve's context while a
// ?sleep= request is running: the request still completes, and Serve
// returns nil once it has.
func TestServeDrainsInFlightRequestsOnShutdown(t *testing.T) {
	t.Parallel()
	srv := serveReal(t, Config{DrainTimeout: 10 * time.Second})
	client := &http.Client{Timeout: 20 * time.Second}
	done := make(chan exchangeResult, 1)
	errc := make(chan error, 1)
	go func() {
		res, err := trySend(client, "http://"+srv.addr, request{path: "/200?sleep=300ms"})
		errc <- err
		done <- res
	}()
	deadline := time.Now().Add(10 * time.Second)
	for srv.s.Sleeping() != 1 {
		if time.Now().After(deadline) {
			t.Fatal("the request never started sleeping")
		}
		time.Sleep(2 * time.Millisecond)
	}
	if err := srv.stop(); err != nil {
		t.Errorf("Serve after cancel with a request in flight: %v, want nil after the request drained", err)
	}
	if !srv.s.Draining() {
		t.Errorf("Draining() is false after shutdown began")
	}
	if err := <-errc; err != nil {
		t.Fatalf("the in-flight request failed during shutdown: %v", err)
	}
	if res := <-done; res.StatusCode != 200 {
		t.Errorf("the in-flight request got %d, want 200", res.StatusCode)
	}
	// New connections are refused once Serve has returned.
	if _, err := trySend(client, "http://"+srv.addr, request{path: "/200"}); err == nil {
		t.Errorf("a new request after shutdown succeeded")
	}
}

// TestServeCutsOffRequestsAfterTheDrainTimeout: a request sleeping longer
// than DrainTimeout does not hold shutdown forever; Serve reports it.
func TestServeCutsOffRequestsAfterTheDrainTimeout(t *testing.T) {
	t.Parallel()
	srv := serveReal(t, Config{DrainTimeout: 100 * time.Millisecond, MaxSleep: time.Minute})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		_, _ = trySendContext(ctx, &http.Client{}, "http://"+srv.addr, request{path: "/200?sleep=30s"})
	}()
	deadline := time.Now().Add(10 * time.Second)
	for srv.s.Sleeping() != 1 {
		if time.Now().After(deadline) {
			t.Fatal("the request never started sleeping")
		}
		time.Sleep(2 * time.Millisecond)
	}
	start := time.Now()
	err := srv.stop()
	if err == nil || !strings.Contains(err.Error(), "drain timeout") {
		t.Errorf("Serve with a request outliving DrainTimeout: %v, want an error naming the drain timeout", err)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("shutdown took %s with DrainTimeout 100ms", took)
	}
}
