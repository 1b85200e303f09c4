package cli

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
	"github.com/statuskit/statuskit/internal/capture"
)

// startServe runs `statuskit serve args...` with env until the test ends
// and returns its base URL and its stderr.
func startServe(t *testing.T, env map[string]string, args ...string) (string, *capture.Buffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stderr := &capture.Buffer{}
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, append([]string{"serve"}, args...), func(k string) string { return env[k] }, strings.NewReader(""), &bytes.Buffer{}, stderr)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("serve did not stop after cancel")
		}
	})
	return waitForBanner(t, stderr), stderr
}

// bannerURL finds the base URL in the banner, whether it is the text
// sentence ("try: curl -i http://127.0.0.1:PORT/503") or the JSON record
// ("url":"http://127.0.0.1:PORT/").
var bannerURL = regexp.MustCompile(`(https?://(?:127\.0\.0\.1|localhost):\d+)/`)

func waitForBanner(t *testing.T, stderr *capture.Buffer) string {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := bannerURL.FindStringSubmatch(stderr.String()); m != nil {
			return m[1]
		}
	}
	t.Fatalf("server did not start:\n%s", stderr.String())
	return ""
}

// needCommand finds a program the test runs, or ends the test: skipped
// locally, failed under CI=true, where nothing may pass by skipping.
func needCommand(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s not found; CI must run this test", name)
		}
		t.Skipf("%s not found", name)
	}
	return p
}

// jsonLines checks that every line of a log is one JSON object and
// returns them.
func jsonLines(t *testing.T, log string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(log), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("under --log-format json this stderr line is not JSON: %q", line)
			continue
		}
		out = append(out, rec)
	}
	return out
}

func TestServeLogsEveryLineAsJSONUnderLogFormatJSON(t *testing.T) {
	t.Parallel()
	base, stderr := startServe(t, nil, "--addr", "127.0.0.1:0", "--log-format", "json")
	if got := statusOf(t, base+"/404"); got != 404 {
		t.Errorf("GET /404 = %d", got)
	}
	var banner map[string]any
	for _, rec := range jsonLines(t, stderr.String()) {
		if rec["msg"] == "statuskit serving" {
			banner = rec
		}
	}
	if banner == nil {
		t.Fatalf("no \"statuskit serving\" record:\n%s", stderr.String())
	}
	for _, field := range []string{"addr", "url", "try"} {
		if s, _ := banner[field].(string); s == "" {
			t.Errorf("the banner record has no %q: %v", field, banner)
		}
	}
	if try, _ := banner["try"].(string); !strings.Contains(try, base+"/503") {
		t.Errorf("the banner's try %q does not name %s/503", banner["try"], base)
	}
}

// Failures after the logger exists are records too, with the exit code.
func TestServeFailuresAreJSONRecordsUnderLogFormatJSON(t *testing.T) {
	t.Parallel()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"address in use", []string{"--addr", busy.Addr().String()}, exitFailure, "--addr " + busy.Addr().String() + " is already in use"},
		{"malformed store", []string{"--addr", "127.0.0.1:0", "--store", "127.0.0.1:6379"}, exitUsage, "redis://127.0.0.1:6379/0"},
		{"flag it would ignore", []string{"--addr", "127.0.0.1:0", "--store", "redis://127.0.0.1:6379/0", "--max-keys", "5"}, exitUsage, "--max-keys"},
		{"invalid setting", []string{"--addr", "127.0.0.1:0", "--max-body", "-1"}, exitUsage, "max-body"},
	}
	for _, tt := range tests {
		code, out, errOut := run(t, nil, append([]string{"serve", "--log-format", "json"}, tt.args...)...)
		if code != tt.code {
			t.Errorf("%s: exit %d, want %d:\n%s", tt.name, code, tt.code, errOut)
		}
		if out != "" {
			t.Errorf("%s: wrote to stdout: %q", tt.name, out)
		}
		recs := jsonLines(t, errOut)
		last := map[string]any{}
		if len(recs) > 0 {
			last = recs[len(recs)-1]
		}
		if last["level"] != "ERROR" || !strings.Contains(last["error"].(string), tt.want) || last["exit_code"] != float64(tt.code) {
			t.Errorf("%s: last record %v; want an ERROR record with %q and exit_code %d", tt.name, last, tt.want, tt.code)
		}
	}
}

// An address another process holds names --addr, says so, and suggests
// another port, as the gateway's listeners do.
func TestServeAddressInUseNamesTheFlagAndAnotherPort(t *testing.T) {
	t.Parallel()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	addr := busy.Addr().String()
	code, _, errOut := run(t, nil, "serve", "--addr", addr)
	for _, want := range []string{"--addr " + addr + " is already in use", "choose another port", "e.g. --addr 127.0.0.1:"} {
		if code != exitFailure || !strings.Contains(errOut, want) {
			t.Errorf("serve --addr %s (in use): exit %d, %q; want exit %d and %q", addr, code, errOut, exitFailure, want)
		}
	}
	if strings.Contains(errOut, "listen tcp") {
		t.Errorf("serve --addr %s (in use): %q repeats net's wrapper", addr, errOut)
	}
}

func TestServeTextBannerIsASentenceForAPerson(t *testing.T) {
	t.Parallel()
	base, stderr := startServe(t, nil, "--addr", "127.0.0.1:0")
	if want := "statuskit serving on " + strings.TrimPrefix(base, "http://") + " (try: curl -i " + base + "/503;"; !strings.Contains(stderr.String(), want) {
		t.Errorf("text banner lacks %q:\n%s", want, stderr.String())
	}
}

// The banner's curl command must work exactly as printed: with
// --tls-self-signed alone it needs -k (and says what that risks); with
// --tls-self-signed-cert-out it trusts the written certificate instead.
func TestServeTLSBannerPrintsACurlCommandThatWorks(t *testing.T) {
	t.Parallel()
	curl := needCommand(t, "curl")
	certFile := filepath.Join(t.TempDir(), "statuskit.pem")
	tests := []struct {
		name     string
		args     []string
		want     []string
		mustNot  string
		certFile string
	}{
		{"self-signed", []string{"--tls-self-signed"}, []string{"curl -k -i https://", "never for a server you do not control", "--tls-self-signed-cert-out"}, " --cacert ", ""},
		{"self-signed, certificate written", []string{"--tls-self-signed", "--tls-self-signed-cert-out", certFile}, []string{"curl --cacert " + certFile + " -i https://", "the self-signed certificate is in " + certFile}, " -k ", certFile},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, stderr := startServe(t, nil, append([]string{"--addr", "127.0.0.1:0"}, tt.args...)...)
			log := stderr.String()
			for _, w := range tt.want {
				if !strings.Contains(log, w) {
					t.Errorf("banner lacks %q:\n%s", w, log)
				}
			}
			m := regexp.MustCompile(`try: (curl [^;]+);`).FindStringSubmatch(log)
			if m == nil {
				t.Fatalf("no curl command in the banner:\n%s", log)
			}
			if strings.Contains(" "+m[1]+" ", tt.mustNot) {
				t.Errorf("the banner's command %q has %q", m[1], tt.mustNot)
			}
			args := strings.Fields(m[1])[1:]
			out, err := exec.Command(curl, append([]string{"-sS", "--max-time", "10"}, args...)...).CombinedOutput()
			if err != nil || !regexp.MustCompile(`(?m)^HTTP/\S+ 503`).Match(out) {
				t.Errorf("the banner's own command %q failed (%v); curl said:\n%s", m[1], err, out)
			}
			if tt.certFile != "" {
				checkCertificateVerifies(t, tt.certFile, bannerURL.FindStringSubmatch(log)[1])
			}
		})
	}
}

// checkCertificateVerifies connects with Go's verifier trusting only the
// written file: the file is the certificate the server presents.
func checkCertificateVerifies(t *testing.T, certFile, base string) {
	t.Helper()
	pemBytes, err := os.ReadFile(certFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemBytes) {
		t.Fatalf("%s holds no PEM certificate", certFile)
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}, Timeout: 10 * time.Second}
	resp, err := client.Get(base + "/204")
	if err != nil {
		t.Fatalf("GET %s/204 trusting only %s: %v", base, certFile, err)
	}
	resp.Body.Close()
	if resp.StatusCode != 204 {
		t.Errorf("GET %s/204 = %d", base, resp.StatusCode)
	}
}

// Every flag serve accepts does something; a flag that would have no
// effect is refused with exit 2 and a message saying why and what to do.
func TestServeRefusesFlagsItWouldIgnore(t *testing.T) {
	t.Parallel()
	tests := []struct {
		env  map[string]string
		args []string
		want []string
	}{
		{nil, []string{"--json"}, []string{"unknown flag --json", "--log-format json"}},
		{nil, []string{"--max-keys", "5", "--store", "redis://127.0.0.1:6379/0"}, []string{"--max-keys 5 bounds the memory store", "maxmemory"}},
		{map[string]string{"STATUSKIT_MAX_KEYS": "5", "STATUSKIT_STORE": "redis://u:hunter2@127.0.0.1:6379/0"}, nil, []string{"STATUSKIT_MAX_KEYS", "redis://u:xxxxx@127.0.0.1:6379/0"}},
		{nil, []string{"--tls-self-signed-cert-out", "/tmp/x.pem"}, []string{"--tls-self-signed is not set", "e.g. statuskit serve --tls-self-signed --tls-self-signed-cert-out /tmp/x.pem"}},
		{nil, []string{"--tls-self-signed", "--tls-self-signed-cert-out", "/nonexistent-dir/x.pem"}, []string{"/nonexistent-dir/x.pem", "a directory that exists"}},
		{nil, []string{"--log-fromat", "json"}, []string{"did you mean --log-format?"}},
		{nil, []string{"--max-sleep", "soon"}, []string{`"soon"`, "a bare number is milliseconds, or give a unit: 250ms, 1.5s, 2m", "e.g. --max-sleep 10s"}},
		{map[string]string{"STATUSKIT_MAX_SLEEPING": "many"}, nil, []string{"STATUSKIT_MAX_SLEEPING", "a whole number, e.g. "}},
		// A bad value from the environment is named by its variable.
		{map[string]string{"STATUSKIT_MAX_KEYS": "0"}, nil, []string{"STATUSKIT_MAX_KEYS=0 (which sets --max-keys) is not a limit", "e.g. STATUSKIT_MAX_KEYS=100000"}},
		{map[string]string{"STATUSKIT_MAX_STORE_BYTES": "-1"}, nil, []string{"STATUSKIT_MAX_STORE_BYTES=-1 (which sets --max-store-bytes) must not be negative"}},
	}
	for _, tt := range tests {
		code, out, errOut := run(t, tt.env, append([]string{"serve", "--addr", "127.0.0.1:0"}, tt.args...)...)
		if code != exitUsage {
			t.Errorf("serve %v %v: exit %d, want %d:\n%s", tt.env, tt.args, code, exitUsage, errOut)
		}
		for _, w := range tt.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("serve %v %v: %q lacks %q", tt.env, tt.args, errOut, w)
			}
		}
		if strings.Contains(errOut, "hunter2") {
			t.Errorf("serve %v %v: %q shows a password", tt.env, tt.args, errOut)
		}
		if out != "" {
			t.Errorf("serve %v %v wrote to stdout: %q", tt.env, tt.args, out)
		}
	}
}

func TestEnvironmentCannotSetHelp(t *testing.T) {
	t.Parallel()
	flags := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	help := flags.Bool("help", false, "")
	addr := flags.String("addr", ":8080", "")
	env := map[string]string{"STATUSKIT_HELP": "true", "STATUSKIT_ADDR": "127.0.0.1:0"}
	if err := applyEnv(flags, func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if *help || *addr != "127.0.0.1:0" {
		t.Errorf("help=%v addr=%q; want STATUSKIT_HELP ignored and STATUSKIT_ADDR applied", *help, *addr)
	}
}

// Asked for JSON logs, by flag or environment, serve and gateway write
// every line of stderr as a JSON record: usage errors found before the
// logger exists (a bad flag, a bad variable, an unknown flag, an argument)
// included. The command line's --log-format wins over the environment.
func TestUsageErrorsAreJSONRecordsWhenJSONLogsAreAsked(t *testing.T) {
	t.Parallel()
	jsonEnv := map[string]string{"STATUSKIT_LOG_FORMAT": "json"}
	tests := []struct {
		env  map[string]string
		args []string
		want string // in the record's error
	}{
		{nil, []string{"serve", "--log-format", "json", "--max-sleep", "abc"}, `"abc" for "--max-sleep"`},
		{nil, []string{"serve", "--log-format", "json", "--bogus"}, "unknown flag --bogus"},
		{nil, []string{"serve", "--bogus", "--log-format=json"}, "unknown flag --bogus"},
		{nil, []string{"serve", "--log-format", "json", "--log-level", "loud"}, "--log-level"},
		{nil, []string{"serve", "--log-format", "json", "extra"}, `unknown command "extra"`},
		{jsonEnv, []string{"serve", "--max-body", "x"}, "--max-body"},
		{map[string]string{"STATUSKIT_LOG_FORMAT": "json", "STATUSKIT_MAX_BODY": "x"}, []string{"serve"}, "STATUSKIT_MAX_BODY"},
		{nil, []string{"gateway", "--log-format", "json", "--max-delay", "x"}, `"x" for "--max-delay"`},
		{jsonEnv, []string{"gateway", "--bogus"}, "unknown flag --bogus"},
	}
	for _, tt := range tests {
		code, out, errOut := run(t, tt.env, tt.args...)
		if code != exitUsage || out != "" {
			t.Errorf("%v %q: exit %d, stdout %q; want exit %d and nothing on stdout", tt.env, tt.args, code, out, exitUsage)
		}
		recs := jsonLines(t, errOut)
		if len(recs) != 1 {
			t.Errorf("%v %q: %d records, want one:\n%s", tt.env, tt.args, len(recs), errOut)
			continue
		}
		rec := recs[0]
		if e, _ := rec["error"].(string); rec["level"] != "ERROR" || rec["msg"] != "statuskit "+tt.args[0]+" failed" || !strings.Contains(e, tt.want) || rec["exit_code"] != float64(exitUsage) {
			t.Errorf("%v %q: record %v; want level ERROR, msg %q, an error with %q and exit_code %d", tt.env, tt.args, rec, "statuskit "+tt.args[0]+" failed", tt.want, exitUsage)
		}
	}
	// Text logs, or JSON asked by the environment and overruled by the
	// flag, keep the plain sentence.
	for _, tt := range []struct {
		env  map[string]string
		args []string
	}{
		{nil, []string{"serve", "--bogus"}},
		{jsonEnv, []string{"serve", "--log-format", "text", "--bogus"}},
		{jsonEnv, []string{"explain", "--bogus"}},
	} {
		if _, _, errOut := run(t, tt.env, tt.args...); !strings.HasPrefix(errOut, "statuskit: unknown flag --bogus") {
			t.Errorf("%v %q: stderr %q; want the plain sentence", tt.env, tt.args, errOut)
		}
	}
}

// JSON log records write durations as the text flags take ("15s"), not
// slog's integer of nanoseconds.
func TestJSONLogsWriteDurationsAsText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		attr slog.Attr
		want string
	}{
		{slog.Duration("drain_timeout", 15*time.Second), `"drain_timeout":"15s"`},
		{slog.Duration("duration", 1500*time.Microsecond), `"duration":"1.5ms"`},
		{slog.Any("delay", 2*time.Minute), `"delay":"2m0s"`},
		{slog.Group("g", slog.Duration("d", time.Second)), `"g":{"d":"1s"}`},
		{slog.Int("status", 503), `"status":503`},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		log, err := newLogger(&b, "json", "info")
		if err != nil {
			t.Fatal(err)
		}
		log.Info("m", tt.attr)
		if !strings.Contains(b.String(), tt.want) {
			t.Errorf("logging %v wrote %s; want %s", tt.attr, strings.TrimSpace(b.String()), tt.want)
		}
	}
}

// A setting that cannot work is a usage error (exit 2) before anything
// listens, with one message per setting that says what is allowed and
// gives an example.
func TestServeRefusesSettingsThatCannotWorkBeforeListening(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "not.pem")
	if err := os.WriteFile(notPEM, []byte("not a certificate\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args    []string
		want    []string
		mustNot string
	}{
		{[]string{"--addr", "127.0.0.1:99999"}, []string{`--addr "127.0.0.1:99999": give host:port with a port from 0 to 65535`, "e.g. --addr 127.0.0.1:8080"}, ""},
		{[]string{"--addr", "nonsense"}, []string{`--addr "nonsense": give host:port`, "e.g. --addr 127.0.0.1:8080"}, ""},
		{[]string{"--addr", "127.0.0.1:-1"}, []string{"a port from 0 to 65535"}, ""},
		{[]string{"--tls-cert", "/nonexistent", "--tls-key", "/nonexistent"}, []string{"--tls-cert /nonexistent: no such file or directory", "e.g. --tls-cert cert.pem --tls-key key.pem"}, ""},
		{[]string{"--tls-cert", dir, "--tls-key", dir}, []string{"is a directory"}, ""},
		{[]string{"--tls-cert", notPEM, "--tls-key", notPEM}, []string{"--tls-cert " + notPEM + " and --tls-key " + notPEM, "its own private key"}, ""},
		{[]string{"--max-store-bytes", "0"}, []string{"--max-store-bytes 0 is not a limit this server can work with", "e.g. --max-store-bytes 8388608 (the default)"}, "67108864"},
		{[]string{"--max-keys", "0"}, []string{"--max-keys 0 is not a limit this server can work with", "e.g. --max-keys 100000"}, ""},
	}
	for _, tt := range tests {
		args := append([]string{"serve"}, tt.args...)
		if !slices.Contains(tt.args, "--addr") {
			args = append(args, "--addr", "127.0.0.1:0")
		}
		code, out, errOut := run(t, nil, args...)
		if code != exitUsage || out != "" {
			t.Errorf("%q: exit %d, stdout %q; want exit %d:\n%s", args, code, out, exitUsage, errOut)
		}
		for _, w := range tt.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%q: %q lacks %q", args, errOut, w)
			}
		}
		if tt.mustNot != "" && strings.Contains(errOut, tt.mustNot) {
			t.Errorf("%q: %q says the same thing twice (%q)", args, errOut, tt.mustNot)
		}
		if strings.Count(strings.TrimSpace(errOut), "\n") > 0 || strings.Contains(errOut, "serving on") {
			t.Errorf("%q: more than one line, or the server started:\n%s", args, errOut)
		}
	}
}

// --tls-self-signed-cert-out writes the certificate and nothing else: the
// private key is served from memory and never written, and the help says
// so rather than let anyone look for a key file.
func TestSelfSignedCertOutWritesOnlyTheCertificate(t *testing.T) {
	t.Parallel()
	certOut := filepath.Join(t.TempDir(), "statuskit.pem")
	if _, err := writeSelfSigned(certOut); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(certOut)
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for rest := data; ; {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			break
		}
		types = append(types, b.Type)
	}
	if !slices.Equal(types, []string{"CERTIFICATE"}) {
		t.Errorf("%s holds PEM blocks %q; want one CERTIFICATE and no key", certOut, types)
	}
	_, help, _ := run(t, nil, "serve", "--help")
	for _, tt := range []struct{ flag, want string }{
		{"--tls-self-signed-cert-out", "never written to disk"},
		{"--tls-self-signed-cert-out", "Only the certificate is written"},
	} {
		line := regexp.MustCompile(`(?m)^\s+` + tt.flag + ` \S+\s+(.*)$`).FindStringSubmatch(help)
		if line == nil || !strings.Contains(line[1], tt.want) {
			t.Errorf("serve --help on %s does not say %q", tt.flag, tt.want)
		}
	}
}
