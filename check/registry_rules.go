package check

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/statuskit/statuskit/status"
)

// timeNow is the clock for reading two-digit years of obsolete dates.
var timeNow = time.Now

// evaluable reports whether the checker can tell, from one exchange and
// the target's first GET, that a header rule's condition holds. The
// others (a preferred choice of a 300, a temporary 413, a refused content
// coding or patch format) depend on what only the server knows; no rule
// is made of them.
func evaluable(c status.Condition) bool {
	switch c {
	case status.Always, status.WhenCreated, status.WhenSinglePart, status.WhenSentOn200,
		status.WhenByteRange, status.WhenMediaTypeRefused:
		return true
	}
	return false
}

// applies reports whether rule h of the code in x's response is in force.
func applies(h status.HeaderRule, o *observation, x *exchange) bool {
	switch h.When {
	case status.Always:
		return true
	case status.WhenCreated:
		return x.req.Method == http.MethodPost
	case status.WhenSinglePart:
		return !isMultipart(x.resp)
	case status.WhenByteRange:
		_, ok := x.req.Get("Range")
		return ok
	case status.WhenMediaTypeRefused:
		return x.probe == probeMediaType
	case status.WhenSentOn200:
		// The 304 or 206 answers a conditional or range GET of the target;
		// its first GET is what a 200 to the same request carries.
		return o.get.ok() && o.get.resp.Status == 200 && x != o.get && x.req.URL.String() == o.url.String() &&
			len(o.get.resp.Header.Values(h.Name)) > 0
	}
	return false
}

// registryRules makes a rule of every header rule in the registry whose
// condition the checker can evaluate: "allow-on-405" is the registry's
// "405 MUST carry Allow", at the registry's level and section.
func registryRules() []Rule {
	var out []Rule
	for _, c := range status.All() {
		for _, h := range c.Headers {
			if !evaluable(h.When) {
				continue
			}
			code, h := c, h
			id := strings.ToLower(h.Name) + "-on-" + strconv.Itoa(code.Number)
			summary := fmt.Sprintf("%d %s without %s", code.Number, code.Phrase, h.Name)
			if h.When != status.Always {
				summary += " (" + conditionText(h.When) + ")"
			}
			out = append(out, Rule{
				ID: id, Severity: levelSeverity(h.Level), Spec: h.Spec,
				Summary: summary + ".",
				Fix:     fmt.Sprintf("Send %s with %d: %s.", h.Name, code.Number, h.Note),
				check: func(o *observation, r *reporter) {
					for _, x := range o.judged() {
						checkField(o, r, x, code, h)
					}
				},
			})
		}
	}
	return out
}

func conditionText(c status.Condition) string {
	for _, m := range status.Conditions {
		if m.Condition == c {
			return m.Meaning
		}
	}
	return string(c)
}

// checkField reports x if its final or an interim response has the
// code and lacks the field while the rule is in force.
func checkField(o *observation, r *reporter, x *exchange, code status.Code, h status.HeaderRule) {
	if x.resp == nil {
		return
	}
	for _, in := range x.resp.Interim {
		if in.Status == code.Number && len(in.Header.Values(h.Name)) == 0 {
			r.add(x, "the interim %d %s carried no %s", code.Number, code.Phrase, h.Name)
		}
	}
	if !x.ok() || x.resp.Status != code.Number || len(x.resp.Header.Values(h.Name)) > 0 || !applies(h, o, x) {
		return
	}
	if h.When == status.WhenSentOn200 {
		r.add(x, "%d to %s lacks %s, which the 200 carried (%s: %s)", code.Number, x.probe, h.Name, h.Name, o.get.resp.Header.Get(h.Name))
		return
	}
	r.add(x, "%d %s without %s", code.Number, code.Phrase, h.Name)
}
