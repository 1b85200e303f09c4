package server

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Operations endpoints: liveness and readiness.

func TestHealthzSaysTheProcessIsAlive(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	res := get(t, ts, "/healthz")
	if res.StatusCode != http.StatusOK || string(res.body) != "ok\n" || res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("GET /healthz: %d %q Cache-Control %q, want 200 ok, never cached", res.StatusCode, res.body, res.Header.Get("Cache-Control"))
	}
	q := request{path: "/healthz", header: hdr("Accept", "application/json")}
	var probe struct{ Status string }
	if err := json.Unmarshal(send(t, noRedirects(ts), ts.URL, q).body, &probe); err != nil || probe.Status != "ok" {
		t.Errorf("%s: %+v (%v), want {\"status\":\"ok\"}", q, probe, err)
	}
}

func TestReadyzIsFalseWhileDraining(t *testing.T) {
	t.Parallel()
	s := New(testConfig(Config{DrainTimeout: 7 * time.Second}))
	ts := httpTestServer(t, s)
	if res := get(t, ts, "/readyz"); res.StatusCode != http.StatusOK || string(res.body) != "ready\n" {
		t.Errorf("GET /readyz on a serving server: %d %q, want 200 ready", res.StatusCode, res.body)
	}
	s.lifecycle.Drain()
	res := get(t, ts, "/readyz")
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") != "7" || !strings.Contains(string(res.body), "draining") {
		t.Errorf("GET /readyz while draining: %d Retry-After %q %q, want 503 with Retry-After 7 (the drain timeout) saying it is draining",
			res.StatusCode, res.Header.Get("Retry-After"), res.body)
	}
	// Liveness does not change: restarting a draining process helps nobody.
	if res := get(t, ts, "/healthz"); res.StatusCode != http.StatusOK {
		t.Errorf("GET /healthz while draining: %d, want 200", res.StatusCode)
	}
}

// With a drain delay the server keeps answering after the signal, so a
// load balancer sees /readyz fail before the listener closes.
func TestDrainDelayKeepsServingWithReadinessFalse(t *testing.T) {
	t.Parallel()
	s := New(testConfig(Config{DrainDelay: 3 * time.Second}))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln, nil) }()
	base := "http://" + ln.Addr().String()
	client := &http.Client{Timeout: 5 * time.Second}
	if res := send(t, client, base, request{path: "/readyz"}); res.StatusCode != http.StatusOK {
		t.Fatalf("GET /readyz before the signal: %d, want 200", res.StatusCode)
	}
	stop()
	deadline := time.Now().Add(2 * time.Second)
	for {
		res, err := trySend(client, base, request{path: "/readyz"})
		if err == nil && res.StatusCode == http.StatusServiceUnavailable {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("within the 3s drain delay, /readyz never answered 503 (last: %v, %v)", res.Response, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if res := send(t, client, base, request{path: "/200"}); res.StatusCode != http.StatusOK {
		t.Errorf("GET /200 during the drain delay: %d, want 200: the server still serves", res.StatusCode)
	}
	select {
	case err := <-done:
		if err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("Serve returned %v after the drain", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after the drain delay")
	}
}
