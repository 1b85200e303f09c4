package cli

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/statuskit/statuskit/store"
	"github.com/statuskit/statuskit/store/redistest"
)

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
	a, _ := startServe(t, env)
	b, _ := startServe(t, env)
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
		{nil, []string{"--max-store-bytes", "0"}, "e.g. --max-store-bytes 8388608 (the default)"},
		{map[string]string{"STATUSKIT_MAX_STORE_BYTES": "-5"}, nil, "e.g. 8388608 (the default, 8 MiB)"},
		{map[string]string{"STATUSKIT_STATE_TTL": "500ms"}, nil, "STATUSKIT_STATE_TTL=500ms (which sets --state-ttl) must be at least 1s"},
		{map[string]string{"STATUSKIT_MAX_WINDOW": "forever"}, nil, "STATUSKIT_MAX_WINDOW"},
	} {
		code, _, errOut := run(t, tt.env, append([]string{"serve", "--addr", "127.0.0.1:0"}, tt.args...)...)
		if code != exitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("serve %v %v: exit %d, %q; want exit %d and %q", tt.env, tt.args, code, errOut, exitUsage, tt.want)
		}
	}
}

// A --store URL that cannot work with its server stops the start with
// exit 2 and says what to write instead; a Redis that is merely down does
// not: the server starts, warns, and answers 503 on stateful routes.
func TestServeRefusesAStoreURLThatCannotWork(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	for _, tt := range []struct {
		url  string
		want []string
	}{
		{"redis://" + srv.Addr + "/16", []string{"database 16 does not exist", "16 databases, numbered 0 to 15", "redis://" + srv.Addr + "/0"}},
		{"rediss://" + srv.Addr + "/0", []string{"TLS handshake failed", "plaintext", "redis://" + srv.Addr + "/0"}},
	} {
		code, _, errOut := run(t, nil, "serve", "--addr", "127.0.0.1:0", "--store", tt.url)
		if code != exitUsage {
			t.Errorf("serve --store %s: exit %d, want %d:\n%s", tt.url, code, exitUsage, errOut)
		}
		for _, w := range tt.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("serve --store %s: %q lacks %q", tt.url, errOut, w)
			}
		}
	}
}

func TestServeStartsWithARedisThatIsDownAndAnswers503(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	srv.Stop()
	base, stderr := startServe(t, map[string]string{"STATUSKIT_ADDR": "127.0.0.1:0", "STATUSKIT_STORE": srv.URL})
	if got := statusOf(t, base+"/sequence/200,201?key=down"); got != 503 {
		t.Errorf("/sequence with Redis down = %d, want 503", got)
	}
	if got := statusOf(t, base+"/200"); got != 200 {
		t.Errorf("/200 with Redis down = %d, want 200: stateless routes keep working", got)
	}
	if !strings.Contains(stderr.String(), "state store unreachable") {
		t.Errorf("no warning about the unreachable store:\n%s", stderr.String())
	}
}

func TestServeMaxStoreBytesBoundsTheMemoryStore(t *testing.T) {
	t.Parallel()
	// Room for two sequences (store.EntryBytes each), keys for thousands:
	// the third sequence evicts the least recently used.
	env := map[string]string{"STATUSKIT_ADDR": "127.0.0.1:0", "STATUSKIT_LOG_LEVEL": "warn",
		"STATUSKIT_MAX_STORE_BYTES": strconv.Itoa(2 * store.EntryBytes)}
	base, _ := startServe(t, env)
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
