// Package report writes a check.Report for people (Text), programs
// (JSON) and code-scanning tools (SARIF 2.1.0).
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/statuskit/statuskit/check"
)

// TextOptions shape the text report.
type TextOptions struct {
	// Color uses ANSI colours (on a terminal, when NO_COLOR is unset).
	Color bool
	// Evidence prints each finding's request and response.
	Evidence bool
}

var severityColor = map[check.Severity]string{
	check.Must: "\x1b[31m", check.Should: "\x1b[33m", check.May: "\x1b[36m", check.Info: "\x1b[2m",
}

// Text writes the findings grouped by the URL that was checked, the
// strongest first, then a summary line.
func Text(w io.Writer, rep *check.Report, opt TextOptions) error {
	bold, reset := "", ""
	if opt.Color {
		bold, reset = "\x1b[1m", "\x1b[0m"
	}
	var order []string
	groups := map[string][]check.Finding{}
	for _, f := range rep.Findings {
		key := f.Target
		if key == "" {
			key = f.URL
		}
		if _, ok := groups[key]; !ok {
			order = append(order, key)
		}
		groups[key] = append(groups[key], f)
	}
	for _, target := range order {
		fmt.Fprintf(w, "%s%s%s\n", bold, target, reset)
		for _, m := range merge(groups[target]) {
			f := m.Finding
			col := ""
			if opt.Color {
				col = severityColor[f.Severity]
			}
			where := strings.Join(m.methods, ", ")
			if f.URL != target {
				where += " " + f.URL
			}
			fmt.Fprintf(w, "  %s%-6s%s %s  %s\n", col, f.Severity, reset, f.Rule, where)
			fmt.Fprintf(w, "         %s\n", f.Message)
			fmt.Fprintf(w, "         fix: %s\n", f.Fix)
			fmt.Fprintf(w, "         spec: %s\n", f.Spec)
			if opt.Evidence {
				indent(w, "         > ", f.Evidence.Request)
				indent(w, "         < ", f.Evidence.Response)
			}
		}
		fmt.Fprintln(w)
	}
	s := rep.Summary
	fmt.Fprintf(w, "%d URL(s), %d request(s): %d MUST, %d SHOULD, %d MAY, %d INFO",
		s.URLs, s.Requests, s.Findings["MUST"], s.Findings["SHOULD"], s.Findings["MAY"], s.Findings["INFO"])
	if s.Unreachable > 0 {
		fmt.Fprintf(w, "; %d unreachable", s.Unreachable)
	}
	if s.Skipped > 0 {
		fmt.Fprintf(w, "; %d unsafe operation(s) skipped (--allow-unsafe sends them)", s.Skipped)
	}
	fmt.Fprintln(w)
	return nil
}

// merged is a finding that several methods share: the same rule, URL
// and message. The evidence is the first method's.
type merged struct {
	check.Finding
	methods []string
}

func merge(fs []check.Finding) []merged {
	var out []merged
	at := map[string]int{}
	for _, f := range fs {
		key := f.Rule + "\x00" + f.URL + "\x00" + f.Message
		if i, ok := at[key]; ok {
			out[i].methods = append(out[i].methods, f.Method)
			continue
		}
		at[key] = len(out)
		out = append(out, merged{f, []string{f.Method}})
	}
	return out
}

func indent(w io.Writer, prefix, text string) {
	for line := range strings.SplitSeq(strings.TrimRight(text, "\n"), "\n") {
		fmt.Fprintf(w, "%s%s\n", prefix, line)
	}
}

// JSON writes {"findings":[...],"summary":{...}}: each finding with url,
// method, rule, severity ("MUST", "SHOULD", "MAY", "INFO"), spec,
// message, fix and evidence {request, response}.
func JSON(w io.Writer, rep *check.Report) error {
	out := *rep
	if out.Findings == nil {
		out.Findings = []check.Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// Rules writes the rule table for people: id, severity, spec, summary.
func Rules(w io.Writer, rules []check.Rule) error {
	width := 0
	for _, r := range rules {
		width = max(width, len(r.ID))
	}
	for _, r := range rules {
		fmt.Fprintf(w, "%-*s  %-6s  %-22s  %s\n", width, r.ID, r.Severity, r.Spec, r.Summary)
	}
	return nil
}

// RulesJSON writes the rule table as a JSON array of
// {"id","severity","spec":{"title","section","url"},"summary","fix"}.
func RulesJSON(w io.Writer, rules []check.Rule) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(rules)
}

// Markdown writes the rule table as the README's Markdown table.
func Markdown(w io.Writer, rules []check.Rule) error {
	fmt.Fprintln(w, "| rule | severity | spec | finds |")
	fmt.Fprintln(w, "|---|---|---|---|")
	for _, r := range rules {
		fmt.Fprintf(w, "| `%s` | %s | [%s](%s) | %s |\n", r.ID, r.Severity, r.Spec, r.Spec.URL, strings.ReplaceAll(r.Summary, "|", "\\|"))
	}
	return nil
}
