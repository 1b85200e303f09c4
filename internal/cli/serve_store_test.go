package cli

import (
	"bytes"
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/statuskit/statuskit/store"
	"github.com/statuskit/statuskit/store/redistest"
)

// startServe runs `statuskit serve` with env until the test ends and
// returns its base URL.
func startServe(t *testing.T, env map[string]string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, []string{"serve"}, func(k string) string { return env[k] }, strings.NewReader(""), &bytes.Buffer{}, &stderr)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("serve did not stop after cancel")
		}
	})
	addr := regexp.MustCompile(`serving on (127\.0\.0\.1:\d+)`)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := addr.FindStringSubmatch(stderr.String()); m != nil {
			return "http://" + m[1]
		}
	}
	t.Fatalf("server did not start:\n%s", stderr.String())
	return ""
}

func statusOf(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestServeWithARedisStoreSharesStateBetweenProcesses(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	env := map[string]string{"STATUSKIT_ADDR": "127.0.0.1:0", "STATUSKIT_STORE": srv.URL, "STATUSKIT_LOG_LEVEL": "warn"}
	a, b := startServe(t, env), startServe(t, env)
	const path = "/sequence/503,502,200?key=cli"
	for i, tc := range []struct {
		base string
		want int
	}{{a, 503}, {b, 502}, {a, 200}} {
		if got := statusOf(t, tc.base+path); got != tc.want {
			t.Errorf("request %d: %d, want %d: both servers use --store %s, so the sequence advances once per request across them", i+1, got, tc.want, srv.URL)
		}
	}
}

func TestServeRejectsBadStoreSettings(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{nil, []string{"--store", "postgres://db"}, "redis://127.0.0.1:6379/0"},
		{nil, []string{"--store", "redis://127.0.0.1:6379/x"}, "redis://host:port/db"},
		{nil, []string{"--max-keys", "-1"}, "max-keys must not be negative"},
		{nil, []string{"--max-store-bytes", "0"}, "max-store-bytes must be at least 1"},
		{map[string]string{"STATUSKIT_MAX_STORE_BYTES": "-5"}, nil, "e.g. 67108864 for 64 MiB"},
		{map[string]string{"STATUSKIT_STATE_TTL": "500ms"}, nil, "state-ttl must be at least 1s"},
		{map[string]string{"STATUSKIT_MAX_WINDOW": "forever"}, nil, "STATUSKIT_MAX_WINDOW"},
	} {
		code, _, errOut := run(t, tt.env, append([]string{"serve", "--addr", "127.0.0.1:0"}, tt.args...)...)
		if code != exitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("serve %v %v: exit %d, %q; want exit %d and %q", tt.env, tt.args, code, errOut, exitUsage, tt.want)
		}
	}
}

func TestServeMaxStoreBytesBoundsTheMemoryStore(t *testing.T) {
	t.Parallel()
	// Room for two sequences (store.EntryBytes each), keys for thousands:
	// the third sequence evicts the least recently used.
	env := map[string]string{"STATUSKIT_ADDR": "127.0.0.1:0", "STATUSKIT_LOG_LEVEL": "warn",
		"STATUSKIT_MAX_STORE_BYTES": strconv.Itoa(2 * store.EntryBytes)}
	base := startServe(t, env)
	seq := func(key string) int { return statusOf(t, base+"/sequence/503,200?key="+key) }
	seq("a")
	seq("b")
	seq("c") // evicts a
	if got := seq("c"); got != 200 {
		t.Errorf("second request of key c: %d, want 200 (kept)", got)
	}
	if got := seq("a"); got != 503 {
		t.Errorf("second request of key a: %d, want 503: with STATUSKIT_MAX_STORE_BYTES=%d the store holds two sequences, so a was evicted and started over",
			got, 2*store.EntryBytes)
	}
}
