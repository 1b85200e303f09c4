package rule

import (
	"strings"
	"testing"
)

// A rule may not make a response that breaks its status's requirements,
// nor set the fields the gateway owns: Parse refuses it, saying what is
// wrong, what is allowed, and an example.
func TestRulesThatWouldBreakTheRFCAreRefused(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, rule string
		want       []string
	}{
		{"206 without Content-Range", "abort: {status: 206}", []string{"rules[0].abort: status 206", "Content-Range", "RFC 9110, 15.3.7", "e.g."}},
		{"416 without Content-Range", "abort: {status: 416, headers: {X-A: b}}", []string{"status 416", "Content-Range", "15.5.17", "bytes */1000"}},
		{"401 with an empty challenge", "abort: {status: 401, headers: {WWW-Authenticate: ''}}", []string{"empty WWW-Authenticate", "11.6.1", "e.g."}},
		{"301 without Location", "abort: {status: 301}", []string{"status 301", "Location", "15.4", "e.g. {status: 301, headers: {Location: /login}}"}},
		{"302 without Location", "abort: {status: 302}", []string{"status 302", "Location"}},
		{"303 with an empty Location", "abort: {status: 303, headers: {Location: ''}}", []string{"status 303", "Location"}},
		{"307 without Location", "abort: {status: 307}", []string{"status 307", "Location"}},
		{"308 without Location", "abort: {status: 308}", []string{"status 308", "Location"}},
		{"a bare 302 step in a sequence", "sequence: [302, pass]", []string{"rules[0].sequence[0]: status 302", "write the step as a mapping"}},
		{"a 206 step without Content-Range", "sequence: [{status: 206}, pass]", []string{"rules[0].sequence[0]: status 206"}},
		{"Date set by a rule", "abort: {status: 503, headers: {Date: 'Wed, 21 Oct 2026 07:28:00 GMT'}}", []string{"Date is the gateway's own", "e.g. headers: {X-Reason: maintenance}"}},
		{"Via set by a rule", "abort: {status: 503, headers: {via: 1.1 x}}", []string{"Via is the gateway's own"}},
		{"X-Statuskit-Rule set by a rule", "abort: {status: 503, headers: {X-Statuskit-Rule: other}}", []string{"X-Statuskit-Rule is the gateway's own"}},
		{"X-Request-Id set by a rule", "abort: {status: 503, headers: {X-Request-Id: abc}}", []string{"X-Request-Id is the gateway's own"}},
	} {
		doc := "rules:\n  - id: a\n    " + tc.rule + "\n"
		_, err := Parse([]byte(doc), "t.yaml", DefaultLimits)
		if err == nil {
			t.Errorf("%s: accepted %q", tc.name, doc)
			continue
		}
		for _, want := range tc.want {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %q\n  lacks %q", tc.name, err, want)
			}
		}
	}
}

// The same statuses with the fields they need are accepted.
func TestRulesThatCarryTheFieldsTheirStatusNeedsAreAccepted(t *testing.T) {
	t.Parallel()
	for _, rule := range []string{
		`abort: {status: 206, headers: {Content-Range: "bytes 0-99/1000"}}`,
		`abort: {status: 416, headers: {Content-Range: "bytes */1000"}}`,
		`abort: {status: 401}`,
		`abort: {status: 401, headers: {WWW-Authenticate: "Bearer realm=api"}}`,
		`abort: {status: 302, headers: {Location: /login}}`,
		`sequence: [{status: 308, headers: {Location: /new}}, pass]`,
		`abort: {status: 300}`,
	} {
		doc := "rules:\n  - id: a\n    " + rule + "\n"
		if _, err := Parse([]byte(doc), "t.yaml", DefaultLimits); err != nil {
			t.Errorf("%s: refused: %v", rule, err)
		}
	}
}
