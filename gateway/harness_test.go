package gateway

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/statuskit/statuskit/gateway/rule"
	"github.com/statuskit/statuskit/internal/capture"
)

// A test here drives a real upstream (an httptest server on 127.0.0.1)
// through a real gateway (both listeners open on 127.0.0.1:0), with real
// clients: net/http's, or raw bytes on a TCP connection when the wire
// itself is what a rule is about.

// testGateway is a running gateway.
type testGateway struct {
	*Gateway
	url   string // the proxy, http://127.0.0.1:PORT
	addr  string // the proxy's host:port
	admin string // the admin API, http://127.0.0.1:PORT
	log   *capture.Buffer
}

// testConfig is DefaultConfig aimed at upstream with a fixed seed and
// short timeouts.
func testConfig(upstream string) Config {
	cfg := DefaultConfig()
	cfg.Upstream = upstream
	cfg.Seed = 1
	cfg.UpstreamTimeout = 5 * time.Second
	cfg.DrainTimeout = time.Second
	return cfg
}

// withRules parses a rules document into cfg.
func withRules(t testing.TB, cfg Config, doc string) Config {
	t.Helper()
	set, err := rule.Parse([]byte(doc), "test rules", cfg.Limits)
	if err != nil {
		t.Fatalf("test rules do not parse: %v", err)
	}
	cfg.Rules = set
	return cfg
}

// startGateway runs a gateway until the test ends.
func startGateway(t testing.TB, cfg Config) *testGateway {
	t.Helper()
	proxyLn := listen(t)
	adminLn := listen(t)
	if cfg.Addr == DefaultConfig().Addr {
		cfg.Addr = proxyLn.Addr().String()
	}
	cfg.Admin = adminLn.Addr().String()
	logs := &capture.Buffer{}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	g, err := New(cfg)
	if err != nil {
		proxyLn.Close()
		adminLn.Close()
		t.Fatalf("gateway.New: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- g.Serve(ctx, proxyLn, adminLn, nil) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("gateway stopped with %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("gateway did not stop within 10s of its context ending")
		}
	})
	return &testGateway{Gateway: g, url: "http://" + proxyLn.Addr().String(), addr: proxyLn.Addr().String(),
		admin: "http://" + adminLn.Addr().String(), log: logs}
}

func listen(t testing.TB) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

// upstream starts an origin server with h until the test ends.
func upstream(t testing.TB, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}

// seen is what an upstream received.
type seen struct {
	Method, RequestURI, Host, Proto string
	Header, Trailer                 http.Header
	Body                            string
}

// recorder is an upstream that records every request it gets and
// answers 200 "ok".
type recorder struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []seen
}

func recordingUpstream(t testing.TB) *recorder {
	rec := &recorder{}
	rec.Server = upstream(t, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, seen{r.Method, r.RequestURI, r.Host, r.Proto, r.Header.Clone(), r.Trailer.Clone(), string(body)})
		rec.mu.Unlock()
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, "ok\n")
	})
	return rec
}

func (rec *recorder) count() int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return len(rec.reqs)
}

func (rec *recorder) last(t testing.TB) seen {
	t.Helper()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.reqs) == 0 {
		t.Fatal("the upstream received no request")
	}
	return rec.reqs[len(rec.reqs)-1]
}

// raw sends request bytes on a new connection to addr and reads one
// response (more with next). The connection closes with the test.
type rawConn struct {
	t    testing.TB
	conn net.Conn
	br   *bufio.Reader
}

func dial(t testing.TB, addr string) *rawConn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	t.Cleanup(func() { c.Close() })
	return &rawConn{t: t, conn: c, br: bufio.NewReader(c)}
}

func (c *rawConn) send(s string) {
	c.t.Helper()
	if _, err := io.WriteString(c.conn, s); err != nil {
		c.t.Fatalf("write request: %v", err)
	}
}

// response reads one response head (1xx included) for method.
func (c *rawConn) response(method string) *http.Response {
	c.t.Helper()
	res, err := http.ReadResponse(c.br, &http.Request{Method: method})
	if err != nil {
		c.t.Fatalf("read response: %v", err)
	}
	return res
}

// rest reads until the connection ends and returns what came and how it
// ended.
func (c *rawConn) rest() ([]byte, error) {
	var b bytes.Buffer
	_, err := io.Copy(&b, c.br)
	return b.Bytes(), err
}

// exchange is a one-shot raw request on a new connection.
func exchange(t testing.TB, addr, request, method string) *http.Response {
	t.Helper()
	c := dial(t, addr)
	c.send(request)
	return c.response(method)
}

func readBody(t testing.TB, res *http.Response) string {
	t.Helper()
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return string(b)
}

// get is a GET through net/http's client, with optional fields.
func get(t testing.TB, url string, fields ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(fields); i += 2 {
		req.Header.Add(fields[i], fields[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return res
}

func status(t testing.TB, url string, fields ...string) int {
	t.Helper()
	res := get(t, url, fields...)
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

// eventually polls cond every 10ms for up to 5s.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// hostOf is the host:port of a URL such as httptest's.
func hostOf(url string) string {
	return strings.TrimPrefix(strings.TrimPrefix(url, "http://"), "https://")
}

func mustJSON(t testing.TB, res *http.Response, v any) {
	t.Helper()
	body := readBody(t, res)
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("%d %q is not the JSON expected: %v", res.StatusCode, body, err)
	}
}
