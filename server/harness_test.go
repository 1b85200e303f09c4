package server

import (
	"bufio"
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"net/textproto"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// The helpers in this file let every test talk HTTP to a real server: an
// httptest.Server around New, or the production http.Server from Serve
// when a test needs its limits (431), TLS or h2c.

// testServer mounts New(testConfig(cfg)) in an httptest.Server closed by
// the test.
func testServer(t testing.TB, cfg Config) *httptest.Server {
	t.Helper()
	return httpTestServer(t, New(testConfig(cfg)))
}

// testConfig is cfg with every zero field taken from DefaultConfig, so a
// test names only the settings it is about. A test that means a zero limit
// builds its Config from DefaultConfig instead.
func testConfig(cfg Config) Config {
	d := DefaultConfig()
	dv, cv := reflect.ValueOf(d), reflect.ValueOf(&cfg).Elem()
	for i := range cv.NumField() {
		if f := cv.Field(i); f.IsZero() && f.CanSet() {
			f.Set(dv.Field(i))
		}
	}
	return cfg
}

// httpTestServer mounts a server the test also inspects (Sleeping...).
func httpTestServer(t testing.TB, s *Server) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return ts
}

// noRedirects is a client that reports redirects instead of following them,
// so a test sees the 3xx itself.
func noRedirects(ts *httptest.Server) *http.Client {
	c := *ts.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.Timeout = 20 * time.Second
	return &c
}

// exchangeResult is a response with its content read and the interim
// responses that came before it.
type exchangeResult struct {
	*http.Response
	body    []byte
	interim []interimResponse
}

type interimResponse struct {
	code   int
	header textproto.MIMEHeader
}

// request describes one request a test sends.
type request struct {
	method string
	path   string
	body   string
	header http.Header
}

func (q request) String() string {
	m := q.method
	if m == "" {
		m = http.MethodGet
	}
	s := m + " " + q.path
	for k, v := range q.header {
		s += " [" + k + ": " + strings.Join(v, ", ") + "]"
	}
	return s
}

// send performs q against base with client, recording 1xx responses, and
// fails the test on transport errors.
func send(t testing.TB, client *http.Client, base string, q request) exchangeResult {
	t.Helper()
	res, err := trySend(client, base, q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return res
}

func trySend(client *http.Client, base string, q request) (exchangeResult, error) {
	return trySendContext(context.Background(), client, base, q)
}

// contextWithCancel is a cancellable context for a request a test abandons.
func contextWithCancel() (context.Context, context.CancelFunc) {
	return context.WithCancel(context.Background())
}

func trySendContext(parent context.Context, client *http.Client, base string, q request) (exchangeResult, error) {
	method := q.method
	if method == "" {
		method = http.MethodGet
	}
	var body io.Reader
	if q.body != "" {
		body = strings.NewReader(q.body)
	}
	var mu sync.Mutex
	var res exchangeResult
	trace := &httptrace.ClientTrace{
		Got1xxResponse: func(code int, h textproto.MIMEHeader) error {
			mu.Lock()
			defer mu.Unlock()
			res.interim = append(res.interim, interimResponse{code, h})
			return nil
		},
	}
	ctx, cancel := context.WithTimeout(httptrace.WithClientTrace(parent, trace), 20*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, base+q.path, body)
	if err != nil {
		return res, err
	}
	for k, v := range q.header {
		req.Header[k] = v
	}
	resp, err := client.Do(req)
	if err != nil {
		return res, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return res, err
	}
	mu.Lock()
	defer mu.Unlock()
	res.Response, res.body = resp, b
	return res, nil
}

// get is send with GET and no extra fields.
func get(t testing.TB, ts *httptest.Server, path string) exchangeResult {
	t.Helper()
	return send(t, noRedirects(ts), ts.URL, request{path: path})
}

// hdr builds an http.Header from name, value pairs.
func hdr(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}

// rawConn is a plain TCP connection for what Go's client will not send or
// hides: CONNECT, HTTP/1.0, Expect handshakes, interim responses on the
// wire, protocol upgrades.
type rawConn struct {
	t    testing.TB
	conn net.Conn
	br   *bufio.Reader
}

func dialRaw(t testing.TB, addr string) *rawConn {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	t.Cleanup(func() { conn.Close() })
	_ = conn.SetDeadline(time.Now().Add(20 * time.Second))
	return &rawConn{t: t, conn: conn, br: bufio.NewReader(conn)}
}

func (c *rawConn) write(s string) {
	c.t.Helper()
	if _, err := io.WriteString(c.conn, s); err != nil {
		c.t.Fatalf("write %q: %v", s, err)
	}
}

// readHead reads one response's status line and header section, without
// its content.
func (c *rawConn) readHead() (statusLine string, h textproto.MIMEHeader) {
	c.t.Helper()
	tp := textproto.NewReader(c.br)
	line, err := tp.ReadLine()
	if err != nil {
		c.t.Fatalf("reading a status line: %v", err)
	}
	h, err = tp.ReadMIMEHeader()
	if err != nil {
		c.t.Fatalf("reading the header section after %q: %v", line, err)
	}
	return line, h
}

// readResponse reads one complete response to a request with method.
func (c *rawConn) readResponse(method string) (*http.Response, []byte) {
	c.t.Helper()
	resp, err := http.ReadResponse(c.br, &http.Request{Method: method})
	if err != nil {
		c.t.Fatalf("reading a response: %v", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("reading the content of %s: %v", resp.Status, err)
	}
	return resp, b
}

// readAll reads until the server closes the connection.
func (c *rawConn) readAll() string {
	c.t.Helper()
	b, err := io.ReadAll(c.br)
	if err != nil {
		c.t.Fatalf("reading until close: %v", err)
	}
	return string(b)
}

// listener opens a loopback listener on a free port.
func listener(t testing.TB) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	return ln
}

// realServer runs s through Serve, the production path with the
// http.Server limits, TLS and h2c. stop cancels it and returns Serve's
// error; cleanup calls stop if the test did not.
type realServer struct {
	s    *Server
	addr string
	stop func() error
}

func serveReal(t testing.TB, cfg Config) *realServer {
	t.Helper()
	s := New(testConfig(cfg))
	ln := listener(t)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	ready := make(chan net.Addr, 1)
	go func() { errc <- s.Serve(ctx, ln, func(a net.Addr) { ready <- a }) }()
	var addr net.Addr
	select {
	case addr = <-ready:
	case err := <-errc:
		cancel()
		t.Fatalf("Serve returned before it was ready: %v", err)
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatal("Serve never reported ready")
	}
	var once sync.Once
	var stopErr error
	stop := func() error {
		once.Do(func() {
			cancel()
			select {
			case stopErr = <-errc:
			case <-time.After(30 * time.Second):
				stopErr = context.DeadlineExceeded
			}
		})
		return stopErr
	}
	t.Cleanup(func() { _ = stop() })
	return &realServer{s: s, addr: addr.String(), stop: stop}
}

// tlsClient trusts the self-signed certificate and speaks the protocols
// given.
func tlsClient(protos func(*http.Protocols)) *http.Client {
	tr := &http.Transport{
		TLSClientConfig:   &tls.Config{InsecureSkipVerify: true}, // the server certificate is self-signed
		ForceAttemptHTTP2: true,
		Protocols:         new(http.Protocols),
	}
	protos(tr.Protocols)
	return &http.Client{
		Transport:     tr,
		Timeout:       20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// h2cClient speaks cleartext HTTP/2 with prior knowledge, and nothing else.
func h2cClient() *http.Client {
	tr := &http.Transport{Protocols: new(http.Protocols)}
	tr.Protocols.SetUnencryptedHTTP2(true)
	return &http.Client{
		Transport:     tr,
		Timeout:       20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// fieldNames lists a header's field names, for comparing GET with HEAD.
func fieldNames(h http.Header, skip ...string) map[string]bool {
	out := map[string]bool{}
	for k := range h {
		out[k] = true
	}
	for _, s := range skip {
		delete(out, s)
	}
	return out
}
