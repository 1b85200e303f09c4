package check

import (
	"cmp"
	"encoding/json"
	"maps"
	"slices"

	"github.com/statuskit/statuskit/status"
)

// Rule is one thing the checker looks for.
type Rule struct {
	// ID is the rule's stable kebab-case name, e.g. "allow-on-405".
	ID string `json:"id"`
	// Severity is the requirement level of the text the rule cites.
	Severity Severity `json:"severity"`
	// Spec is that text.
	Spec status.Spec `json:"spec"`
	// Summary says what the rule finds, in a sentence.
	Summary string `json:"summary"`
	// Fix says what to do about it.
	Fix string `json:"fix"`

	check func(o *observation, r *reporter)
}

// Evidence is what was sent and what came back, as on the wire (the
// credentials given in Config.Header redacted, content shortened).
type Evidence struct {
	Request  string `json:"request"`
	Response string `json:"response"`
}

// Finding is one place where a server speaks HTTP wrongly.
type Finding struct {
	// URL is the URL of the request that showed it (its password, if
	// any, redacted).
	URL string `json:"url"`
	// Method is that request's method.
	Method string `json:"method"`
	// Rule is the rule's ID.
	Rule string `json:"rule"`
	// Severity is the rule's.
	Severity Severity `json:"severity"`
	// Spec is the rule's section, e.g. "RFC 9110, 15.5.6".
	Spec string `json:"spec"`
	// Message says what was wrong in this response.
	Message string `json:"message"`
	// Fix says what to do.
	Fix string `json:"fix"`
	// Evidence is the exchange.
	Evidence Evidence `json:"evidence"`
	// Target is the URL that was being checked, which a finding about
	// a redirect hop or a random path differs from.
	Target string `json:"-"`

	exchange *exchange
}

// Summary counts what a run did and found.
type Summary struct {
	// URLs is the number of targets checked.
	URLs int `json:"urls"`
	// Requests is the number of requests sent.
	Requests int `json:"requests"`
	// Unreachable is the number of targets that gave no response to
	// their first request, so nothing about them could be checked.
	Unreachable int `json:"unreachable"`
	// Skipped is the number of unsafe operations (of an OpenAPI
	// document) not sent because Config.AllowUnsafe was false.
	Skipped int `json:"skipped"`
	// Findings counts the findings by severity: "MUST", "SHOULD", "MAY",
	// "INFO". Check fills all four keys, 0 included, and the JSON form
	// always has all four, so a consumer can rely on them.
	Findings map[string]int `json:"findings"`
}

// newCounts is a Summary.Findings with every severity at 0.
func newCounts() map[string]int {
	m := make(map[string]int, len(severityNames))
	for _, n := range severityNames {
		m[n] = 0
	}
	return m
}

// MarshalJSON writes the summary with all four severities in findings,
// those without a finding as 0, however the Summary was built.
func (s Summary) MarshalJSON() ([]byte, error) {
	type plain Summary // without this method
	counts := newCounts()
	maps.Copy(counts, s.Findings)
	s.Findings = counts
	return json.Marshal(plain(s))
}

// Report is the outcome of Check.
type Report struct {
	Findings []Finding `json:"findings"`
	Summary  Summary   `json:"summary"`
}

// Worst is the highest severity among the findings, and false when there
// are none.
func (r *Report) Worst() (Severity, bool) {
	if len(r.Findings) == 0 {
		return Info, false
	}
	return slices.MaxFunc(r.Findings, func(a, b Finding) int { return cmp.Compare(a.Severity, b.Severity) }).Severity, true
}

// AtLeast reports whether a finding at sev or above exists.
func (r *Report) AtLeast(sev Severity) bool {
	w, ok := r.Worst()
	return ok && w >= sev
}
