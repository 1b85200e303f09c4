package server

import (
	"errors"
	"math"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The parsers take whatever a client sends. Their property: never panic,
// and either return a result within every limit or an *inputError (which
// the server turns into a 400 with its message). The seed corpus lives in
// testdata/fuzz/<FuzzName>/ and runs with every go test; run a fuzzer
// longer with: go test -run='^$' -fuzz=FuzzParseCodeList -fuzztime=30s ./server

// requireInputError fails unless err is a non-empty *inputError.
func requireInputError(t *testing.T, what string, err error) {
	t.Helper()
	var ie *inputError
	if !errors.As(err, &ie) {
		t.Fatalf("%s: error %T %v, want *inputError (a 400 with a message)", what, err, err)
	}
	if strings.TrimSpace(ie.msg) == "" {
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
		l, err := parseCodeList(s)
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
			if got := l.pick(); !positive[got] {
				t.Fatalf("parseCodeList(%q).pick() = %d, which has no positive weight", s, got)
			}
		}
	})
}

var fuzzLimits = modifierLimits{maxSleep: 10 * time.Second, maxHeaders: 4, maxRangeSize: 1 << 20}

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
		lim.unsafe = unsafe
		h := http.Header{}
		if name != "" {
			h[responseHeaderPrefix+name] = []string{value}
		}
		m, err := parseModifiers(query, h, lim)
		what := "parseModifiers(" + query + ", " + name + ": " + value + ")"
		if err != nil {
			requireInputError(t, what, err)
			return
		}
		if m.sleep < 0 || m.sleep > lim.maxSleep {
			t.Fatalf("%s: sleep %s outside 0 to %s", what, m.sleep, lim.maxSleep)
		}
		if len(m.headers) > lim.maxHeaders {
			t.Fatalf("%s: %d headers, more than %d", what, len(m.headers), lim.maxHeaders)
		}
		for _, f := range m.headers {
			if !isToken(f.name) || f.name != textproto.CanonicalMIMEHeaderKey(f.name) {
				t.Fatalf("%s: header name %q is not a canonical token", what, f.name)
			}
			if framingFields[f.name] || unsafeFields[f.name] && !unsafe {
				t.Fatalf("%s: header %s allowed (unsafe=%v)", what, f.name, unsafe)
			}
			if !validFieldValue(f.value) || strings.ContainsAny(f.value, "\r\n\x00") {
				t.Fatalf("%s: header %s value %q has control characters", what, f.name, f.value)
			}
		}
		if ra := m.retryAfter; ra != "" && !isDigits(ra) {
			if tm, err := http.ParseTime(ra); err != nil || tm.UTC().Format(http.TimeFormat) != ra {
				t.Fatalf("%s: Retry-After %q is neither delta-seconds nor an IMF-fixdate", what, ra)
			}
		}
		if m.final < 200 || m.final > 599 {
			t.Fatalf("%s: final %d outside 200-599", what, m.final)
		}
		if m.size < 0 || m.size > lim.maxRangeSize {
			t.Fatalf("%s: size %d outside 0 to %d", what, m.size, lim.maxRangeSize)
		}
		if m.hasAllow && m.allow != "" {
			for meth := range strings.SplitSeq(m.allow, ", ") {
				if !isToken(meth) {
					t.Fatalf("%s: Allow %q has a non-token %q", what, m.allow, meth)
				}
			}
		}
		if m.hasAllow && !validFieldValue(m.allow) || !validFieldValue(m.retryAfter) {
			t.Fatalf("%s: a field value with control characters", what)
		}
	})
}

func FuzzParseRange(f *testing.F) {
	for _, s := range []struct {
		v    string
		size int64
	}{
		{"bytes=0-9", 1024}, {"bytes=-5", 1024}, {"bytes=1000-", 1024}, {"bytes=0-1,5-6", 10},
		{"bytes=5-1", 10}, {"bytes=-0", 10}, {"items=0-1", 10}, {"bytes=", 0}, {"bytes=0-0", 0},
		{"bytes=99999999999999999999-", 10}, {"bytes=9223372036854775806-9223372036854775807", 9223372036854775807},
	} {
		f.Add(s.v, s.size)
	}
	f.Fuzz(func(t *testing.T, v string, size int64) {
		if size < 0 {
			size = -(size + 1)
		}
		ranges, err := parseRange(v, size)
		if err != nil {
			if !errors.Is(err, errIgnoreRange) && !errors.Is(err, errUnsatisfiable) {
				t.Fatalf("parseRange(%q, %d): unexpected error %v", v, size, err)
			}
			return
		}
		if len(ranges) == 0 || len(ranges) > maxRanges {
			t.Fatalf("parseRange(%q, %d): %d ranges, want 1 to %d", v, size, len(ranges), maxRanges)
		}
		for _, r := range ranges {
			if r.first < 0 || r.first > r.last || r.last >= size {
				t.Fatalf("parseRange(%q, %d): range %d-%d outside the representation", v, size, r.first, r.last)
			}
		}
	})
}

func FuzzNegotiate(f *testing.F) {
	for _, s := range []string{"", "*/*", "application/json", "text/html;q=0.5, application/json", "text/*;q=0", ";;,,q=", "application/json;q=NaN"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, accept string) {
		if got := negotiate(accept); got < 0 || got >= numFormats {
			t.Fatalf("negotiate(%q) = %d, not a format", accept, got)
		}
	})
}

// FuzzCheckLocation: whatever ?location= is accepted, a client resolving it
// against the request lands on this server or an allowed host.
func FuzzCheckLocation(f *testing.F) {
	for _, s := range []string{"/200", "//evil.example", "/\\evil.example", "javascript:alert(1)", "http://u@statuskit.test/",
		"https://allowed.example/x", "HTTP://statuskit.test/200", "https:evil.example", " //evil.example", "/%2F/evil.example", "?x=1", "#frag"} {
		f.Add(s)
	}
	base, _ := url.Parse("http://statuskit.test/302")
	r := &http.Request{Host: "statuskit.test"}
	allowed := []string{"allowed.example"}
	f.Fuzz(func(t *testing.T, loc string) {
		got, err := checkLocation(r, loc, allowed)
		if err != nil {
			requireInputError(t, "checkLocation("+loc+")", err)
			return
		}
		if strings.ContainsAny(got, "\\\r\n\t\x00") {
			t.Fatalf("checkLocation(%q) = %q, which a browser may read as another host", loc, got)
		}
		u, err := url.Parse(got)
		if err != nil {
			t.Fatalf("checkLocation(%q) = %q, which does not parse: %v", loc, got, err)
		}
		target := base.ResolveReference(u)
		if target.Scheme != "http" && target.Scheme != "https" {
			t.Fatalf("checkLocation(%q) = %q resolves to scheme %q", loc, got, target.Scheme)
		}
		if host := strings.ToLower(target.Hostname()); host != "statuskit.test" && host != "allowed.example" {
			t.Fatalf("checkLocation(%q) = %q resolves to host %q: an open redirect", loc, got, target.Host)
		}
		if target.User != nil {
			t.Fatalf("checkLocation(%q) = %q carries user information", loc, got)
		}
	})
}
