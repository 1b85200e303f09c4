package status

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestParseCodeAcceptsExactlyThreeDigits is the one parser every status
// code in a URL, flag or query parameter goes through: "0200" and "+200"
// are not 200 (RFC 9110, 15: a status code is a three-digit integer).
func TestParseCodeAcceptsExactlyThreeDigits(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    int
		wantErr any
	}{
		{"200", 200, nil}, {"100", 100, nil}, {"599", 599, nil}, {"418", 418, nil},
		{"0200", 0, &SyntaxError{}}, {"+200", 0, &SyntaxError{}}, {"-200", 0, &SyntaxError{}},
		{" 200", 0, &SyntaxError{}}, {"200 ", 0, &SyntaxError{}}, {"2OO", 0, &SyntaxError{}},
		{"20", 0, &SyntaxError{}}, {"", 0, &SyntaxError{}}, {"２００", 0, &SyntaxError{}},
		{"099", 0, &RangeError{}}, {"600", 0, &RangeError{}}, {"000", 0, &RangeError{}}, {"999", 0, &RangeError{}},
	} {
		got, err := ParseCode(tc.in)
		switch want := tc.wantErr.(type) {
		case nil:
			if err != nil || got != tc.want {
				t.Errorf("ParseCode(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
			}
		case *SyntaxError:
			if !errors.As(err, &want) {
				t.Errorf("ParseCode(%q) = %d, %v; want a *SyntaxError", tc.in, got, err)
			}
		case *RangeError:
			if !errors.As(err, &want) {
				t.Errorf("ParseCode(%q) = %d, %v; want a *RangeError", tc.in, got, err)
			}
		}
		if err != nil && !strings.Contains(err.Error(), "e.g. 404") {
			t.Errorf("ParseCode(%q): error %q gives no example", tc.in, err)
		}
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = ParseCode("503") }); n != 0 {
		t.Errorf("ParseCode of a valid code allocates %v times; it is on the request path", n)
	}
}

// TestCodeJSONHasOneForm: every JSON producer uses Code's own form, with
// "class" and the spec as an object.
func TestCodeJSONHasOneForm(t *testing.T) {
	b, err := json.Marshal(MustLookup(503))
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got["class"] != "5xx" || got["code"] != 503.0 || got["phrase"] != "Service Unavailable" {
		t.Errorf("JSON of 503 = %s; want code, phrase and class 5xx", b)
	}
	if spec, ok := got["spec"].(map[string]any); !ok || spec["url"] == "" {
		t.Errorf("JSON of 503: spec = %v, want an object with url", got["spec"])
	}
	if b, _ := json.Marshal(MustLookup(451)); strings.Contains(string(b), `\u003c`) {
		t.Errorf("JSON of 451 escapes HTML characters: %s", b)
	}
	var back Code
	if err := json.Unmarshal(b, &back); err != nil || back.Number != 503 {
		t.Errorf("JSON of 503 does not decode back into a Code: %v", err)
	}
}

// TestOnlyGETCanProduce206304416: 206, 304 and 416 describe a range or
// conditional GET (RFC 9110, 9.3.3 and 14.2), so the registry says so as
// data, and every other code answers any method.
func TestOnlyGETCanProduce206304416(t *testing.T) {
	for n := 100; n < 600; n++ {
		c := MustLookup(n)
		limited := n == 206 || n == 304 || n == 416
		if limited != (len(c.Methods) > 0) {
			t.Errorf("%d: Methods %v", n, c.Methods)
		}
		if limited && (!slices.Equal(c.Methods, []string{"GET", "HEAD"}) || c.Answers("POST") || !c.Answers("HEAD")) {
			t.Errorf("%d answers %v; want GET and HEAD only", n, c.Methods)
		}
	}
	if !MustLookup(205).ContentLengthZero || MustLookup(204).ContentLengthZero {
		t.Errorf("205 and only 205 marks its empty content with Content-Length: 0 (RFC 9110, 15.3.6)")
	}
}

// TestHeaderRuleConditionsAreData: a rule whose note says "if" or "when" is
// conditional, and its condition is one of the listed Conditions, so no
// program has to read the prose.
func TestHeaderRuleConditionsAreData(t *testing.T) {
	known := map[Condition]bool{}
	for _, c := range Conditions {
		known[c.Condition] = true
	}
	for _, c := range All() {
		for _, h := range c.Headers {
			if !known[h.When] {
				t.Errorf("%d %s: condition %q is not in Conditions", c.Number, h.Name, h.When)
			}
			prose := strings.HasPrefix(h.Note, "if ") || strings.HasPrefix(h.Note, "when ") ||
				strings.HasPrefix(h.Note, "for a ") || strings.HasPrefix(h.Note, "in answer to ")
			if prose && h.When == Always {
				t.Errorf("%d %s: the note %q states a condition, but When is Always", c.Number, h.Name, h.Note)
			}
		}
	}
	if r, _ := MustLookup(201).Header("Location"); r.When != WhenCreated {
		t.Errorf("201 Location applies when a resource was created (RFC 9110, 9.3.3), got %q", r.When)
	}
}
