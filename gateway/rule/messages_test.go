package rule

import (
	"strings"
	"testing"
	"time"
)

// Each refusal says what was wrong, what is allowed, and gives one
// example, in the words a person wrote the document in.
func TestRefusalsSayWhatIsAllowedWithAnExample(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, rule string
		lim        Limits
		want       []string
	}{
		{"negative status", "abort: {status: -5}", DefaultLimits, []string{"-5 is not a status code", "200-599", "e.g. status: 503"}},
		{"status too large", "abort: {status: 99999999999}", DefaultLimits, []string{"99999999999 is not a status code", "200-599", "e.g. status: 503"}},
		{"status 600", "abort: {status: 600}", DefaultLimits, []string{"600", "200-599"}},
		{"status as a word", "abort: {status: teapot}", DefaultLimits, []string{"200-599", "the text \"teapot\"", "e.g. status: 503"}},
		{"negative duration", "delay: {fixed: -5s}", DefaultLimits, []string{"-5s is negative", "0 or more", "up to 5m", "e.g. 200ms"}},
		{"duration beyond --max-delay", "delay: {fixed: 100h}", DefaultLimits, []string{"100h is longer than the gateway allows (5m, --max-delay)", "e.g. 200ms"}},
		{"any delay under --max-delay 0", "delay: {fixed: 1s}", withDelay(0), []string{"allows none (--max-delay 0)", "e.g. --max-delay 5m"}},
		{"an example within a small --max-delay", "delay: {fixed: 1s}", withDelay(100 * time.Millisecond), []string{"(100ms, --max-delay)", "e.g. 100ms"}},
		{"retry_after too large", "abort: {status: 503, retry_after: 99999999999}", DefaultLimits, []string{"99999999999 seconds is too long", "at most 9999999999", "e.g. retry_after: 2"}},
		{"negative retry_after", "abort: {status: 503, retry_after: -3}", DefaultLimits, []string{"-3 is negative", "0 or more seconds", "e.g. retry_after: 2"}},
		{"a YAML key given twice", "abort: {status: 503, status: 502}", DefaultLimits, []string{"the field status is given twice", "first at line 3", "give each field once", "e.g."}},
		{"shed that forwards nothing", "shed: {max_in_flight: 0}", DefaultLimits, []string{"max_in_flight: 0 is outside 1 to", "e.g. max_in_flight: 10"}},
		{"an empty client", "match: {client: \"\"}\n    abort: {status: 500}", DefaultLimits, []string{"rules[0].match.client: is empty", "e.g. client: \"10.0.0.*\""}},
	} {
		doc := "rules:\n  - id: a\n    " + tc.rule + "\n"
		_, err := Parse([]byte(doc), "t.yaml", tc.lim)
		if err == nil {
			t.Errorf("%s: accepted %q", tc.name, doc)
			continue
		}
		msg := err.Error()
		for _, want := range tc.want {
			if !strings.Contains(msg, want) {
				t.Errorf("%s: %q\n  lacks %q", tc.name, msg, want)
			}
		}
		for _, never := range []string{"e.g. e.g.", "0m0s", " 1 bytes", "mapping key", "outside 0 to 2147483647"} {
			if strings.Contains(msg, never) {
				t.Errorf("%s: %q\n  says %q", tc.name, msg, never)
			}
		}
	}
}

// withDelay is DefaultLimits with MaxDelay d.
func withDelay(d time.Duration) Limits {
	lim := DefaultLimits
	lim.MaxDelay = d
	return lim
}
