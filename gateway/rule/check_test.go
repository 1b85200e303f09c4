package rule

import (
	"encoding/json"
	"strings"
	"testing"
)

// loadRule loads a document of one rule (id a) written as the YAML line
// rule.
func loadRule(rule string) error {
	_, err := Parse([]byte("rules:\n  - id: a\n    "+rule+"\n"), "t.yaml", DefaultLimits)
	return err
}

// An abort's headers may not override what the response writer
// guarantees: the fields its own keys set (Retry-After, Allow), no-store
// on 429 and 503 (RFC 9111, 5.2.2.5; docs/gateway.md), Location only where
// it means something (RFC 9110, 10.2.2), and values a client can parse.
func TestAbortHeadersCannotOverrideWhatTheWriterGuarantees(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, rule string
		want       []string
	}{
		{"Retry-After beside RateLimit on 429", `abort: {status: 429, headers: {Retry-After: "soon"}}`, []string{"rules[0].abort.headers.Retry-After", "retry_after: 5"}},
		{"Retry-After beside retry_after", `abort: {status: 503, retry_after: 5, headers: {Retry-After: "9"}}`, []string{"Retry-After is set from the abort's own key"}},
		{"Allow in headers", `abort: {status: 405, headers: {Allow: "GET"}}`, []string{"headers.Allow", "allow: \"GET, HEAD\""}},
		{"Cache-Control on 503", `abort: {status: 503, headers: {Cache-Control: max-age=60}}`, []string{"no-store on a 503", "e.g."}},
		{"Cache-Control on 429", `abort: {status: 429, headers: {cache-control: max-age=60}}`, []string{"no-store on a 429"}},
		{"Location on 429", `abort: {status: 429, headers: {Location: "http://evil.example/"}}`, []string{"Location belongs to 201 and 3xx", "10.2.2", "e.g. {status: 307"}},
		{"Location on 200", `abort: {status: 200, headers: {Location: /x}}`, []string{"Location belongs to 201 and 3xx"}},
		{"an invalid ETag", `abort: {status: 200, headers: {ETag: v1}}`, []string{"not a valid Etag value", "e.g."}},
		{"an invalid Content-Range", `abort: {status: 206, headers: {Content-Range: "0-99"}}`, []string{"not a valid Content-Range value"}},
		{"an invalid Cache-Control", `abort: {status: 200, headers: {Cache-Control: "max-age=soon"}}`, []string{"not a valid Cache-Control value"}},
		{"an invalid Expires", `abort: {status: 200, headers: {Expires: tomorrow}}`, []string{"not a valid Expires value"}},
		{"the same in a sequence step", `sequence: [{status: 503, headers: {Retry-After: "9"}}, pass]`, []string{"rules[0].sequence[0].headers.Retry-After"}},
	} {
		err := loadRule(tc.rule)
		if err == nil {
			t.Errorf("%s: %s was accepted", tc.name, tc.rule)
			continue
		}
		for _, want := range tc.want {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %q\n  lacks %q", tc.name, err, want)
			}
		}
	}
}

// What the writer does not own, with values that parse, is accepted.
func TestAbortHeadersTheWriterDoesNotOwnAreAccepted(t *testing.T) {
	t.Parallel()
	for _, rule := range []string{
		`abort: {status: 503, retry_after: 5, headers: {X-Reason: db}}`,
		`abort: {status: 201, headers: {Location: /orders/1}}`,
		`abort: {status: 307, headers: {Location: /login}}`,
		`abort: {status: 200, headers: {Cache-Control: max-age=60, ETag: '"v1"'}}`,
		`abort: {status: 206, headers: {Content-Range: "bytes 0-99/1000"}}`,
		`abort: {status: 429, headers: {RateLimit: '"default";r=0;t=5'}}`,
	} {
		if err := loadRule(rule); err != nil {
			t.Errorf("%s: refused: %v", rule, err)
		}
	}
}

// The document a Set marshals to (what GET /__statuskit/rules returns)
// loads back to the same rules: an empty allow, which answers a 405 with
// an empty Allow (RFC 9110, 10.2.1), stays an empty allow rather than
// vanishing into the default.
func TestTheMarshalledRulesLoadBackTheSame(t *testing.T) {
	t.Parallel()
	for _, doc := range []string{
		`rules: [{id: a, abort: {status: 405, allow: ""}}]`,
		`rules: [{id: a, abort: {status: 405, allow: "GET, HEAD"}}]`,
		`rules: [{id: a, abort: {status: 405}}]`,
		`rules: [{id: a, sequence: [{status: 405, allow: ""}, pass]}]`,
	} {
		set, err := Parse([]byte(doc), "t.yaml", DefaultLimits)
		if err != nil {
			t.Fatalf("%s: %v", doc, err)
		}
		out, err := json.Marshal(set)
		if err != nil {
			t.Fatal(err)
		}
		again, err := Parse(out, "marshalled", DefaultLimits)
		if err != nil {
			t.Errorf("%s marshals to %s, which does not load: %v", doc, out, err)
			continue
		}
		first, second := abortOf(set.Rules[0]), abortOf(again.Rules[0])
		if first.HasAllow != second.HasAllow || first.Allow != second.Allow {
			t.Errorf("%s marshals to %s, which loads allow %q (given: %v), not %q (given: %v)", doc, out, second.Allow, second.HasAllow, first.Allow, first.HasAllow)
		}
	}
}

func abortOf(r *Rule) Abort {
	if r.Abort != nil {
		return *r.Abort
	}
	return r.Sequence.Steps[0].Abort
}

// A key the response would not carry, or that the document gives in a
// form it does not mean, is refused rather than dropped or converted in
// silence.
func TestRuleFieldsThatWouldDoNothingOrChangeMeaningAreRefused(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, rule string
		want       []string
	}{
		{"allow on a 500", `abort: {status: 500, allow: "GET"}`, []string{"rules[0].abort.allow", "Allow field of a 405", "15.5.6", "e.g. {status: 405"}},
		{"allow on a sequence step's 503", `sequence: [{status: 503, allow: "GET"}, pass]`, []string{"rules[0].sequence[0].allow"}},
		{"message on a 204", `abort: {status: 204, message: hi}`, []string{"rules[0].abort.message", "204 (No Content) has no content", "6.4.1", "e.g."}},
		{"message on a 304", `abort: {status: 304, message: hi}`, []string{"304 (Not Modified) has no content"}},
		{"a lower-case method in allow", `abort: {status: 405, allow: "GET, get"}`, []string{`"get" is not GET`, "case-sensitive (RFC 9110, 9.1)", `allow: "GET, GET"`}},
		{"a number among the methods", `match: {method: [GET, 5]}`, []string{"rules[0].match.method", "is the number 5", `method: "5"`}},
		{"a number as the method", `match: {method: 5}`, []string{"is the number 5", "a method is text"}},
		{"a number as a header value", `match: {header: {X-Env: 5}}`, []string{"rules[0].match.header.X-Env", "is the number 5", `header: {X-Env: "5"}`}},
		{"an ESC in a message", `abort: {status: 503, message: "hi\e[31m"}`, []string{"rules[0].abort.message", `control character "\x1b"`, "e.g. message:"}},
		{"a NUL in a maintenance message", `maintenance: {message: "a\0b"}`, []string{"rules[0].maintenance.message", "control character"}},
		{"a carriage return in a step message", `sequence: [{status: 503, message: "a\rb"}]`, []string{"rules[0].sequence[0].message"}},
	} {
		err := loadRule(tc.rule)
		if err == nil {
			t.Errorf("%s: %s was accepted", tc.name, tc.rule)
			continue
		}
		for _, want := range tc.want {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %q\n  lacks %q", tc.name, err, want)
			}
		}
	}
	for _, rule := range []string{
		`abort: {status: 405, allow: "GET, HEAD"}`,
		`abort: {status: 405, allow: ""}`,
		`abort: {status: 503, message: "line one\n\tline two"}`,
		`match: {method: ["GET", "5"], header: {X-Env: "5"}}`,
		`abort: {status: 204}`,
	} {
		if err := loadRule(rule); err != nil {
			t.Errorf("%s: refused: %v", rule, err)
		}
	}
}

// TestParseMessagesFitTheirCase: a duplicate id gets an example id, an
// abort's missing field is not blamed on sequence syntax, an all-digit
// retry_after too large for a number says it is too long, and a document
// that starts with a byte order mark is checked like any other.
func TestParseMessagesFitTheirCase(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ doc, want, not string }{
		{"rules:\n  - id: a\n    abort: {status: 500}\n  - id: a\n    abort: {status: 500}\n", `"a" is already the id of the rule at line 2; ids are unique, e.g. id: a-2`, ""},
		{"rules:\n  - id: a\n    abort: {status: 302}\n", "needs", "a bare status in a sequence"},
		{"rules:\n  - id: a\n    maintenance: {retry_after: \"99999999999999999999\"}\n", "seconds is too long: retry_after is at most", "neither whole seconds"},
		{"\ufeffrules:\n  - id: a\n    abort: {status: 503, headers: {Retry-After: \"9\"}}\n", "Retry-After is set from the abort's own key", ""},
	} {
		_, err := Parse([]byte(tt.doc), "t.yaml", DefaultLimits)
		if err == nil || !strings.Contains(err.Error(), tt.want) || tt.not != "" && strings.Contains(err.Error(), tt.not) {
			t.Errorf("Parse(%q) = %v; want %q (and not %q)", tt.doc, err, tt.want, tt.not)
		}
	}
}
