package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"net/http"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/statuskit/statuskit/internal/capture"
)

// run executes the real program in-process with its own environment.
func run(t *testing.T, vars map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(k string) string { return vars[k] }
	environ := func() []string {
		var kv []string
		for k, v := range vars {
			kv = append(kv, k+"="+v)
		}
		return kv
	}
	code = runEnv(&env{ctx: context.Background(), getenv: getenv, environ: environ,
		stdin: strings.NewReader(""), stdout: &out, stderr: &errOut}, args)
	return code, out.String(), errOut.String()
}

func TestExplainPrintsEverythingADeveloperNeeds(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"503"}, {"explain", "503"}, {"explain", "service", "unavailable"}, {"Service-Unavailable"}} {
		code, out, errOut := run(t, nil, args...)
		if code != 0 {
			t.Fatalf("statuskit %v exited %d: %s", args, code, errOut)
		}
		for _, want := range []string{
			"503 Service Unavailable", "5xx Server Error", "temporary overload",
			"https://www.rfc-editor.org/rfc/rfc9110.html#section-15.6.4",
			"Required headers:", "Recommended headers:", "Retry-After", "Retry:", "honour Retry-After",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("statuskit %v output lacks %q:\n%s", args, want, out)
			}
		}
	}
}

func TestExplainByWordsPicksTheBestMatch(t *testing.T) {
	t.Parallel()
	code, out, _ := run(t, nil, "explain", "too many")
	if code != 0 || !strings.HasPrefix(out, "429 Too Many Requests") {
		t.Fatalf("explain \"too many\" = %d:\n%s", code, out)
	}
}

func TestUnofficialCodesAreMarked(t *testing.T) {
	t.Parallel()
	_, out, _ := run(t, nil, "499")
	if !strings.Contains(strings.SplitN(out, "\n", 2)[0], "[unofficial, nginx") {
		t.Errorf("499's first line does not mark it unofficial: %q", strings.SplitN(out, "\n", 2)[0])
	}
}

func TestSearchRateLimitFinds429First(t *testing.T) {
	t.Parallel()
	code, out, errOut := run(t, nil, "search", "rate limit")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.HasPrefix(out, "429") {
		t.Errorf("first result is not 429:\n%s", out)
	}
	_, out, _ = run(t, nil, "search", "retry", "--limit", "2")
	if n := strings.Count(out, "\n"); n != 2 {
		t.Errorf("--limit 2 printed %d lines:\n%s", n, out)
	}
	if code, _, errOut := run(t, nil, "search", "retry", "--limit", "0"); code != exitUsage || !strings.Contains(errOut, "--limit") {
		t.Errorf("--limit 0: exit %d, %q", code, errOut)
	}
}

func TestListAClass(t *testing.T) {
	t.Parallel()
	code, out, _ := run(t, nil, "list", "4xx")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 29 {
		t.Errorf("list 4xx printed %d lines, want every 4xx code", len(lines))
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "4") {
			t.Errorf("list 4xx printed %q", l)
		}
	}
	_, all, _ := run(t, nil, "list")
	if strings.Count(all, "\n") <= len(lines) {
		t.Error("list without a class does not list more than 4xx")
	}
}

func TestBadInputExitsNonZeroWithAClearMessage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"600"}, exitUsage, "from 100 to 599"},
		{[]string{"99"}, exitUsage, "from 100 to 599"},
		{[]string{"abc"}, exitNotFound, "give a number from 100 to 599"},
		{[]string{"not", "fund"}, exitNotFound, "did you mean 404 Not Found"},
		{[]string{"list", "9xx"}, exitUsage, "1xx, 2xx, 3xx, 4xx and 5xx"},
		{[]string{"search", "qqqqzzzz"}, exitNotFound, "no code's text has every word"},
		{[]string{"--no-such-flag"}, exitUsage, "unknown flag"},
		{[]string{"explain"}, exitUsage, "requires at least 1 arg"},
		{[]string{"list", "4xx", "5xx"}, exitUsage, "accepts at most 1 arg"},
	}
	for _, tt := range tests {
		code, out, errOut := run(t, nil, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("statuskit %v: exit %d, stderr %q; want exit %d and %q", tt.args, code, errOut, tt.code, tt.want)
		}
		if out != "" {
			t.Errorf("statuskit %v wrote to stdout on error: %q", tt.args, out)
		}
	}
}

func TestJSONOutputIsMachineReadable(t *testing.T) {
	t.Parallel()
	_, out, _ := run(t, nil, "429", "--json")
	var c struct {
		Code    int    `json:"code"`
		Phrase  string `json:"phrase"`
		Headers []struct {
			Name  string `json:"name"`
			Level string `json:"level"`
		} `json:"headers"`
		Advice struct {
			Retry string `json:"retry"`
		} `json:"advice"`
	}
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatalf("429 --json is not JSON: %v\n%s", err, out)
	}
	if c.Code != 429 || c.Phrase != "Too Many Requests" || c.Advice.Retry == "" || len(c.Headers) == 0 {
		t.Errorf("429 --json = %+v", c)
	}
	for _, args := range [][]string{{"list", "5xx", "--json"}, {"search", "retry", "--json"}} {
		_, out, _ := run(t, nil, args...)
		var list []map[string]any
		if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) == 0 {
			t.Errorf("%v: %v (%d items)", args, err, len(list))
		}
	}
}

func TestNoColourWhenNotATerminal(t *testing.T) {
	t.Parallel()
	_, out, _ := run(t, nil, "404")
	if strings.Contains(out, "\x1b[") {
		t.Error("output to a buffer contains ANSI escapes")
	}
}

func TestHelpIsComplete(t *testing.T) {
	t.Parallel()
	_, out, _ := run(t, nil, "--help")
	for _, want := range []string{"explain", "search", "list", "serve", "completion", "--json", "NO_COLOR"} {
		if !strings.Contains(out, want) {
			t.Errorf("--help lacks %q", want)
		}
	}
	_, out, _ = run(t, nil, "serve", "--help")
	for _, want := range []string{"--addr", "--max-sleep", "--max-body", "--cors-origins", "--tls-self-signed", "--log-format", "STATUSKIT_"} {
		if !strings.Contains(out, want) {
			t.Errorf("serve --help lacks %q", want)
		}
	}
}

func TestShellCompletion(t *testing.T) {
	t.Parallel()
	code, out, _ := run(t, nil, "completion", "bash")
	if code != 0 || !strings.Contains(out, "__start_statuskit") {
		t.Errorf("completion bash: exit %d, %d bytes", code, len(out))
	}
	_, out, _ = run(t, nil, "__complete", "42")
	if !strings.Contains(out, "429\tToo Many Requests") {
		t.Errorf("completing 42 does not offer 429:\n%s", out)
	}
}

func TestServeTakesFlagsFromTheEnvironmentAndShutsDownOnCancel(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr capture.Buffer
	env := map[string]string{"STATUSKIT_ADDR": "127.0.0.1:0", "STATUSKIT_LOG_FORMAT": "json"}
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, []string{"serve"}, func(k string) string { return env[k] }, strings.NewReader(""), &bytes.Buffer{}, &stderr)
	}()
	base := waitForBanner(t, &stderr)
	resp, err := http.Get(base + "/503")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" {
		t.Errorf("GET /503 = %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d after cancel:\n%s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop after cancel")
	}
	if !strings.Contains(stderr.String(), `"msg":"request"`) || !strings.Contains(stderr.String(), `"status":503`) {
		t.Errorf("no JSON request log line:\n%s", stderr.String())
	}
	if !strings.Contains(stderr.String(), `"drain_timeout":"15s"`) {
		t.Errorf("the shutdown record does not give drain_timeout as text (\"15s\"):\n%s", stderr.String())
	}
}

func TestServeRejectsBadSettings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{"STATUSKIT_MAX_SLEEP": "soon"}, nil, "STATUSKIT_MAX_SLEEP"},
		{nil, []string{"--log-format", "xml"}, "use text or json"},
		{nil, []string{"--log-level", "loud"}, "debug, info, warn or error"},
		{nil, []string{"--tls-cert", "x.pem"}, "--tls-cert and --tls-key go together"},
		{nil, []string{"--max-body", "-1"}, "max-body must not be negative"},
		{nil, []string{"--cors-origins", "example.com"}, "scheme://host"},
	}
	for _, tt := range tests {
		code, _, errOut := run(t, tt.env, append([]string{"serve", "--addr", "127.0.0.1:0"}, tt.args...)...)
		if code != exitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("serve %v %v: exit %d, %q; want exit %d and %q", tt.env, tt.args, code, errOut, exitUsage, tt.want)
		}
	}
}

func TestGCPercentFlag(t *testing.T) {
	// Not parallel: the GC setting is process-wide.
	prev := debug.SetGCPercent(100)
	defer debug.SetGCPercent(prev)
	noEnv := func(string) string { return "" }
	if err := setGCPercent(false, defaultGCPercent, noEnv); err != nil || debug.SetGCPercent(100) != defaultGCPercent {
		t.Errorf("the default did not set GOGC to %d (err %v)", defaultGCPercent, err)
	}
	withGOGC := func(k string) string { return map[string]string{"GOGC": "150"}[k] }
	if err := setGCPercent(false, defaultGCPercent, withGOGC); err != nil || debug.SetGCPercent(100) != 100 {
		t.Error("a GOGC variable must win over the flag's default")
	}
	if err := setGCPercent(true, 250, withGOGC); err != nil || debug.SetGCPercent(100) != 250 {
		t.Error("an explicit --gc-percent must win over GOGC")
	}
	if err := setGCPercent(true, -5, noEnv); err == nil || !strings.Contains(err.Error(), "-1 (GC off)") {
		t.Errorf("--gc-percent -5: err %v, want one saying what is valid", err)
	}
}

func TestServeSetsASoftMemoryLimitUnlessGOMEMLIMITIsSet(t *testing.T) {
	// Not parallel: the memory limit is process-wide.
	prev := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(prev)
	const storeBytes = 8 << 20
	want := int64(32<<20 + 2*storeBytes)
	if got := defaultMemoryLimit(storeBytes); got != want {
		t.Fatalf("default limit for an 8 MiB store: %d, want %d (32 MiB + twice the store)", got, want)
	}
	if got := defaultMemoryLimit(math.MaxInt64); got <= 0 {
		t.Errorf("default limit for the largest store: %d; want it positive, not overflowed", got)
	}
	setMemoryLimit(want, func(string) string { return "" })
	if got := debug.SetMemoryLimit(-1); got != want {
		t.Errorf("without GOMEMLIMIT: limit %d, want %d", got, want)
	}
	debug.SetMemoryLimit(prev)
	setMemoryLimit(want, func(k string) string { return map[string]string{"GOMEMLIMIT": "1GiB"}[k] })
	if got := debug.SetMemoryLimit(-1); got != prev {
		t.Errorf("with GOMEMLIMIT set: limit %d, want it left at %d (a person's GOMEMLIMIT wins)", got, prev)
	}
}
