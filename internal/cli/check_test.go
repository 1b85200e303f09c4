package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/statuskit/statuskit/check"
)

// brokenAPI is a small API with the classic faults: 405 without Allow,
// an unknown method answered 405, and a 404 that is a 200 with an error.
func brokenAPI(t *testing.T) string {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/405":
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		case r.URL.Path == "/ok" && (r.Method == "GET" || r.Method == "HEAD"):
			w.Header().Set("Content-Type", "text/plain")
			fmt.Fprint(w, "ok")
		case r.URL.Path == "/private" && r.Header.Get("Authorization") != "Bearer sekrit-token-77":
			w.Header().Set("WWW-Authenticate", `Bearer realm="api"`)
			http.Error(w, "who are you", http.StatusUnauthorized)
		case r.URL.Path == "/echo":
			// Echoes the key as Go's encoding/json writes it: <, > and & as
			// \u003c..., " as \".
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusMethodNotAllowed)
			json.NewEncoder(w).Encode(map[string]string{"X-Api-Key": r.Header.Get("X-Api-Key")})
		case r.URL.Path == "/private":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"token":%q}`, r.Header.Get("Authorization"))
		case r.Method == "OPTIONS":
			w.Header().Set("Allow", "GET, HEAD, OPTIONS")
			w.WriteHeader(http.StatusNoContent)
		case r.Method != "GET" && r.Method != "HEAD":
			http.Error(w, "not implemented", http.StatusNotImplemented)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

var fast = []string{"--rps", "2000", "--timeout", "5s"}

func checkCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	return run(t, nil, append(append([]string{"check"}, fast...), args...)...)
}

func TestCheckReportsWhatIsWrongAndExits1(t *testing.T) {
	t.Parallel()
	base := brokenAPI(t)
	code, out, errOut := checkCmd(t, base+"/405", base+"/ok")
	if code != exitFailure {
		t.Fatalf("exit %d, want 1 for a MUST finding; stderr %s", code, errOut)
	}
	for _, want := range []string{base + "/405", "MUST", "allow-on-405", "RFC 9110, 15.5.6", "fix:", "> GET /405 HTTP/1.1", "< HTTP/1.1 405 Method Not Allowed"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, base+"/ok\n") {
		t.Errorf("a correct URL has a group of findings:\n%s", out)
	}
	if code, _, _ := checkCmd(t, "--fail-on", "never", base+"/405"); code != exitOK {
		t.Errorf("--fail-on never: exit %d, want 0", code)
	}
	if code, _, _ := checkCmd(t, base+"/ok"); code != exitOK {
		t.Errorf("a correct URL: exit %d, want 0", code)
	}
}

func TestCheckJSONListsFindingsAndSummary(t *testing.T) {
	t.Parallel()
	base := brokenAPI(t)
	_, out, _ := checkCmd(t, "--format", "json", "--fail-on", "never", base+"/405")
	var rep struct {
		Findings []check.Finding `json:"findings"`
		Summary  check.Summary   `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	rules := map[string]check.Severity{}
	for _, f := range rep.Findings {
		rules[f.Rule] = f.Severity
	}
	if rules["allow-on-405"] != check.Must || rep.Summary.URLs != 1 || rep.Summary.Findings["MUST"] == 0 {
		t.Errorf("findings %v, summary %+v", rules, rep.Summary)
	}
	_, out, _ = checkCmd(t, "--format", "json", base+"/ok")
	if !strings.Contains(out, `"findings": {
      "INFO": 0,
      "MAY": 0,
      "MUST": 0,
      "SHOULD": 0
    }`) {
		t.Errorf("a clean run's summary does not count all four severities at 0:\n%s", out)
	}
}

func TestCheckSARIFValidates(t *testing.T) {
	t.Parallel()
	base := brokenAPI(t)
	_, out, _ := checkCmd(t, "--format", "sarif", base+"/405", base+"/ok")
	raw, err := os.ReadFile("../../check/report/testdata/sarif-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	c := jsonschema.NewCompiler()
	c.AddResource("sarif.json", doc)
	schema, err := c.Compile("sarif.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if err := schema.Validate(inst); err != nil {
		t.Errorf("statuskit check --format sarif does not validate against SARIF 2.1.0: %v", err)
	}
}

func TestCheckRedactsHeaderValuesInEveryFormat(t *testing.T) {
	t.Parallel()
	base := brokenAPI(t)
	for _, format := range []string{"text", "json", "sarif"} {
		_, out, errOut := checkCmd(t, "--format", format, "--fail-on", "never", "--header", "Authorization: Bearer sekrit-token-77", base+"/private", base+"/405")
		if strings.Contains(out+errOut, "sekrit-token-77") {
			t.Errorf("--format %s shows the credential:\n%s", format, out)
		}
		if !strings.Contains(out, "[redacted]") {
			t.Errorf("--format %s: no [redacted] in the evidence:\n%s", format, out)
		}
	}
}

// TestCheckRedactsAnEchoedHeaderInEveryFormat is the case a review
// found: the API echoed the key JSON-escaped, and the report showed it.
func TestCheckRedactsAnEchoedHeaderInEveryFormat(t *testing.T) {
	t.Parallel()
	base := brokenAPI(t)
	const key = `sec<ret>&key"x`
	leaks := []string{key, `sec\u003cret\u003e\u0026key\"x`, `sec<ret>&key\"x`, `sec\\u003cret`, `sec\u003cret`, "sec<ret>"}
	for _, format := range []string{"text", "json", "sarif"} {
		_, out, errOut := checkCmd(t, "--format", format, "--fail-on", "never", "--header", "X-Api-Key: "+key, base+"/echo")
		for _, leak := range leaks {
			if strings.Contains(out+errOut, leak) {
				t.Errorf("--format %s shows the key as %s:\n%s", format, leak, out)
			}
		}
		if !strings.Contains(out, `{\"X-Api-Key\":\"[redacted]\"}`) && !strings.Contains(out, `{"X-Api-Key":"[redacted]"}`) {
			t.Errorf("--format %s: the echoed key is not [redacted] in the evidence:\n%s", format, out)
		}
	}
}

func TestCheckUnreachableIsAFindingAndExit1(t *testing.T) {
	t.Parallel()
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	code, out, _ := checkCmd(t, "--fail-on", "should", "http://"+addr+"/")
	if code != exitFailure || !strings.Contains(out, "unreachable") || !strings.Contains(out, "1 unreachable") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestCheckReadsURLsAndOpenAPI(t *testing.T) {
	t.Parallel()
	base := brokenAPI(t)
	dir := t.TempDir()
	urls := filepath.Join(dir, "urls.txt")
	os.WriteFile(urls, []byte("# the API\n"+base+"/ok   # fine\n\n"+base+"/405\n"), 0o600)
	_, out, _ := checkCmd(t, "--format", "json", "--fail-on", "never", "--urls", urls)
	if !strings.Contains(out, `"urls": 2`) || !strings.Contains(out, "allow-on-405") {
		t.Errorf("--urls: %s", out)
	}
	doc := filepath.Join(dir, "openapi.yaml")
	os.WriteFile(doc, []byte(`openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}, example: "405"}
    get: {responses: {"200": {description: ok}}}
    delete: {responses: {"204": {description: gone}}}
`), 0o600)
	_, out, _ = checkCmd(t, "--format", "json", "--fail-on", "never", "--openapi", doc, "--base", base)
	if !strings.Contains(out, `"urls": 1`) || !strings.Contains(out, `"skipped": 1`) || !strings.Contains(out, base+"/405") {
		t.Errorf("--openapi without --allow-unsafe: %s", out)
	}
	_, out, _ = checkCmd(t, "--format", "json", "--fail-on", "never", "--allow-unsafe", "--openapi", doc, "--base", base)
	if !strings.Contains(out, `"urls": 2`) || !strings.Contains(out, `"skipped": 0`) {
		t.Errorf("--openapi --allow-unsafe: %s", out)
	}
}

func TestCheckSuggestsTheURLProbablyMeant(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	urls := filepath.Join(dir, "urls.txt")
	os.WriteFile(urls, []byte("# the API\nhttp://127.0.0.1:1/ok\n\nlocalhost:8080/x\n"), 0o600)
	for _, tc := range []struct {
		args  []string
		stdin string
		want  string
	}{
		{[]string{"example.com"}, "", `"example.com" cannot be checked: it has no scheme (http:// or https://); did you mean http://example.com/?`},
		{[]string{"localhost:8080/x"}, "", "did you mean http://localhost:8080/x?"},
		{[]string{"--urls", urls}, "", "--urls " + urls + `:4: "localhost:8080/x" cannot be checked: it has no scheme (http:// or https://); did you mean http://localhost:8080/x?`},
		{[]string{"--urls", "-"}, "http://127.0.0.1:1/a http://127.0.0.1:1/b\n", "--urls stdin:1: "},
		{[]string{"--openapi", "x.yaml", "--base", "127.0.0.1:8080"}, "", "did you mean http://127.0.0.1:8080/?"},
	} {
		var out, errOut bytes.Buffer
		code := Run(context.Background(), append([]string{"check"}, tc.args...), func(string) string { return "" }, strings.NewReader(tc.stdin), &out, &errOut)
		if code != exitUsage || !strings.Contains(errOut.String(), tc.want) {
			t.Errorf("check %v: exit %d, %q; want 2 and %q", tc.args, code, errOut.String(), tc.want)
		}
	}
}

func TestCheckUsageErrorsSayWhatIsAllowed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "nothing to check"},
		{[]string{"ftp://example.test/"}, "http or https"},
		{[]string{"--format", "xml", "http://127.0.0.1:1/"}, "use text, json or sarif"},
		{[]string{"--fail-on", "info", "http://127.0.0.1:1/"}, "must, should, may or never"},
		{[]string{"--header", "Authorization Bearer x", "http://127.0.0.1:1/"}, "Name: value"},
		{[]string{"--concurrency", "0", "http://127.0.0.1:1/"}, "--concurrency 0"},
		{[]string{"--openapi", "x.yaml"}, "needs --base"},
		{[]string{"--list-rules", "http://127.0.0.1:1/"}, "checks nothing"},
	} {
		code, _, errOut := run(t, nil, append([]string{"check"}, tc.args...)...)
		if code != exitUsage || !strings.Contains(errOut, tc.want) {
			t.Errorf("check %v: exit %d, %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
}

func TestCheckListRulesNamesEveryRuleWithItsSpec(t *testing.T) {
	t.Parallel()
	code, out, _ := run(t, nil, "check", "--list-rules")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, r := range check.Rules() {
		if !strings.Contains(out, r.ID+" ") || !strings.Contains(out, r.Spec.String()) {
			t.Errorf("--list-rules lacks %s (%s)", r.ID, r.Spec)
		}
	}
	_, out, _ = run(t, nil, "check", "--list-rules", "--format", "json")
	var rules []check.Rule
	if err := json.Unmarshal([]byte(out), &rules); err != nil || len(rules) != len(check.Rules()) {
		t.Errorf("--list-rules --format json: %d rules, %v", len(rules), err)
	}
}

// TestREADMERuleTableIsCurrent keeps the README's table what --list-rules
// prints.
func TestREADMERuleTableIsCurrent(t *testing.T) {
	t.Parallel()
	_, table, _ := run(t, nil, "check", "--list-rules", "--format", "markdown")
	for _, doc := range []string{"../../README.md", "../../docs/check.md"} {
		b, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), table) {
			t.Errorf("%s does not hold the current rule table; paste the output of statuskit check --list-rules --format markdown", doc)
		}
	}
}

// A bad --header says which part is wrong: a field name is a token (RFC
// 9110, 5.1, so X_Custom is one), a value has no CR, LF or other control
// character (5.5); the value, maybe a secret, is never shown.
func TestCheckHeaderFlagErrorsNameThePartThatIsWrong(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		header, want string
	}{
		{"X-A: a\rb", "the value of X-A holds a CR (carriage return) at byte 2"},
		{"X-A: a\nb", "the value of X-A holds an LF (line feed) at byte 2"},
		{"X-A: a\x00b", "holds a NUL at byte 2"},
		{"X-A: a\x01b", "holds the control character 0x01 at byte 2"},
		{"X A: b", `the field name "X A" must be a token (RFC 9110, 5.1), letters, digits and ! # $ % & ' * + - . ^ _ ` + "` | ~"},
		{"Authorization Bearer x", "has no colon: write Name: value"},
	} {
		code, _, errOut := run(t, nil, "check", "--header", tc.header, "http://127.0.0.1:1/")
		if code != exitUsage || !strings.Contains(errOut, tc.want) || !strings.Contains(errOut, "e.g. --header 'Authorization: Bearer abc'") {
			t.Errorf("check --header %q: exit %d, %q; want exit 2, %q and an example", tc.header, code, errOut, tc.want)
		}
		if strings.Contains(errOut, "letters, digits and -,") {
			t.Errorf("check --header %q: %q says names are only letters, digits and -; a token allows more (RFC 9110, 5.6.2)", tc.header, errOut)
		}
	}
	// X_Custom is a token, so accepted; the check then fails to connect.
	if code, _, errOut := run(t, nil, "check", "--header", "X_Custom: 1", "http://127.0.0.1:1/"); code == exitUsage {
		t.Errorf("check --header 'X_Custom: 1': exit 2, %q; an underscore is a tchar (RFC 9110, 5.6.2)", errOut)
	}
}
