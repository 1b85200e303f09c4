package cli

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/statuskit/statuskit/grade"
	"github.com/statuskit/statuskit/server"
)

// gradeServer starts a statuskit server for statuskit grade to read.
func startGradeServer(t *testing.T) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(server.New(server.DefaultConfig()))
	t.Cleanup(ts.Close)
	return ts
}

// take sends one request of an exam run, not following redirects.
func take(t *testing.T, method, target string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(method, target, strings.NewReader(`{"n":1}`))
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res
}

func TestGradePrintsTheCardAndExitsZeroWithoutFail(t *testing.T) {
	t.Parallel()
	ts := startGradeServer(t)
	res := take(t, "POST", ts.URL+"/exam/redirect-307?key=cli-pass")
	take(t, "POST", ts.URL+res.Header.Get("Location"))

	code, out, errOut := run(t, nil, "grade", "--server", ts.URL, "--key", "cli-pass")
	if code != 0 || !strings.Contains(out, "statuskit report card: key cli-pass: PASS") || !strings.Contains(out, "rule 7") {
		t.Errorf("grade of a passing run: exit %d, stdout:\n%s\nstderr: %s", code, out, errOut)
	}
	code, out, _ = run(t, map[string]string{"STATUSKIT_SERVER": ts.URL, "STATUSKIT_KEY": "cli-pass"}, "grade", "--format", "json")
	var card grade.Card
	if err := json.Unmarshal([]byte(out), &card); code != 0 || err != nil || card.Key != "cli-pass" || card.Verdict != grade.Pass {
		t.Errorf("grade --format json from STATUSKIT_SERVER and STATUSKIT_KEY: exit %d, %v:\n%s", code, err, out)
	}
}

// statuskit grade is for CI: a FAIL exits 1 and names the rule.
func TestGradeExitsOneOnFail(t *testing.T) {
	t.Parallel()
	ts := startGradeServer(t)
	// A POST repeated without an Idempotency-Key (rule 4).
	take(t, "POST", ts.URL+"/exam/post-503?key=cli-fail")
	take(t, "POST", ts.URL+"/exam/post-503?key=cli-fail")
	code, out, errOut := run(t, nil, "grade", "--server", ts.URL, "--key", "cli-fail")
	if code != 1 || !strings.Contains(out, "FAIL") || !strings.Contains(errOut, "FAIL: post-503 rule 4") {
		t.Errorf("grade of a failing run: exit %d; want 1 and the rule named\nstdout:\n%s\nstderr: %s", code, out, errOut)
	}
}

// Open exams are waited for up to --wait; still open after it is exit 1,
// and --strict fails a run that never came back.
func TestGradeWaitsForOpenExams(t *testing.T) {
	t.Parallel()
	ts := startGradeServer(t)
	take(t, "GET", ts.URL+"/exam/retry-after-long?key=cli-wait&window=1s")
	code, _, errOut := run(t, nil, "grade", "--server", ts.URL, "--key", "cli-wait", "--wait", "0")
	if code != 1 || !strings.Contains(errOut, "still observed after --wait 0s") {
		t.Errorf("--wait 0 on an open exam: exit %d, %s; want 1 saying it is still observed", code, errOut)
	}
	code, out, errOut := run(t, nil, "grade", "--server", ts.URL, "--key", "cli-wait", "--wait", "10s")
	if code != 0 || !strings.Contains(out, "PASS") || !strings.Contains(errOut, "waiting") {
		t.Errorf("--wait 10s on a 1 s window: exit %d\nstdout:\n%s\nstderr: %s", code, out, errOut)
	}

	take(t, "GET", ts.URL+"/exam/retry-after-seconds?key=cli-strict&window=1s")
	code, _, errOut = run(t, nil, "grade", "--server", ts.URL, "--key", "cli-strict", "--strict")
	if code != 1 || !strings.Contains(errOut, "N/A under --strict: retry-after-seconds rule 1") {
		t.Errorf("--strict on a run that never came back: exit %d, %s; want 1", code, errOut)
	}
}

func TestGradeErrorsSayWhatToDo(t *testing.T) {
	t.Parallel()
	ts := startGradeServer(t)
	for _, tc := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"grade"}, exitUsage, "--key is required"},
		{[]string{"grade", "--key", "k", "--format", "yaml"}, exitUsage, "use text or json"},
		{[]string{"grade", "--key", "k", "--server", "127.0.0.1:8080"}, exitUsage, "e.g. --server http://127.0.0.1:8080"},
		{[]string{"grade", "--key", "k", "--wait", "-1s"}, exitUsage, "--wait"},
		{[]string{"grade", "--key", "k", "extra"}, exitUsage, "unknown command"},
		{[]string{"grade", "--key", "nobody", "--server", ts.URL}, exitFailure, "no run is recorded under key \"nobody\""},
		{[]string{"grade", "--key", "a b", "--server", ts.URL}, exitUsage, `--key "a b": the run key must be 1 to 200 visible ASCII characters`},
		{[]string{"grade", "--key", strings.Repeat("k", 201), "--server", ts.URL}, exitUsage, "1 to 200 visible ASCII characters"},
		{[]string{"grade", "--key", "k", "--server", "http://127.0.0.1:1"}, exitFailure, "cannot reach statuskit at http://127.0.0.1:1"},
	} {
		code, _, errOut := run(t, nil, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.says) {
			t.Errorf("statuskit %v: exit %d, %q; want %d saying %q", tc.args, code, errOut, tc.code, tc.says)
		}
	}
}

// A --server that is not statuskit (another web server, an API that
// answers JSON) is named as such, with the address statuskit serves on,
// never printed as a card or as its HTML.
func TestGradeSaysWhenServerIsNotStatuskit(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, ctype, content string
		status               int
		says                 string
	}{
		{"a web server's 404 page", "text/html; charset=utf-8", "<html><body>Not Found</body></html>", 404, "answered 404 text/html"},
		{"an API's JSON", "application/json", `{"hello":"world"}`, 200, "answered 200 application/json"},
		{"an API's JSON error", "application/json", `{"detail":"no"}`, 404, "answered 404 application/json"},
		{"a page", "text/html", "<html></html>", 200, "answered 200 text/html"},
		{"nothing", "", "", 500, "answered 500 no Content-Type"},
	} {
		other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header()["Content-Type"] = []string{tc.ctype}
			w.WriteHeader(tc.status)
			_, _ = w.Write([]byte(tc.content))
		}))
		code, out, errOut := run(t, nil, "grade", "--server", other.URL, "--key", "k", "--wait", "0")
		other.Close()
		want := other.URL + "/grade/k " + tc.says
		if code != exitFailure || !strings.Contains(errOut, want) || !strings.Contains(errOut, "is --server a statuskit serve address") ||
			!strings.Contains(errOut, "e.g. --server http://127.0.0.1:8080") || strings.Contains(errOut, "<html") || out != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want %d saying %q and how --server is given", tc.name, code, out, errOut, exitFailure, want)
		}
	}
}

// The journal's bounds are serve flags with STATUSKIT_ variables; zero
// and negative values are refused with the flag's name.
func TestServeJournalFlagsAreCheckedByName(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{nil, []string{"--journal-max-keys", "-1"}, "journal-max-keys must not be negative"},
		{nil, []string{"--journal-max-entries", "0"}, "--journal-max-entries 0 is not a limit"},
		{nil, []string{"--journal-max-bytes", "0"}, "--journal-max-bytes 0 is not a limit"},
		{map[string]string{"STATUSKIT_JOURNAL_TTL": "10s"}, nil, "STATUSKIT_JOURNAL_TTL=10s (which sets --journal-ttl) must be at least 1m"},
		{map[string]string{"STATUSKIT_EXAM_MAX_WINDOW": "soon"}, nil, "STATUSKIT_EXAM_MAX_WINDOW"},
	} {
		code, _, errOut := run(t, tt.env, append([]string{"serve", "--addr", "127.0.0.1:0"}, tt.args...)...)
		if code != exitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("serve %v %v: exit %d, %q; want exit %d and %q", tt.env, tt.args, code, errOut, exitUsage, tt.want)
		}
	}
}

// --exam-max-window reaches the exams: a ?window= beyond it is refused.
func TestServeExamMaxWindowBoundsWindow(t *testing.T) {
	t.Parallel()
	base, _ := startServe(t, map[string]string{"STATUSKIT_ADDR": "127.0.0.1:0", "STATUSKIT_EXAM_MAX_WINDOW": "5s", "STATUSKIT_LOG_LEVEL": "warn"})
	if got := statusOf(t, base+"/exam/retry-after-long?key=w&window=6s"); got != 400 {
		t.Errorf("?window=6s under --exam-max-window 5s: %d; want 400", got)
	}
	if got := statusOf(t, base+"/exam/retry-after-long?key=w&window=5s"); got != 503 {
		t.Errorf("?window=5s under --exam-max-window 5s: %d; want the exam's 503", got)
	}
}
