package gateway

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The gateway reaches what --upstream names and nothing else: it is not
// an open proxy, whatever the request target, method or Host say.
func TestNoRequestReachesAnythingButTheUpstream(t *testing.T) {
	t.Parallel()
	up := recordingUpstream(t)
	other := recordingUpstream(t) // what an attacker would like to reach
	gw := startGateway(t, testConfig(up.URL))
	otherHost := hostOf(other.URL)
	for _, tc := range []struct {
		name, request, method string
		status                int
		upstreamGets          bool
	}{
		{"absolute form naming another host", "GET http://" + otherHost + "/secret HTTP/1.1\r\nHost: " + otherHost + "\r\n\r\n", "GET", http.StatusMisdirectedRequest, false},
		{"absolute form naming a public host", "GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n", "GET", http.StatusMisdirectedRequest, false},
		{"CONNECT to another host", "CONNECT " + otherHost + " HTTP/1.1\r\nHost: " + otherHost + "\r\n\r\n", "CONNECT", http.StatusMethodNotAllowed, false},
		{"Host naming another host", "GET /secret HTTP/1.1\r\nHost: " + otherHost + "\r\n\r\n", "GET", http.StatusOK, true},
		{"absolute form naming the upstream", "GET " + up.URL + "/fine HTTP/1.1\r\nHost: " + hostOf(up.URL) + "\r\n\r\n", "GET", http.StatusOK, true},
		{"absolute form naming the gateway", "GET http://" + gw.addr + "/fine HTTP/1.1\r\nHost: " + gw.addr + "\r\n\r\n", "GET", http.StatusOK, true},
	} {
		before := up.count()
		res := exchange(t, gw.addr, tc.request, tc.method)
		body := readBody(t, res)
		if res.StatusCode != tc.status {
			t.Errorf("%s: %d %q, want %d", tc.name, res.StatusCode, body, tc.status)
		}
		if got := up.count() > before; got != tc.upstreamGets {
			t.Errorf("%s: upstream reached = %v, want %v", tc.name, got, tc.upstreamGets)
		}
		if tc.method == "CONNECT" && res.Header.Get("Allow") == "" {
			t.Errorf("%s: a 405 must carry Allow (RFC 9110, 15.5.6)", tc.name)
		}
	}
	if n := other.count(); n != 0 {
		t.Errorf("the other server got %d requests through the gateway; it must get none", n)
	}
}

func TestTheAdminAPIIsNotReachableThroughTheProxy(t *testing.T) {
	t.Parallel()
	up := recordingUpstream(t)
	gw := startGateway(t, testConfig(up.URL))
	for _, path := range []string{RulesPath, LogPath, "/metrics"} {
		res := get(t, gw.url+path)
		if body := readBody(t, res); body != "ok\n" {
			t.Errorf("GET %s on the proxy answered %q; it must be forwarded like any path, never answered by the admin API", path, body)
		}
		if got := up.last(t).RequestURI; got != path {
			t.Errorf("GET %s reached the upstream as %s", path, got)
		}
	}
	res, err := http.Post(gw.url+ResetPath, "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	readBody(t, res)
	if got := up.last(t).RequestURI; got != ResetPath {
		t.Errorf("POST %s on the proxy was not forwarded (upstream last saw %s)", ResetPath, got)
	}
}

func TestAnUpstreamThatIsTheGatewayItselfIsRefused(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ addr, admin, upstream string }{
		{"127.0.0.1:8080", "", "http://127.0.0.1:8080"},
		{"127.0.0.1:8080", "", "http://localhost:8080/api"},
		{":8080", "", "http://127.0.0.1:8080"},
		{"127.0.0.1:8080", "127.0.0.1:9091", "http://127.0.0.1:9091"},
	} {
		cfg := DefaultConfig()
		cfg.Addr, cfg.Admin, cfg.Upstream = tc.addr, tc.admin, tc.upstream
		if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "forward to itself") {
			t.Errorf("addr %s admin %q upstream %s: Validate = %v, want a refusal: the gateway would forward to itself", tc.addr, tc.admin, tc.upstream, err)
		}
	}
}

// Two gateways pointed at each other: the request comes back carrying
// this gateway's own Via entry, and is refused instead of circling.
func TestARequestThatLoopsBackIs508(t *testing.T) {
	t.Parallel()
	lnA, lnB := listen(t), listen(t)
	run := func(ln net.Listener, upstream string) {
		cfg := testConfig("http://" + upstream)
		cfg.Addr = ln.Addr().String()
		g, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- g.Serve(ctx, ln, nil, nil) }()
		t.Cleanup(func() {
			cancel()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Error("gateway did not stop")
			}
		})
	}
	run(lnA, lnB.Addr().String())
	run(lnB, lnA.Addr().String())
	res := get(t, "http://"+lnA.Addr().String()+"/x")
	body := readBody(t, res)
	if res.StatusCode != http.StatusLoopDetected || !strings.Contains(body, "already passed through this gateway") {
		t.Errorf("a request through two gateways that point at each other = %d %q, want 508 saying it looped", res.StatusCode, body)
	}
}
