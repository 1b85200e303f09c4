package field

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestParseCacheControl(t *testing.T) {
	for _, tc := range []struct {
		lines []string
		want  CacheControl
		out   string
	}{
		{[]string{"max-age=60, must-revalidate"},
			CacheControl{{Name: "max-age", Value: "60", HasValue: true}, {Name: "must-revalidate"}}, "max-age=60, must-revalidate"},
		{[]string{"No-Store", "PRIVATE"}, CacheControl{{Name: "no-store"}, {Name: "private"}}, "no-store, private"},
		{[]string{`no-cache="Set-Cookie, X-Foo"`},
			CacheControl{{Name: "no-cache", Value: "Set-Cookie, X-Foo", HasValue: true, Quoted: true}}, `no-cache="Set-Cookie, X-Foo"`},
		{[]string{`max-age="5"`}, CacheControl{{Name: "max-age", Value: "5", HasValue: true, Quoted: true}}, `max-age="5"`},
		{[]string{`ext="a \"b\" \\ c"`}, CacheControl{{Name: "ext", Value: `a "b" \ c`, HasValue: true, Quoted: true}}, `ext="a \"b\" \\ c"`},
		{[]string{`no-cache=""`}, CacheControl{{Name: "no-cache", HasValue: true, Quoted: true}}, `no-cache=""`},
		{[]string{",, public ,\t, s-maxage=10,"}, CacheControl{{Name: "public"}, {Name: "s-maxage", Value: "10", HasValue: true}}, "public, s-maxage=10"},
		{[]string{""}, nil, ""},
		{[]string{"max-age=1, max-age=2"}, CacheControl{{Name: "max-age", Value: "1", HasValue: true}, {Name: "max-age", Value: "2", HasValue: true}}, "max-age=1, max-age=2"},
	} {
		got, err := ParseCacheControl(tc.lines)
		if err != nil || !reflect.DeepEqual(got, tc.want) || got.String() != tc.out {
			t.Errorf("ParseCacheControl(%q) = %+v (%q), %v\nwant %+v (%q)", tc.lines, got, got.String(), err, tc.want, tc.out)
		}
	}
}

func TestParseCacheControlRejectsBadSyntax(t *testing.T) {
	for _, tc := range []struct {
		lines []string
		why   string
	}{
		{[]string{"max-age 60"}, "where a comma belongs"},
		{[]string{"max-age=60 30"}, "where a comma belongs"},
		{[]string{"max-age="}, "has no argument"},
		{[]string{"max-age=, public"}, "has no argument"},
		{[]string{`no-cache="Set-Cookie`}, "unterminated"},
		{[]string{"=60"}, "does not start a directive name"},
		{[]string{"max age=60"}, "where a comma belongs"},
		{[]string{"no-store;"}, "where a comma belongs"},
		{[]string{strings.Repeat("a,", MaxListMembers+1)}, "more than 1024"},
	} {
		_, err := ParseCacheControl(tc.lines)
		if err == nil || !strings.Contains(err.Error(), tc.why) || !strings.HasPrefix(err.Error(), "Cache-Control: ") {
			t.Errorf("ParseCacheControl(%.30q) error = %v; want one mentioning %q", tc.lines, err, tc.why)
		}
	}
}

func TestCacheControlAccessors(t *testing.T) {
	cc, err := ParseCacheControl([]string{`public, max-age=60, s-maxage="120", no-cache="Set-Cookie,  X-A", private, must-revalidate, no-store, max-age=5`})
	if err != nil {
		t.Fatal(err)
	}
	if !cc.Public() || !cc.NoStore() || !cc.MustRevalidate() {
		t.Errorf("Public %v NoStore %v MustRevalidate %v", cc.Public(), cc.NoStore(), cc.MustRevalidate())
	}
	// The first occurrence is used (RFC 9111, 4.2.1).
	if n, ok := cc.MaxAge(); !ok || n != 60 {
		t.Errorf("MaxAge = %d, %v; want the first, 60", n, ok)
	}
	// Recipients accept the quoted form too (RFC 9111, 5.2).
	if n, ok := cc.SMaxAge(); !ok || n != 120 {
		t.Errorf("SMaxAge = %d, %v", n, ok)
	}
	if ok, fields := cc.NoCache(); !ok || !slices.Equal(fields, []string{"Set-Cookie", "X-A"}) {
		t.Errorf("NoCache = %v, %q", ok, fields)
	}
	if ok, fields := cc.Private(); !ok || fields != nil {
		t.Errorf("Private = %v, %q", ok, fields)
	}
	if got := cc.Duplicates(); !slices.Equal(got, []string{"max-age"}) {
		t.Errorf("Duplicates = %q", got)
	}

	none := CacheControl{}
	if _, ok := none.MaxAge(); ok || none.Public() || none.NoStore() {
		t.Error("an empty Cache-Control has directives")
	}
	if ok, _ := none.NoCache(); ok {
		t.Error("an empty Cache-Control has no-cache")
	}
}

func TestCacheControlDeltaSecondsSaturateAndInvalidMeansStale(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
	}{
		{"max-age=0", 0},
		{"max-age=2147483647", 2147483647},
		{"max-age=2147483648", MaxDeltaSeconds},
		{"max-age=99999999999999999999999999", MaxDeltaSeconds}, // RFC 9111, 1.2.2
		{"max-age=-1", 0},                                       // invalid: stale (4.2.1)
		{"max-age=1.5", 0},                                      // invalid: stale
		{"max-age", 0},                                          // invalid: stale
	} {
		cc, err := ParseCacheControl([]string{tc.in})
		if err != nil {
			t.Fatal(err)
		}
		if n, ok := cc.MaxAge(); !ok || n != tc.want {
			t.Errorf("%s: MaxAge = %d, %v; want %d (RFC 9111, 1.2.2 and 4.2.1)", tc.in, n, ok, tc.want)
		}
	}
	if _, err := ParseDeltaSeconds("1e3"); err == nil || !strings.Contains(err.Error(), "RFC 9111, 1.2.2") {
		t.Errorf("ParseDeltaSeconds(1e3) error = %v", err)
	}
}

func TestCacheControlValidateHoldsSendersToTheArgumentSyntax(t *testing.T) {
	for _, tc := range []struct {
		in  string
		why string // "" for valid
	}{
		{"max-age=60, public, immutable, stale-while-revalidate=30", ""},
		{`private="Set-Cookie", no-cache, max-stale, max-stale=5, x-ext="anything"`, ""},
		{`max-age="60"`, "MUST NOT generate the quoted-string form"},
		{"max-age", "needs delta-seconds"},
		{"s-maxage=abc", "not delta-seconds"},
		{"no-store=1", "takes no argument"},
		{"public=yes", "takes no argument"},
		{"no-cache=Set-Cookie", "quoted-string"},
		{`private="a b"`, "not a list of field names"},
	} {
		cc, err := ParseCacheControl([]string{tc.in})
		if err != nil {
			t.Fatal(err)
		}
		err = cc.Validate()
		if tc.why == "" {
			if err != nil {
				t.Errorf("Validate(%q) = %v", tc.in, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.why) || !strings.Contains(err.Error(), "RFC 9111") {
			t.Errorf("Validate(%q) = %v; want one mentioning %q", tc.in, err, tc.why)
		}
	}
}
