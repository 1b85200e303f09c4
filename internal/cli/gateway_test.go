package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/statuskit/statuskit/internal/capture"
)

// gatewayBanner finds the proxy's and admin's addresses in the banner or
// the JSON record.
var (
	gatewayProxy = regexp.MustCompile(`(?:serving on |"addr":")(127\.0\.0\.1:\d+)`)
	gatewayAdmin = regexp.MustCompile(`admin API on (http://127\.0\.0\.1:\d+)|"admin":"(http://127\.0\.0\.1:\d+)`)
)

// startGatewayCommand runs `statuskit gateway args...` until the test
// ends and returns the proxy's base URL and its stderr.
func startGatewayCommand(t *testing.T, env map[string]string, args ...string) (string, *capture.Buffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stderr := &capture.Buffer{}
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, append([]string{"gateway"}, args...), func(k string) string { return env[k] }, strings.NewReader(""), &bytes.Buffer{}, stderr)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("gateway did not stop after cancel")
		}
	})
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := gatewayProxy.FindStringSubmatch(stderr.String()); m != nil {
			return "http://" + m[1], stderr
		}
		select {
		case code := <-done:
			t.Fatalf("gateway exited %d:\n%s", code, stderr.String())
		default:
		}
	}
	t.Fatalf("gateway did not start:\n%s", stderr.String())
	return "", nil
}

func TestGatewayForwardsInjectsAndPrintsItsSeed(t *testing.T) {
	t.Parallel()
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "from upstream\n") }))
	t.Cleanup(up.Close)
	rules := filepath.Join(t.TempDir(), "rules.yaml")
	if err := os.WriteFile(rules, []byte("rules:\n  - id: down\n    match: {path: /down}\n    abort: {status: 503, retry_after: 2}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"STATUSKIT_UPSTREAM": up.URL, "STATUSKIT_SEED": "42"}
	base, stderr := startGatewayCommand(t, env, "--addr", "127.0.0.1:0", "--admin", "127.0.0.1:0", "--rules", rules)
	banner := stderr.String()
	for _, want := range []string{"forwarding to " + up.URL, "1 rules from " + rules, "seed 42 (--seed 42 reproduces these faults)", "/__statuskit/rules"} {
		if !strings.Contains(banner, want) {
			t.Errorf("banner lacks %q:\n%s", want, banner)
		}
	}
	if got := statusOf(t, base+"/up"); got != 200 {
		t.Errorf("GET /up through the gateway = %d", got)
	}
	res, err := http.Get(base + "/down")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 503 || res.Header.Get("Retry-After") != "2" {
		t.Errorf("GET /down = %d Retry-After %q, want the rule's 503 and 2", res.StatusCode, res.Header.Get("Retry-After"))
	}
	m := gatewayAdmin.FindStringSubmatch(banner)
	if m == nil {
		t.Fatalf("no admin address in the banner:\n%s", banner)
	}
	if got := statusOf(t, m[1]+"/__statuskit/log"); got != 200 {
		t.Errorf("GET /__statuskit/log on the admin listener = %d", got)
	}
}

func TestGatewayLogsEveryLineAsJSONUnderLogFormatJSON(t *testing.T) {
	t.Parallel()
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	t.Cleanup(up.Close)
	base, stderr := startGatewayCommand(t, nil, "--addr", "127.0.0.1:0", "--upstream", up.URL, "--log-format", "json", "--allow-header-faults")
	req, _ := http.NewRequest(http.MethodGet, base+"/x", nil)
	req.Header.Set("X-Statuskit-Fault", "abort=500")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var banner, fault map[string]any
	for deadline := time.Now().Add(5 * time.Second); fault == nil && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		for _, rec := range jsonLines(t, stderr.String()) {
			switch rec["msg"] {
			case "statuskit gateway serving":
				banner = rec
			case "fault injected":
				fault = rec
			}
		}
	}
	if banner == nil || banner["upstream"] != up.URL || banner["seed"] == nil {
		t.Errorf("banner record = %v", banner)
	}
	if fault == nil || fault["rule"] != "header" || fault["request_id"] == "" {
		t.Errorf("fault record = %v", fault)
	}
}

func TestGatewayRefusesSettingsThatCannotWork(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "rules.yaml")
	if err := os.WriteFile(bad, []byte("rules:\n  - id: a\n    abort: {status: 700}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		env  map[string]string
		args []string
		want []string
	}{
		{nil, nil, []string{"--upstream is required", "e.g. --upstream http://127.0.0.1:9000"}},
		{nil, []string{"--upstream", "127.0.0.1:9000"}, []string{"--upstream", "http://"}},
		{nil, []string{"--upstream", "http://user:pw@127.0.0.1:9000"}, []string{"credentials"}},
		{nil, []string{"--upstream", "http://127.0.0.1:8080"}, []string{"forward to itself"}},
		{nil, []string{"--upstream", "http://127.0.0.1:9000", "--upstream-timeout", "-1s"}, []string{`"--upstream-timeout" flag: a duration cannot be negative`}},
		{nil, []string{"--upstream", "http://127.0.0.1:9000", "--rules", bad}, []string{"the rules file has errors", bad + ":3:21: rules[0].abort.status: 700"}},
		{nil, []string{"--upstream", "http://127.0.0.1:9000", "--rules", filepath.Join(dir, "none.yaml")}, []string{"no such file", "e.g. --rules rules.yaml"}},
		{map[string]string{"STATUSKIT_MAX_RULES": "many"}, []string{"--upstream", "http://127.0.0.1:9000"}, []string{"STATUSKIT_MAX_RULES", "--max-rules"}},
		{nil, []string{"--upstream", "http://127.0.0.1:9000", "--store", "redis://127.0.0.1:1/0", "--max-keys", "5"}, []string{"--max-keys 5 bounds the memory store"}},
		{nil, []string{"--upstream", "http://127.0.0.1:9000", "--seed", "-3"}, []string{"--seed"}},
		{nil, []string{"--upstream", "http://127.0.0.1:9000", "--max-keys", "0"}, []string{"--max-keys 0 is not a limit", "e.g. --max-keys 100000"}},
		{map[string]string{"STATUSKIT_MAX_KEYS": "0"}, []string{"--upstream", "http://127.0.0.1:9000"}, []string{"STATUSKIT_MAX_KEYS=0 (which sets --max-keys)", "e.g. STATUSKIT_MAX_KEYS=100000"}},
		{map[string]string{"STATUSKIT_MAX_IN_FLIGHT": "0"}, []string{"--upstream", "http://127.0.0.1:9000"}, []string{"STATUSKIT_MAX_IN_FLIGHT=0 (which sets --max-in-flight) must be at least 1", "e.g. STATUSKIT_MAX_IN_FLIGHT=10000"}},
	} {
		code, _, errOut := run(t, tc.env, append([]string{"gateway", "--addr", "127.0.0.1:8080"}, tc.args...)...)
		if code != exitUsage {
			t.Errorf("gateway %v %v: exit %d, want %d; %s", tc.env, tc.args, code, exitUsage, errOut)
		}
		for _, want := range tc.want {
			if !strings.Contains(errOut, want) {
				t.Errorf("gateway %v %v: %q lacks %q", tc.env, tc.args, errOut, want)
			}
		}
	}
}
