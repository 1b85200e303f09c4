package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// probeServer answers every request with code (and Location for a 3xx).
func probeServer(t *testing.T, code int) string {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			t.Errorf("probe sent %s, want GET", r.Method)
		}
		if code >= 300 && code <= 399 {
			w.Header().Set("Location", "/elsewhere")
		}
		w.WriteHeader(code)
	}))
	t.Cleanup(ts.Close)
	return ts.URL + "/healthz"
}

// closedPort is a loopback address nothing listens on: a port the kernel
// handed out and that was then released.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// runBounded runs the program but fails the test instead of hanging if it
// does not return within limit: a probe that hangs is the defect tested for.
func runBounded(t *testing.T, limit time.Duration, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- Run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	}()
	select {
	case code = <-done:
		return code, out.String(), errOut.String()
	case <-time.After(limit):
		t.Fatalf("statuskit %s did not return within %s", strings.Join(args, " "), limit)
		return 0, "", ""
	}
}

func TestProbeExitsZeroOnlyFor2xx(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code     int
		wantExit int
		wantErr  string // in stderr
	}{
		{200, exitOK, ""},
		{204, exitOK, ""},
		{299, exitOK, ""},
		{301, exitNotFound, "301 Moved Permanently, want 2xx (Location: /elsewhere; probe does not follow redirects)"},
		{404, exitNotFound, "404 Not Found, want 2xx"},
		{503, exitNotFound, "503 Service Unavailable, want 2xx"},
	}
	for _, tt := range tests {
		target := probeServer(t, tt.code)
		code, out, errOut := runBounded(t, 10*time.Second, "probe", target)
		if code != tt.wantExit {
			t.Errorf("probe of a %d: exit %d, want %d (RFC 9110, 15.3: only 2xx is success); stderr %q", tt.code, code, tt.wantExit, errOut)
		}
		if tt.wantErr == "" {
			if errOut != "" || !strings.Contains(out, target+": ") {
				t.Errorf("probe of a %d: stdout %q stderr %q, want the URL and status on stdout only", tt.code, out, errOut)
			}
			continue
		}
		if want := "statuskit: probe " + target + ": " + tt.wantErr + "\n"; errOut != want {
			t.Errorf("probe of a %d: stderr %q, want %q", tt.code, errOut, want)
		}
	}
}

func TestProbeOfAClosedPortSaysConnectionRefused(t *testing.T) {
	t.Parallel()
	target := "http://" + closedPort(t) + "/healthz"
	code, _, errOut := runBounded(t, 10*time.Second, "probe", target)
	if code != exitNotFound || errOut != "statuskit: probe "+target+": connection refused (nothing is listening there)\n" {
		t.Errorf("probe of a closed port: exit %d, stderr %q; want 1 and connection refused", code, errOut)
	}
}

func TestProbeGivesUpAfterItsTimeout(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select { // hang until the probe gives up or the test ends
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(ts.Close)
	t.Cleanup(func() { close(release) }) // runs before ts.Close
	code, _, errOut := runBounded(t, 10*time.Second, "probe", "--timeout", "100ms", ts.URL+"/healthz")
	if code != exitNotFound || !strings.HasSuffix(errOut, ": no response within 100ms (--timeout)\n") {
		t.Errorf("probe of a hanging server: exit %d, stderr %q; want 1 and no response within 100ms", code, errOut)
	}
}

func TestProbeRefusesWhatIsNotAnHTTPURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"probe", "ftp://127.0.0.1/healthz"}, "only http and https URLs"},
		{[]string{"probe", "localhost:8080/healthz"}, `the URL has no scheme; write http:// or https:// before the host, e.g. statuskit probe http://localhost:8080/healthz`},
		{[]string{"probe", "127.0.0.1:8080/x"}, `"127.0.0.1:8080/x": the URL has no scheme; write http:// or https:// before the host, e.g. statuskit probe http://127.0.0.1:8080/x`},
		{[]string{"probe", "example.com"}, "e.g. statuskit probe http://example.com"},
		{[]string{"probe", "/healthz"}, "only http and https URLs"},
		{[]string{"probe", ""}, "only http and https URLs"},
		{[]string{"probe", "http:///healthz"}, "the URL has no host"},
		{[]string{"probe", "http://[::1/healthz"}, "not a URL"},
		{[]string{"probe"}, "accepts 1 arg"},
		{[]string{"probe", "http://a", "http://b"}, "accepts 1 arg"},
		// Every bad --timeout states one rule: above zero.
		{[]string{"probe", "--timeout", "0s", "http://127.0.0.1:8080/healthz"}, "0 is not allowed here: give a duration above zero"},
		{[]string{"probe", "--timeout", "0s", "http://127.0.0.1:8080/healthz"}, "--timeout takes a duration above zero, e.g. --timeout 2s"},
		{[]string{"probe", "--timeout", "soon", "http://127.0.0.1:8080/healthz"}, "invalid argument \"soon\""},
		{[]string{"probe", "--timeout", "soon", "http://127.0.0.1:8080/healthz"}, "--timeout takes a duration above zero, e.g. --timeout 2s"},
		{[]string{"probe", "--timeout", "-1s", "http://127.0.0.1:8080/healthz"}, "cannot be negative: give a duration above zero"},
	}
	for _, tt := range tests {
		code, out, errOut := runBounded(t, 10*time.Second, tt.args...)
		if code != exitUsage || !strings.Contains(errOut, tt.want) || out != "" {
			t.Errorf("statuskit %q: exit %d, stdout %q, stderr %q; want exit 2 and %q", tt.args, code, out, errOut, tt.want)
		}
		if strings.Contains(errOut, "first path segment") {
			t.Errorf("statuskit %q: stderr %q leaks the URL parser's words instead of saying what is missing", tt.args, errOut)
		}
		if strings.HasPrefix(tt.want, "only") && !strings.Contains(errOut, "e.g. statuskit probe http://127.0.0.1:8080/healthz") {
			t.Errorf("statuskit %q: stderr %q gives no example of a URL that works", tt.args, errOut)
		}
	}
}

func TestProbeJSONReportsTheVerdict(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		code   int
		wantOK bool
		exit   int
	}{{200, true, exitOK}, {503, false, exitNotFound}} {
		target := probeServer(t, tt.code)
		code, out, _ := runBounded(t, 10*time.Second, "probe", "--json", target)
		var got struct {
			URL    string   `json:"url"`
			OK     bool     `json:"ok"`
			Status int      `json:"status"`
			Reason string   `json:"reason"`
			MS     *float64 `json:"elapsed_ms"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("probe --json of a %d printed no JSON (%v):\n%s", tt.code, err, out)
		}
		if code != tt.exit || got.URL != target || got.OK != tt.wantOK || got.Status != tt.code || (got.Reason == "") == !tt.wantOK || got.MS == nil {
			t.Errorf("probe --json of a %d: exit %d, %+v", tt.code, code, got)
		}
	}
}
