package statuskittest_test

import (
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/statuskit/statuskit/server"
	"github.com/statuskit/statuskit/statuskittest"
	"github.com/statuskit/statuskit/store"
)

// get sends GET url with c and returns the response with its content read.
func get(t *testing.T, c *http.Client, url string, header http.Header) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, values := range header {
		req.Header[name] = values
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: reading the content: %v", url, err)
	}
	return resp, string(body)
}

func TestNewServerServesStatuskit(t *testing.T) {
	t.Parallel()
	sk := statuskittest.NewServer(t)
	if !strings.HasPrefix(sk.URL, "http://127.0.0.1:") && !strings.HasPrefix(sk.URL, "http://[::1]:") {
		t.Errorf("URL = %q, want a loopback http URL", sk.URL)
	}
	resp, _ := get(t, sk.Client(), sk.URL+"/503", nil)
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "3" {
		t.Errorf("GET /503: %s with Retry-After %q, want 503 with Retry-After: 3", resp.Status, resp.Header.Get("Retry-After"))
	}
}

func TestNewServerIsClosedByTheTestsCleanup(t *testing.T) {
	var url string
	t.Run("uses a server", func(t *testing.T) {
		url = statuskittest.NewServer(t).URL
	})
	c := &http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(url + "/200")
	if err == nil {
		resp.Body.Close()
		t.Fatalf("GET %s/200 after the test that started the server ended: %s, want a refused connection", url, resp.Status)
	}
}

// The server's http.Server carries statuskit serve's MaxHeaderBytes
// (32 KiB by default), so an oversized header section gets 431 (RFC 6585,
// 5) as it would from statuskit serve, not httptest's 1 MiB allowance.
func TestHeaderSectionOverMaxHeaderBytesGets431(t *testing.T) {
	t.Parallel()
	big := http.Header{"X-Big": {strings.Repeat("a", 40<<10)}}
	tests := []struct {
		name string
		opts []statuskittest.Option
		want int
	}{
		{"default 32 KiB", nil, http.StatusRequestHeaderFieldsTooLarge},
		{"MaxHeaderBytes 64 KiB", []statuskittest.Option{statuskittest.Configure(func(c *server.Config) { c.MaxHeaderBytes = 64 << 10 })}, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sk := statuskittest.NewServer(t, tt.opts...)
			resp, _ := get(t, sk.Client(), sk.URL+"/200", big)
			if resp.StatusCode != tt.want {
				t.Errorf("GET /200 with a 40 KiB header field: %s, want %d", resp.Status, tt.want)
			}
		})
	}
}

func TestWithConfigAppliesTheConfig(t *testing.T) {
	t.Parallel()
	sk := statuskittest.NewServer(t, statuskittest.Configure(func(c *server.Config) { c.MaxSleep = 100 * time.Millisecond }))
	resp, body := get(t, sk.Client(), sk.URL+"/200?sleep=200ms", nil)
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("GET /200?sleep=200ms with MaxSleep 100ms: %s, want 400 naming the cap; content: %s", resp.Status, body)
	}
}

// Servers are independent unless they share a store: a sequence advances
// once per request across every server holding its state.
func TestWithStoreSharesScenarioState(t *testing.T) {
	t.Parallel()
	const path = "/sequence/503,200?key=shared"
	shared := store.NewMemory(store.MemoryOptions{})
	t.Cleanup(func() { shared.Close() })
	tests := []struct {
		name string
		opts []statuskittest.Option
		want string // X-Statuskit-Sequence of the second server's answer
	}{
		{"own stores", nil, "1/2"},
		{"shared store", []statuskittest.Option{statuskittest.WithStore(shared)}, "2/2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := statuskittest.NewServer(t, tt.opts...)
			b := statuskittest.NewServer(t, tt.opts...)
			get(t, a.Client(), a.URL+path, nil)
			resp, _ := get(t, b.Client(), b.URL+path, nil)
			if got := resp.Header.Get("X-Statuskit-Sequence"); got != tt.want {
				t.Errorf("second server, after one request to the first: X-Statuskit-Sequence %q, want %q", got, tt.want)
			}
		})
	}
}

// recordingTB is the real test with Log and Fatal recorded, so a test can
// see what the package reports to its caller.
type recordingTB struct {
	testing.TB
	mu    sync.Mutex
	logs  []string
	fatal string
}

func (r *recordingTB) Log(args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.logs = append(r.logs, fmt.Sprint(args...))
}

func (r *recordingTB) Fatal(args ...any) {
	r.mu.Lock()
	r.fatal = fmt.Sprint(args...)
	r.mu.Unlock()
	runtime.Goexit()
}

func (r *recordingTB) logged() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.logs, "\n")
}

// fatalOf runs NewServer with opts and returns what it passed to t.Fatal.
func fatalOf(t *testing.T, opts ...statuskittest.Option) string {
	rec := &recordingTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		statuskittest.NewServer(rec, opts...)
	}()
	<-done
	return rec.fatal
}

func TestInvalidConfigFailsTheTestNamingTheField(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cfg  server.Config
		want string
	}{
		{"negative limit", server.Config{MaxSleep: -time.Second}, "MaxSleep must not be negative"},
		{"TLS files", server.Config{TLSCert: "cert.pem", TLSKey: "key.pem"}, "StartTLS"},
		{"self-signed TLS", server.Config{TLSSelfSigned: true}, "StartTLS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fatalOf(t, statuskittest.WithConfig(tt.cfg))
			if !strings.Contains(got, tt.want) {
				t.Errorf("NewServer(t, WithConfig(%+v)) failed the test with %q, want a message containing %q", tt.cfg, got, tt.want)
			}
		})
	}
}

func TestInvalidConfigWithoutATestPanics(t *testing.T) {
	t.Parallel()
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "MaxBody must not be negative") {
			t.Errorf("NewServer(nil, WithConfig(MaxBody: -1)) panicked with %v, want an error naming max-body", r)
		}
	}()
	statuskittest.NewServer(nil, statuskittest.Configure(func(c *server.Config) { c.MaxBody = -1 }))
}

func TestRequestLogGoesToTheTestLog(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts []statuskittest.Option
		want bool
	}{
		{"without WithRequestLog", nil, false},
		{"WithRequestLog", []statuskittest.Option{statuskittest.WithRequestLog()}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recordingTB{TB: t}
			sk := statuskittest.NewServer(rec, tt.opts...)
			get(t, sk.Client(), sk.URL+"/204", nil)
			// The log line is written once the response is; Close waits
			// for the handler to return.
			sk.Close()
			logged := rec.logged()
			if got := strings.Contains(logged, "msg=request method=GET path=/204 status=204"); got != tt.want {
				t.Errorf("request logged: %v, want %v; the test log was:\n%s", got, tt.want, logged)
			}
		})
	}
}

func TestStartTLSServesHTTPSToItsClient(t *testing.T) {
	t.Parallel()
	sk := statuskittest.NewUnstartedServer(t)
	sk.EnableHTTP2 = true
	sk.StartTLS()
	resp, _ := get(t, sk.Client(), sk.URL+"/200", nil)
	if resp.StatusCode != http.StatusOK || resp.TLS == nil || resp.ProtoMajor != 2 {
		t.Errorf("GET %s/200: %s over %s, TLS %v; want 200 over HTTP/2 with TLS", sk.URL, resp.Status, resp.Proto, resp.TLS != nil)
	}
}

// Like statuskit serve without TLS, the server speaks cleartext HTTP/2 to
// a client that knows it does (prior knowledge, RFC 9113, 3.3).
func TestServesCleartextHTTP2(t *testing.T) {
	t.Parallel()
	sk := statuskittest.NewServer(t)
	tr := &http.Transport{Protocols: new(http.Protocols), TLSClientConfig: &tls.Config{}}
	tr.Protocols.SetUnencryptedHTTP2(true)
	t.Cleanup(tr.CloseIdleConnections)
	resp, _ := get(t, &http.Client{Transport: tr}, sk.URL+"/200", nil)
	if resp.StatusCode != http.StatusOK || resp.ProtoMajor != 2 {
		t.Errorf("GET /200 with HTTP/2 prior knowledge: %s over %s, want 200 over HTTP/2", resp.Status, resp.Proto)
	}
}

// WithConfig(server.Config{}) is a valid server: every limit zero (no
// sleeping, no content), except the fields of server.ZeroMeansDefault,
// which take their defaults.
func TestWithZeroConfigLimitsAreZeroExceptZeroMeansDefault(t *testing.T) {
	t.Parallel()
	sk := statuskittest.NewServer(t, statuskittest.WithConfig(server.Config{}))
	for _, tc := range []struct {
		method, path, body string
		want               int
		why                string
	}{
		{"GET", "/200", "", http.StatusOK, "a status code needs no limit"},
		{"GET", "/200?sleep=10ms", "", http.StatusBadRequest, "MaxSleep 0 allows no sleeping"},
		{"POST", "/200", "x", http.StatusRequestEntityTooLarge, "MaxBody 0 accepts no content (RFC 9110, 15.5.14)"},
		{"GET", "/sequence/503,200?key=zero", "", http.StatusServiceUnavailable, "MaxStoreBytes and MaxKeys 0 are the defaults"},
	} {
		req, err := http.NewRequest(tc.method, sk.URL+tc.path, strings.NewReader(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := sk.Client().Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", tc.method, tc.path, err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("%s %s with WithConfig(server.Config{}): %s, want %d: %s", tc.method, tc.path, resp.Status, tc.want, tc.why)
		}
	}
}
