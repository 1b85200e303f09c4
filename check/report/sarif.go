package report

import (
	"encoding/json"
	"io"
	"strings"

	"github.com/statuskit/statuskit/check"
)

// SARIF 2.1.0 (OASIS): one run whose tool.driver lists every rule, and
// one result per finding. The URL is a logical location (physical
// locations are files) and is repeated in the result's properties, with
// the method, the severity in RFC words and the evidence.

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name,omitempty"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 sarifText      `json:"help"`
	HelpURI              string         `json:"helpUri,omitempty"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID     string          `json:"ruleId"`
	RuleIndex  int             `json:"ruleIndex"`
	Level      string          `json:"level"`
	Message    sarifText       `json:"message"`
	Locations  []sarifLocation `json:"locations"`
	Properties map[string]any  `json:"properties"`
}

type sarifLocation struct {
	LogicalLocations []sarifLogical `json:"logicalLocations"`
}

type sarifLogical struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

// sarifLevel maps a severity to SARIF's level: MUST is an error, SHOULD
// a warning, MAY and INFO notes.
func sarifLevel(s check.Severity) string {
	switch s {
	case check.Must:
		return "error"
	case check.Should:
		return "warning"
	}
	return "note"
}

// SARIF writes the report as a SARIF 2.1.0 log. rules is every rule
// (check.Rules()), so the log documents them all; version is statuskit's.
func SARIF(w io.Writer, rep *check.Report, rules []check.Rule, version string) error {
	index := map[string]int{}
	driver := sarifDriver{Name: "statuskit check", Version: sarifVersion(version),
		InformationURI: "https://github.com/statuskit/statuskit/blob/main/docs/check.md", Rules: []sarifRule{}}
	for i, r := range rules {
		index[r.ID] = i
		driver.Rules = append(driver.Rules, sarifRule{
			ID: r.ID, Name: ruleName(r.ID),
			ShortDescription:     sarifText{r.Summary},
			FullDescription:      sarifText{r.Summary + " (" + r.Spec.String() + ")"},
			Help:                 sarifText{r.Fix},
			HelpURI:              r.Spec.URL,
			DefaultConfiguration: sarifConfig{sarifLevel(r.Severity)},
			Properties:           map[string]any{"severity": r.Severity.String(), "spec": r.Spec.String(), "tags": []string{"http", "status-codes"}},
		})
	}
	run := sarifRun{Tool: sarifTool{driver}, Results: []sarifResult{}}
	for _, f := range rep.Findings {
		run.Results = append(run.Results, sarifResult{
			RuleID: f.Rule, RuleIndex: index[f.Rule], Level: sarifLevel(f.Severity),
			Message: sarifText{f.Method + " " + f.URL + ": " + f.Message + ". Fix: " + f.Fix},
			Locations: []sarifLocation{{LogicalLocations: []sarifLogical{{
				Name: f.Method + " " + f.URL, FullyQualifiedName: f.URL, Kind: "resource"}}}},
			Properties: map[string]any{"url": f.URL, "method": f.Method, "severity": f.Severity.String(),
				"spec": f.Spec, "evidence": f.Evidence},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	})
}

// ruleName is the rule ID in PascalCase, SARIF's convention for names:
// allow-on-405 is AllowOn405. A one-word ID has no name: SARIF wants a
// name to differ from the ID (Multitool warning SARIF1001).
func ruleName(id string) string {
	var b strings.Builder
	for part := range strings.SplitSeq(id, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	if strings.EqualFold(b.String(), id) {
		return ""
	}
	return b.String()
}

// sarifVersion is the tool version as SARIF wants it, starting with a
// digit ("v1.2.0" is "1.2.0"); "" (left out) for a build without one,
// such as "(devel)" (Multitool warning SARIF2005).
func sarifVersion(v string) string {
	v = strings.TrimPrefix(v, "v")
	if v == "" || v[0] < '0' || v[0] > '9' {
		return ""
	}
	return v
}
