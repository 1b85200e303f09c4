package report

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/statuskit/statuskit/check"
)

// sample is a report with one finding of each severity.
func sample() *check.Report {
	f := func(rule string, sev check.Severity) check.Finding {
		r, _ := check.Lookup(rule)
		return check.Finding{URL: "http://127.0.0.1:8080/405", Method: "GET", Rule: rule, Severity: sev,
			Spec: r.Spec.String(), Message: "405 Method Not Allowed without Allow", Fix: r.Fix,
			Evidence: check.Evidence{Request: "GET /405 HTTP/1.1\nHost: 127.0.0.1:8080\n", Response: "HTTP/1.1 405 Method Not Allowed\n"},
			Target:   "http://127.0.0.1:8080/405"}
	}
	return &check.Report{
		Findings: []check.Finding{f("allow-on-405", check.Must), f("unknown-method-not-501", check.Should),
			f("retry-after-on-503", check.May), f("code-standing", check.Info)},
		Summary: check.Summary{URLs: 1, Requests: 7, Findings: map[string]int{"MUST": 1, "SHOULD": 1, "MAY": 1, "INFO": 1}},
	}
}

// sarifSchema is the OASIS SARIF 2.1.0 schema as shipped by Microsoft's
// SARIF Multitool 5.7.0 (npm @microsoft/sarif-multitool-linux).
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	raw, err := os.ReadFile("testdata/sarif-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sarif-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("sarif-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSARIFValidatesAgainstTheSchema(t *testing.T) {
	t.Parallel()
	schema := sarifSchema(t)
	for name, rep := range map[string]*check.Report{"findings": sample(), "none": {Summary: check.Summary{Findings: map[string]int{}}}} {
		var out bytes.Buffer
		if err := SARIF(&out, rep, check.Rules(), "v0.0.0-test"); err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(inst); err != nil {
			t.Errorf("%s: the SARIF log does not validate against SARIF 2.1.0: %v", name, err)
		}
	}
}

func TestSARIFMapsSeverityToLevelAndNamesTheURL(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	SARIF(&out, sample(), check.Rules(), "v1")
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct{ ID string } `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Locations []struct {
					LogicalLocations []struct {
						FullyQualifiedName string `json:"fullyQualifiedName"`
					} `json:"logicalLocations"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(out.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if len(run.Tool.Driver.Rules) != len(check.Rules()) {
		t.Errorf("driver lists %d rules, want all %d", len(run.Tool.Driver.Rules), len(check.Rules()))
	}
	want := map[string]string{"allow-on-405": "error", "unknown-method-not-501": "warning", "retry-after-on-503": "note", "code-standing": "note"}
	for _, r := range run.Results {
		if r.Level != want[r.RuleID] {
			t.Errorf("%s: level %q, want %q (MUST error, SHOULD warning, MAY and INFO note)", r.RuleID, r.Level, want[r.RuleID])
		}
		if run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("%s: ruleIndex %d points at %s", r.RuleID, r.RuleIndex, run.Tool.Driver.Rules[r.RuleIndex].ID)
		}
		if r.Locations[0].LogicalLocations[0].FullyQualifiedName != "http://127.0.0.1:8080/405" {
			t.Errorf("%s: location %+v, want the URL as a logical location", r.RuleID, r.Locations)
		}
	}
}

func TestJSONHasTheDocumentedShape(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := JSON(&out, sample()); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Findings []map[string]any `json:"findings"`
		Summary  map[string]any   `json:"summary"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"url", "method", "rule", "severity", "spec", "message", "fix", "evidence"} {
		if _, ok := got.Findings[0][key]; !ok {
			t.Errorf("a finding lacks %q: %v", key, got.Findings[0])
		}
	}
	if got.Findings[0]["severity"] != "MUST" || got.Findings[3]["severity"] != "INFO" {
		t.Errorf("severities %v, %v; want MUST and INFO as words", got.Findings[0]["severity"], got.Findings[3]["severity"])
	}
	if ev, _ := got.Findings[0]["evidence"].(map[string]any); ev["request"] == nil || ev["response"] == nil {
		t.Errorf("evidence %v lacks request or response", got.Findings[0]["evidence"])
	}
	out.Reset()
	JSON(&out, &check.Report{Summary: check.Summary{Findings: map[string]int{"SHOULD": 0}}})
	if !strings.Contains(out.String(), `"findings": []`) {
		t.Errorf("no findings is not an empty array:\n%s", out.String())
	}
	var none struct {
		Summary struct {
			Findings map[string]int `json:"findings"`
		} `json:"summary"`
	}
	if err := json.Unmarshal(out.Bytes(), &none); err != nil {
		t.Fatal(err)
	}
	for _, sev := range []string{"MUST", "SHOULD", "MAY", "INFO"} {
		if n, ok := none.Summary.Findings[sev]; !ok || n != 0 {
			t.Errorf("summary.findings lacks %q: 0; consumers rely on all four severities:\n%s", sev, out.String())
		}
	}
}

func TestTextGroupsFindingsByURL(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	Text(&out, sample(), TextOptions{})
	s := out.String()
	if strings.Count(s, "http://127.0.0.1:8080/405\n") != 1 || !strings.Contains(s, "MUST   allow-on-405  GET") ||
		!strings.Contains(s, "spec: RFC 9110, 15.5.6") || !strings.Contains(s, "1 URL(s), 7 request(s): 1 MUST, 1 SHOULD, 1 MAY, 1 INFO") {
		t.Errorf("text report:\n%s", s)
	}
	if strings.Contains(s, "\x1b[") {
		t.Errorf("colour without Color")
	}
}
