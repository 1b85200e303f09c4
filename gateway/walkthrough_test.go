package gateway

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// The README walkthrough: a retrying Go client (go-retryablehttp, which
// honours Retry-After) gets through a service whose first two checkouts
// per client fail, and the fault log shows the two it rode out.
func TestWalkthroughARetryingClientGetsThrough(t *testing.T) {
	t.Parallel()
	service := upstream(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "order placed\n")
	})
	gw := startGateway(t, withRules(t, testConfig(service.URL), `
rules:
  - id: first-two-fail
    match: {method: POST, path: /checkout}
    key: {header: X-Client-Id}
    sequence: [{status: 503, retry_after: 0}, {status: 503, retry_after: 0}, pass]
`))
	client := retryablehttp.NewClient()
	client.RetryMax = 3
	client.RetryWaitMax = 50 * time.Millisecond
	client.Logger = nil
	var attempts []int
	client.ResponseLogHook = func(_ retryablehttp.Logger, res *http.Response) { attempts = append(attempts, res.StatusCode) }
	req, err := retryablehttp.NewRequest(http.MethodPost, gw.url+"/checkout", strings.NewReader(`{"item": 42}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Client-Id", "walkthrough")
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("the retrying client gave up: %v (attempts %v)", err, attempts)
	}
	body := readBody(t, res)
	if res.StatusCode != 200 || body != "order placed\n" || len(attempts) != 3 || attempts[0] != 503 || attempts[1] != 503 {
		t.Errorf("= %d %q after attempts %v; want 200 on the third attempt after two 503s", res.StatusCode, body, attempts)
	}
	var doc logDocument
	mustJSON(t, get(t, gw.admin+LogPath), &doc)
	if doc.Counts["first-two-fail"]["sequence"] != 2 {
		t.Errorf("fault log counts %v; want the two 503s", doc.Counts)
	}
}

// Over HTTP/2 a connection fault resets the stream: the client sees an
// error, never a complete response.
func TestConnectionFaultsResetTheStreamOverHTTP2(t *testing.T) {
	t.Parallel()
	up := upstream(t, func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, strings.Repeat("x", 100)) })
	gw := startGateway(t, withRules(t, testConfig(up.URL), `rules: [{id: reset, connection: {fault: reset, after: 10}}]`))
	tr := &http.Transport{Protocols: new(http.Protocols)}
	tr.Protocols.SetUnencryptedHTTP2(true)
	defer tr.CloseIdleConnections()
	res, err := (&http.Client{Transport: tr}).Get(gw.url + "/x")
	if err == nil {
		body, rerr := io.ReadAll(res.Body)
		res.Body.Close()
		if rerr == nil {
			t.Fatalf("HTTP/2 read %d bytes and a clean end; a reset must break the stream", len(body))
		}
		err = rerr
	}
	if !strings.Contains(err.Error(), "stream error") && !strings.Contains(err.Error(), "INTERNAL_ERROR") && !strings.Contains(err.Error(), "EOF") {
		t.Errorf("HTTP/2 client error = %v; want a reset stream", err)
	}
}
