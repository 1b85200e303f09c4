package field

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// The fuzz targets check properties, not examples: parsers never panic,
// whatever parses formats to a value that parses back to the same thing,
// canonical output never fails, results stay within the documented
// bounds, and error messages stay short enough to send. Seeds live in
// testdata/fuzz/<Name>/; `go test` runs them.

// maxErrorLength bounds an error message whatever the input: the value
// is cut to maxShownValue characters.
const maxErrorLength = 600

func checkError(t *testing.T, err error, prefix string) {
	t.Helper()
	if err == nil {
		return
	}
	msg := err.Error()
	if len(msg) > maxErrorLength || !strings.HasPrefix(msg, prefix) {
		t.Fatalf("error %q: want a message under %d bytes starting with %q", msg, maxErrorLength, prefix)
	}
}

func FuzzHTTPDate(f *testing.F) {
	f.Fuzz(func(t *testing.T, v string) {
		d, format, err := ParseHTTPDateFormat(v, now2026)
		checkError(t, err, "")
		if err != nil {
			return
		}
		out := FormatHTTPDate(d)
		back, f2, err := ParseHTTPDateFormat(out, now2026)
		if err != nil || !back.Equal(d) || f2 != IMFFixdate {
			t.Fatalf("%q → %v → %q → %v, %v, %v", v, d, out, back, f2, err)
		}
		if format == IMFFixdate && out != trimOWS(v) && !strings.Contains(v, ":60 ") {
			t.Fatalf("IMF-fixdate %q is formatted as %q", v, out)
		}
	})
}

func FuzzRetryAfter(f *testing.F) {
	now := time.Date(2026, 10, 21, 7, 27, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string, d int64) {
		r, err := ParseRetryAfter(v)
		checkError(t, err, "Retry-After: ")
		if err == nil {
			if r.Delay(now) < 0 {
				t.Fatalf("%q: negative delay %v", v, r.Delay(now))
			}
			back, err := ParseRetryAfter(r.String())
			if err != nil || back.Delay(now) != r.Delay(now) || back.String() != r.String() {
				t.Fatalf("%q → %q → %v, %v", v, r, back, err)
			}
		}
		in := RetryAfterIn(time.Duration(d))
		back, err := ParseRetryAfter(in.String())
		if err != nil || back.Delay(now) < time.Duration(d) || back.Delay(now)-max(0, time.Duration(d)) >= time.Second {
			t.Fatalf("RetryAfterIn(%v) = %q → %v, %v: not the duration rounded up", time.Duration(d), in, back.Delay(now), err)
		}
	})
}

func FuzzETagList(f *testing.F) {
	f.Fuzz(func(t *testing.T, a, b string) {
		l, err := ParseETagList("If-None-Match", []string{a, b})
		checkError(t, err, "If-None-Match: ")
		if err != nil {
			return
		}
		if len(l.Tags) > MaxListMembers || l.Any && len(l.Tags) > 0 {
			t.Fatalf("%q %q: %d tags, any %v", a, b, len(l.Tags), l.Any)
		}
		for _, tag := range l.Tags {
			if err := tag.Validate(); err != nil {
				t.Fatalf("parsed tag %+v does not validate: %v", tag, err)
			}
			one, err := ParseETag(tag.String())
			if err != nil || one != tag {
				t.Fatalf("ParseETag(%q) = %+v, %v", tag.String(), one, err)
			}
		}
		back, err := ParseETagList("If-None-Match", []string{l.String()})
		if err != nil || back.Any != l.Any || !slices.Equal(back.Tags, l.Tags) {
			t.Fatalf("%q %q → %q → %+v, %v", a, b, l, back, err)
		}
	})
}

func FuzzRange(f *testing.F) {
	f.Fuzz(func(t *testing.T, v string, length int64, maxRanges int) {
		maxRanges = maxRanges % (2 * DefaultMaxRanges)
		ranges, err := ParseRange(v, length, maxRanges)
		checkError(t, err, "Range: ")
		if err != nil {
			if !errors.Is(err, ErrRangeIgnored) && !errors.Is(err, ErrRangeNotSatisfiable) {
				t.Fatalf("%q: error %v is neither ignored nor unsatisfiable", v, err)
			}
			return
		}
		if len(ranges) == 0 || len(ranges) > maxRanges {
			t.Fatalf("%q (max %d): %d ranges", v, maxRanges, len(ranges))
		}
		for _, r := range ranges {
			if r.First < 0 || r.First > r.Last || r.Last >= length {
				t.Fatalf("%q against %d: range %+v out of bounds", v, length, r)
			}
			c := r.ContentRange(length)
			back, err := ParseContentRange(c.String())
			if err != nil || back != c {
				t.Fatalf("Content-Range %q → %+v, %v", c, back, err)
			}
		}
	})
}

func FuzzContentRange(f *testing.F) {
	f.Fuzz(func(t *testing.T, v string) {
		c, err := ParseContentRange(v)
		checkError(t, err, "Content-Range: ")
		if err != nil {
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("%q parsed to %+v, which does not validate: %v", v, c, err)
		}
		back, err := ParseContentRange(c.String())
		if err != nil || back != c {
			t.Fatalf("%q → %q → %+v, %v", v, c, back, err)
		}
	})
}

func FuzzTokenList(f *testing.F) {
	f.Fuzz(func(t *testing.T, a, b string) {
		tokens, err := ParseTokenList("Allow", []string{a, b})
		checkError(t, err, "Allow: ")
		if err != nil {
			return
		}
		if len(tokens) > MaxListMembers {
			t.Fatalf("%d tokens", len(tokens))
		}
		for _, tok := range tokens {
			if !IsToken(tok) || !HasToken([]string{a, b}, strings.ToUpper(tok)) {
				t.Fatalf("%q %q: %q is not a token held by the list", a, b, tok)
			}
		}
		back, err := ParseTokenList("Allow", []string{FormatList(tokens)})
		if err != nil || !slices.Equal(back, tokens) {
			t.Fatalf("%q → %q → %q, %v", tokens, FormatList(tokens), back, err)
		}
	})
}

func FuzzStructuredList(f *testing.F) {
	f.Fuzz(func(t *testing.T, a, b string) {
		l, err := ParseSFList("X", []string{a, b})
		checkError(t, err, "X: ")
		if err != nil {
			return
		}
		if len(l) > MaxSFMembers {
			t.Fatalf("%d members", len(l))
		}
		out, err := FormatSFList(l)
		if err != nil {
			t.Fatalf("%q %q parsed, but does not serialize: %v", a, b, err)
		}
		back, err := ParseSFList("X", []string{out})
		if err != nil || !reflect.DeepEqual(normalize(back), normalize(l)) {
			t.Fatalf("%q %q → %q → %#v, %v\nwas %#v", a, b, out, back, err, l)
		}
		if again, _ := FormatSFList(back); again != out {
			t.Fatalf("serialization is not canonical: %q then %q", out, again)
		}
	})
}

// normalize makes an empty List and an empty Byte Sequence compare equal
// however they were built.
func normalize(l SFList) SFList {
	if len(l) == 0 {
		return nil
	}
	return l
}

func FuzzRateLimit(f *testing.F) {
	f.Fuzz(func(t *testing.T, policy, limit string) {
		p, err := ParseRateLimitPolicy([]string{policy})
		checkError(t, err, "RateLimit-Policy: ")
		if err == nil {
			out, err := FormatRateLimitPolicy(p)
			if err != nil {
				t.Fatalf("%q parsed, but does not format: %v", policy, err)
			}
			back, err := ParseRateLimitPolicy([]string{out})
			if err != nil || !reflect.DeepEqual(back, p) {
				t.Fatalf("%q → %q → %+v, %v\nwas %+v", policy, out, back, err, p)
			}
		}
		l, err := ParseRateLimit([]string{limit})
		checkError(t, err, "RateLimit: ")
		if err == nil {
			out, err := FormatRateLimit(l)
			if err != nil {
				t.Fatalf("%q parsed, but does not format: %v", limit, err)
			}
			back, err := ParseRateLimit([]string{out})
			if err != nil || !reflect.DeepEqual(back, l) {
				t.Fatalf("%q → %q → %+v, %v\nwas %+v", limit, out, back, err, l)
			}
		}
	})
}

func FuzzCacheControl(f *testing.F) {
	f.Fuzz(func(t *testing.T, a, b string) {
		cc, err := ParseCacheControl([]string{a, b})
		checkError(t, err, "Cache-Control: ")
		if err != nil {
			return
		}
		if len(cc) > MaxListMembers {
			t.Fatalf("%d directives", len(cc))
		}
		for _, get := range []func() (int64, bool){cc.MaxAge, cc.SMaxAge} {
			if n, _ := get(); n < 0 || n > MaxDeltaSeconds {
				t.Fatalf("delta-seconds %d out of range", n)
			}
		}
		checkError(t, cc.Validate(), "Cache-Control: ")
		back, err := ParseCacheControl([]string{cc.String()})
		if err != nil || !reflect.DeepEqual(normalizeCC(back), normalizeCC(cc)) {
			t.Fatalf("%q %q → %q → %+v, %v\nwas %+v", a, b, cc, back, err, cc)
		}
	})
}

// normalizeCC drops what String may legitimately change: the quoting of
// a value that is a token is kept, but a non-token value becomes quoted.
func normalizeCC(c CacheControl) CacheControl {
	if len(c) == 0 {
		return nil
	}
	out := slices.Clone(c)
	for i := range out {
		if out[i].HasValue && !IsToken(out[i].Value) {
			out[i].Quoted = true
		}
	}
	return out
}

func FuzzLink(f *testing.F) {
	f.Fuzz(func(t *testing.T, a, b string) {
		links, err := ParseLinks([]string{a, b})
		checkError(t, err, "Link: ")
		if err != nil {
			return
		}
		if len(links) > MaxListMembers {
			t.Fatalf("%d links", len(links))
		}
		out, err := FormatLinks(links)
		if err != nil {
			t.Fatalf("%q %q parsed, but does not format: %v", a, b, err)
		}
		back, err := ParseLinks([]string{out})
		if err != nil || !reflect.DeepEqual(back, links) {
			t.Fatalf("%q %q → %q → %+v, %v\nwas %+v", a, b, out, back, err, links)
		}
	})
}
