package rule

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// The example document, as YAML and as the same document in JSON.
const exampleYAML = `rules:
  - id: flaky-orders
    match: {method: POST, path: /orders*}      # method, path glob, header, client key
    abort: {status: 503, percent: 30, retry_after: 2}
  - id: slow
    match: {path: /search}
    delay: {fixed: 200ms}
  - id: first-two-fail
    match: {path: /checkout}
    sequence: [503, 503, pass]
  - id: maintenance
    match: {path: /admin*}
    maintenance: {retry_after: 60}
`

const exampleJSON = `{"rules": [
  {"id": "flaky-orders", "match": {"method": "POST", "path": "/orders*"}, "abort": {"status": 503, "percent": 30, "retry_after": 2}},
  {"id": "slow", "match": {"path": "/search"}, "delay": {"fixed": "200ms"}},
  {"id": "first-two-fail", "match": {"path": "/checkout"}, "sequence": [503, 503, "pass"]},
  {"id": "maintenance", "match": {"path": "/admin*"}, "maintenance": {"retry_after": 60}}
]}`

func TestTheDocumentReadsTheSameAsYAMLAndJSON(t *testing.T) {
	y, err := Parse([]byte(exampleYAML), "rules.yaml", DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	j, err := Parse([]byte(exampleJSON), "rules.json", DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	yb, _ := json.Marshal(y)
	jb, _ := json.Marshal(j)
	if string(yb) != string(jb) {
		t.Errorf("YAML and JSON forms differ:\n%s\n%s", yb, jb)
	}
	r := y.Rules[0]
	if r.ID != "flaky-orders" || r.Abort.Status != 503 || r.Abort.Percent != 30 || r.Abort.RetryAfter != "2" || r.Match.Methods[0] != "POST" {
		t.Errorf("rule 0 = %+v %+v", r, r.Abort)
	}
	if d := y.Rules[1].Delay; *d.Fixed != Duration(200*time.Millisecond) || d.Percent != 100 || d.Before != BeforeUpstream {
		t.Errorf("rule 1 delay = %+v; percent defaults to 100 and before to upstream", d)
	}
	if s := y.Rules[2].Sequence; len(s.Steps) != 3 || s.Steps[0].Abort.Status != 503 || !s.Steps[2].Pass || s.Cycle {
		t.Errorf("rule 2 sequence = %+v", s)
	}
	// The normal form parses back to itself.
	again, err := Parse(yb, "normal form", DefaultLimits)
	if err != nil {
		t.Fatalf("the normal form does not parse: %v\n%s", err, yb)
	}
	if ab, _ := json.Marshal(again); string(ab) != string(yb) {
		t.Errorf("normal form changed on a round trip:\n%s\n%s", yb, ab)
	}
}

// Every error names the source, line, column and field, says what is
// allowed, and gives an example.
func TestErrorsNameTheFieldAndItsLine(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		want      []string
	}{
		{"unknown field", "rules:\n  - id: a\n    match: {metod: POST}\n", []string{"t.yaml:3:13: rules[0].match.metod: unknown field", "did you mean method?"}},
		{"status out of range", "rules:\n  - id: a\n    abort: {status: 700}\n", []string{"t.yaml:3:21: rules[0].abort.status: 700", "200-599", "e.g. status: 503"}},
		{"interim status", "rules:\n  - id: a\n    abort: {status: 103}\n", []string{"rules[0].abort.status: 103 is an interim (1xx) response"}},
		{"status as text", "rules:\n  - id: a\n    abort: {status: \"503\"}\n", []string{"a number, not quoted text"}},
		{"percent above 100", "rules:\n  - id: a\n    abort: {status: 503, percent: 150}\n", []string{"3:35: rules[0].abort.percent: 150 is outside 0 to 100"}},
		{"bad duration", "rules:\n  - id: a\n    delay: {fixed: soon}\n", []string{"rules[0].delay.fixed: must be a duration", "250ms"}},
		{"delay over the limit", "rules:\n  - id: a\n    delay: {fixed: 10m}\n", []string{"--max-delay"}},
		{"two distributions", "rules:\n  - id: a\n    delay: {fixed: 1s, uniform: [1s, 2s]}\n", []string{"exactly one of fixed, uniform or lognormal"}},
		{"lognormal without max", "rules:\n  - id: a\n    delay: {lognormal: {median: 80ms, sigma: 0.4}}\n", []string{"lacks max"}},
		{"missing id", "rules:\n  - abort: {status: 503}\n", []string{"t.yaml:2:5: rules[0]: a rule needs an id"}},
		{"bad id", "rules:\n  - id: no spaces\n", []string{"rules[0].id: \"no spaces\" is not a rule id"}},
		{"reserved id", "rules:\n  - id: header\n", []string{"reserved"}},
		{"duplicate id", "rules:\n  - id: a\n  - id: a\n", []string{"t.yaml:3:9: rules[1].id: \"a\" is already the id of the rule at line 2"}},
		{"two outcomes", "rules:\n  - id: a\n    abort: {status: 503}\n    maintenance: {}\n", []string{"t.yaml:4:5: rules[0].maintenance: a rule has one outcome and this one already has abort (line 3)"}},
		{"percent on a sequence", "rules:\n  - id: a\n    sequence: {steps: [503, pass], percent: 50}\n", []string{"goes by count, not by chance"}},
		{"bad step", "rules:\n  - id: a\n    sequence: [503, fail]\n", []string{"rules[0].sequence[1]: \"fail\" is not a step"}},
		{"lower-case method", "rules:\n  - id: a\n    match: {method: post}\n", []string{"case-sensitive", "write method: POST"}},
		{"relative path", "rules:\n  - id: a\n    match: {path: orders}\n", []string{"must start with /"}},
		{"unquoted star", "rules:\n  - id: a\n    match: {path: *}\n", []string{"t.yaml:3:", "quote it"}},
		{"alias", "x: &a 1\nrules:\n  - id: *a\n", []string{"anchors"}},
		{"hop-by-hop header", "rules:\n  - id: a\n    abort: {status: 503, headers: {Connection: close}}\n", []string{"hop-by-hop"}},
		{"framing header", "rules:\n  - id: a\n    abort: {status: 503, headers: {Content-Length: '5'}}\n", []string{"set by the response writer"}},
		{"unknown connection fault", "rules:\n  - id: a\n    connection: {fault: rest}\n", []string{"did you mean reset?"}},
		{"after on empty", "rules:\n  - id: a\n    connection: {fault: empty, after: 3}\n", []string{"after does not apply"}},
		{"throttle on hang", "rules:\n  - id: a\n    connection: {fault: hang}\n    throttle: {bytes_per_second: 10}\n", []string{"sends no content to throttle"}},
		{"empty document", "", []string{"t.yaml: the document is empty", "rules: [] for none"}},
		{"no rules key", "rulez: []\n", []string{"did you mean rules?"}},
		{"two documents", "rules: []\n---\nrules: []\n", []string{"one document"}},
		{"not YAML", "rules: [\n", []string{"t.yaml:1:8: not valid YAML (or JSON)"}},
		{"retry_after text", "rules:\n  - id: a\n    maintenance: {retry_after: soon}\n", []string{"neither whole seconds nor an HTTP-date"}},
	} {
		_, err := Parse([]byte(tc.doc), "t.yaml", DefaultLimits)
		if err == nil {
			t.Errorf("%s: accepted %q", tc.name, tc.doc)
			continue
		}
		var es Errors
		if !errors.As(err, &es) {
			t.Errorf("%s: error %T is not Errors", tc.name, err)
		}
		for _, want := range tc.want {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %q\n  lacks %q", tc.name, err, want)
			}
		}
	}
}

func TestEveryErrorIsReportedAtOnce(t *testing.T) {
	_, err := Parse([]byte("rules:\n  - id: a\n    abort: {status: 700}\n  - id: b\n    delay: {fixed: nope}\n"), "t.yaml", DefaultLimits)
	var es Errors
	if !errors.As(err, &es) || len(es) != 2 || es[0].Line != 3 || es[1].Line != 5 {
		t.Errorf("errors = %v; want both, in document order (lines 3 and 5)", err)
	}
}

func TestLimitsBoundTheDocument(t *testing.T) {
	lim := DefaultLimits
	lim.MaxBytes, lim.MaxRules, lim.MaxDelay = 100, 2, time.Second
	for _, tc := range []struct{ doc, want string }{
		{"rules: []\n#" + strings.Repeat("x", 200), "the document is more than 100 bytes, the most the gateway reads (--max-rules-bytes)"},
		{"rules: [{id: a}, {id: b}, {id: c}]", "3 rules; the gateway takes at most 2 (--max-rules)"},
		{"rules: [{id: a, delay: {fixed: 2s}}]", "2s is longer than the gateway allows (1s, --max-delay)"},
	} {
		if _, err := Parse([]byte(tc.doc), "t.yaml", lim); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%.30q: %v, want %q", tc.doc, err, tc.want)
		}
	}
}

func TestARuleWithoutFaultsIsAnException(t *testing.T) {
	set, err := Parse([]byte("rules: [{id: health, match: {path: /health}}]"), "t.yaml", DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if set.Rules[0].Faults() {
		t.Error("a rule with only a match reports faults; it passes what it matches untouched")
	}
}
