package responder

import (
	"errors"
	"math"
	"net/http"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/statuskit/statuskit/field"
	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/reply"
)

// The parsers take whatever a client sends. Their property: never panic,
// and either return a result within every limit or a 400 *reply.Error. The
// seed corpus lives in testdata/fuzz/<FuzzName>/ and runs with every go
// test; run a fuzzer longer with:
// go test -run='^$' -fuzz=FuzzParseCodeList -fuzztime=30s ./responder

// requireInputError fails unless err is a 400 *reply.Error with a message
// (which the server writes as a 400 saying what is valid).
func requireInputError(t *testing.T, what string, err error) {
	t.Helper()
	var ie *reply.Error
	if !errors.As(err, &ie) || ie.Status != 400 {
		t.Fatalf("%s: error %T %v, want a 400 *reply.Error", what, err, err)
	}
	if strings.TrimSpace(ie.Message) == "" {
		t.Fatalf("%s: empty error message", what)
	}
}

func FuzzParseCodeList(f *testing.F) {
	for _, s := range []string{
		"200", "200,503", "200:0.9,503:0.1", "200:1,503:0", "200:0,503:0",
		"50,50", "600", "200:NaN", "200:Inf", "200:-1", "200,,503", "", ",",
		"200:1e308,503:1e308", "200:0x1p-2", " 200 : 1 ", "0200", "2e2", "200:",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseCodeList(s, "")
		if err != nil {
			requireInputError(t, "parseCodeList("+s+")", err)
			return
		}
		if n := len(l.choices); n < 1 || n > maxChoices {
			t.Fatalf("parseCodeList(%q): %d choices, want 1 to %d", s, n, maxChoices)
		}
		if !(l.total > 0) || math.IsInf(l.total, 0) {
			t.Fatalf("parseCodeList(%q): total weight %v, want positive and finite", s, l.total)
		}
		positive := map[int]bool{}
		for _, c := range l.choices {
			if c.code < 100 || c.code > 599 {
				t.Fatalf("parseCodeList(%q): code %d outside 100-599", s, c.code)
			}
			if c.weight < 0 || math.IsNaN(c.weight) || math.IsInf(c.weight, 0) {
				t.Fatalf("parseCodeList(%q): weight %v of %d", s, c.weight, c.code)
			}
			if c.weight > 0 {
				positive[c.code] = true
			}
		}
		for range 4 {
			if got := l.Pick(); !positive[got] {
				t.Fatalf("parseCodeList(%q).pick() = %d, which has no positive weight", s, got)
			}
		}
	})
}

var fuzzLimits = Limits{MaxSleep: 10 * time.Second, MaxFields: 4, MaxRangeSize: 1 << 20}

func FuzzParseModifiers(f *testing.F) {
	for _, s := range []struct {
		query, name, value string
		unsafe             bool
	}{
		{"sleep=250", "", "", false},
		{"sleep=1.5s&header=X-A:1&header=X-B:2", "X-C", "3", false},
		{"header=Set-Cookie:a=b", "", "", true},
		{"header=Content-Length:1", "", "", true},
		{"header=X-A:1%0D%0AX-B:2", "", "", false},
		{"retry-after=Wed,%2021%20Oct%202026%2007:28:00%20GMT", "", "", false},
		{"retry-after=Wednesday,%2021-Oct-26%2007:28:00%20GMT&final=201", "", "", false},
		{"allow=GET,HEAD&size=10&location=/200&id=x&body=hi", "", "", false},
		{"allow=", "retry-after", "5", false},
		{"sleep=9223372036854775807", "", "", false},
		{"%zz", "", "", false},
		{"slep=1", "", "", false},
		{"final=101", "", "", false},
	} {
		f.Add(s.query, s.name, s.value, s.unsafe)
	}
	f.Fuzz(func(t *testing.T, query, name, value string, unsafe bool) {
		lim := fuzzLimits
		lim.Unsafe = unsafe
		h := http.Header{}
		if name != "" {
			h[ResponseFieldPrefix+name] = []string{value}
		}
		m, err := ParseModifiers(query, h, lim, "")
		what := "ParseModifiers(" + query + ", " + name + ": " + value + ")"
		if err != nil {
			requireInputError(t, what, err)
			return
		}
		if m.Sleep < 0 || m.Sleep > lim.MaxSleep {
			t.Fatalf("%s: sleep %s outside 0 to %s", what, m.Sleep, lim.MaxSleep)
		}
		if len(m.Fields) > lim.MaxFields {
			t.Fatalf("%s: %d headers, more than %d", what, len(m.Fields), lim.MaxFields)
		}
		for _, f := range m.Fields {
			if !field.IsToken(f.Name) || f.Name != textproto.CanonicalMIMEHeaderKey(f.Name) {
				t.Fatalf("%s: header name %q is not a canonical token", what, f.Name)
			}
			if framingFields[f.Name] || unsafeFields[f.Name] && !unsafe {
				t.Fatalf("%s: header %s allowed (unsafe=%v)", what, f.Name, unsafe)
			}
			if !field.ValidValue(f.Value) || strings.ContainsAny(f.Value, "\r\n\x00") {
				t.Fatalf("%s: header %s value %q has control characters", what, f.Name, f.Value)
			}
		}
		if ra := m.RetryAfter; ra != "" && !param.Digits(ra) {
			if tm, err := http.ParseTime(ra); err != nil || tm.UTC().Format(http.TimeFormat) != ra {
				t.Fatalf("%s: Retry-After %q is neither delta-seconds nor an IMF-fixdate", what, ra)
			}
		}
		if m.Final != 0 && (m.Final < 200 || m.Final > 599) {
			t.Fatalf("%s: final %d outside 200-599", what, m.Final)
		}
		if m.Size < 0 || m.Size > lim.MaxRangeSize {
			t.Fatalf("%s: size %d outside 0 to %d", what, m.Size, lim.MaxRangeSize)
		}
		if m.HasAllow && m.Allow != "" {
			for meth := range strings.SplitSeq(m.Allow, ", ") {
				if !field.IsToken(meth) {
					t.Fatalf("%s: Allow %q has a non-token %q", what, m.Allow, meth)
				}
			}
		}
		if m.HasAllow && !field.ValidValue(m.Allow) || !field.ValidValue(m.RetryAfter) {
			t.Fatalf("%s: a field value with control characters", what)
		}
	})
}
