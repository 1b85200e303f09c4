package field

import (
	"strings"
	"testing"
)

func TestParseETagKeepsTheOpaqueTagWithoutQuotes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want ETag
	}{
		{`"xyzzy"`, ETag{Opaque: "xyzzy"}}, // RFC 9110, 8.8.3 examples
		{`W/"xyzzy"`, ETag{Weak: true, Opaque: "xyzzy"}},
		{`""`, ETag{}},
		{` "a" `, ETag{Opaque: "a"}},
		{`"!#$%&'()*+,-./:;<=>?@[\]^_{|}~"`, ETag{Opaque: `!#$%&'()*+,-./:;<=>?@[\]^_{|}~`}},
		{"\"caf\xc3\xa9\"", ETag{Opaque: "caf\xc3\xa9"}}, // obs-text
	} {
		got, err := ParseETag(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseETag(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
		if err := got.Validate(); err != nil {
			t.Errorf("Validate(%+v): %v", got, err)
		}
		back, err := ParseETag(got.String())
		if err != nil || back != got {
			t.Errorf("ParseETag(%q) does not round-trip: %+v, %v", got.String(), back, err)
		}
	}
}

func TestParseETagRejectsUnquotedAndMalformedTags(t *testing.T) {
	for _, in := range []string{
		``, `xyzzy`, `"xyzzy`, `w/"xyzzy"`, `W/xyzzy`, `W/ "a"`, `"a b"`, `"a"b"`, `"a", "b"`, "\"a\tb\"", "\"a\x7fb\"", `*`,
	} {
		_, err := ParseETag(in)
		if err == nil || !strings.Contains(err.Error(), "RFC 9110, 8.8.3") {
			t.Errorf("ParseETag(%q) error = %v; want one citing RFC 9110, 8.8.3", in, err)
		}
	}
	if err := (ETag{Opaque: `a"b`}).Validate(); err == nil {
		t.Error(`ETag{Opaque: a"b}.Validate() = nil; a DQUOTE is not etagc`)
	}
}

func TestETagComparisonFunctions(t *testing.T) {
	// The table of RFC 9110, 8.8.3.2.
	for _, tc := range []struct {
		a, b         ETag
		strong, weak bool
	}{
		{ETag{Weak: true, Opaque: "1"}, ETag{Weak: true, Opaque: "1"}, false, true},
		{ETag{Weak: true, Opaque: "1"}, ETag{Weak: true, Opaque: "2"}, false, false},
		{ETag{Weak: true, Opaque: "1"}, ETag{Opaque: "1"}, false, true},
		{ETag{Opaque: "1"}, ETag{Opaque: "1"}, true, true},
	} {
		if got := tc.a.StrongMatch(tc.b); got != tc.strong {
			t.Errorf("%s StrongMatch %s = %v, want %v (RFC 9110, 8.8.3.2)", tc.a, tc.b, got, tc.strong)
		}
		if got := tc.a.WeakMatch(tc.b); got != tc.weak {
			t.Errorf("%s WeakMatch %s = %v, want %v (RFC 9110, 8.8.3.2)", tc.a, tc.b, got, tc.weak)
		}
	}
}

func TestParseETagListAcrossLines(t *testing.T) {
	for _, tc := range []struct {
		lines []string
		want  string // ETagList.String()
		any   bool
	}{
		{[]string{`"xyzzy"`}, `"xyzzy"`, false},
		{[]string{`"xyzzy", "r2d2xxxx", "c3piozzzz"`}, `"xyzzy", "r2d2xxxx", "c3piozzzz"`, false},
		{[]string{`W/"xyzzy", W/"r2d2xxxx"`}, `W/"xyzzy", W/"r2d2xxxx"`, false},
		{[]string{`"a"`, `W/"b"`}, `"a", W/"b"`, false},
		{[]string{`*`}, `*`, true},
		{[]string{` * `}, `*`, true},
		{[]string{`,"a",,  ,"b",`}, `"a", "b"`, false}, // empty elements (RFC 9110, 5.6.1)
		{[]string{`"a,b"`}, `"a,b"`, false},            // a comma inside a tag
		{[]string{`"a"`, ``}, `"a"`, false},
		{[]string{``}, ``, false}, // an empty list matches nothing
		{nil, ``, false},
		{[]string{"\"a\"\t,\t\"b\""}, `"a", "b"`, false},
	} {
		l, err := ParseETagList("If-None-Match", tc.lines)
		if err != nil || l.String() != tc.want || l.Any != tc.any {
			t.Errorf("ParseETagList(%q) = %q (any %v), %v; want %q", tc.lines, l.String(), l.Any, err, tc.want)
		}
	}
}

func TestParseETagListRejectsMalformedLists(t *testing.T) {
	for _, tc := range []struct {
		lines []string
		why   string
	}{
		{[]string{`abc`}, `an entity-tag is in double quotes, e.g. If-None-Match: "abc", W/"xyz" (RFC 9110, 8.8.3)`},
		{[]string{`"a" "b"`}, "separate entity-tags with commas"},
		{[]string{`"a";"b"`}, "separate entity-tags with commas"},
		{[]string{`"a`}, "double quotes"},
		{[]string{`*, "a"`}, `mixes "*"`},
		{[]string{`*`, `*`}, `mixes "*"`},
		{[]string{`"a"`, `*`}, `mixes "*"`},
		{[]string{`**`}, "separate"},
		{[]string{strings.Repeat(`"a",`, MaxListMembers+1)}, "more than 1024"},
		{[]string{strings.Repeat(`,`, MaxListMembers+1)}, "more than 1024"},
	} {
		_, err := ParseETagList("If-None-Match", tc.lines)
		if err == nil || !strings.Contains(err.Error(), tc.why) || !strings.HasPrefix(err.Error(), "If-None-Match: ") {
			t.Errorf("ParseETagList(%.40q) error = %v; want one starting with the field name and mentioning %q", tc.lines, err, tc.why)
		}
	}
	_, err := ParseETagList("If-None-Match", []string{"abc"})
	want := `If-None-Match: abc is not "*" or a list of entity-tags; an entity-tag is in double quotes, e.g. If-None-Match: "abc", W/"xyz" (RFC 9110, 8.8.3)`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v\nwant    %s", err, want)
	}
}

func TestETagListMatchUsesTheAskedComparison(t *testing.T) {
	l, _ := ParseETagList("If-Match", []string{`W/"a", "b"`})
	for _, tc := range []struct {
		cur    ETag
		strong bool
		want   bool
	}{
		{ETag{Opaque: "a"}, true, false}, // W/"a" never strong-matches
		{ETag{Opaque: "a"}, false, true},
		{ETag{Opaque: "b"}, true, true},
		{ETag{Weak: true, Opaque: "b"}, true, false},
		{ETag{Weak: true, Opaque: "b"}, false, true},
		{ETag{Opaque: "c"}, false, false},
	} {
		if got := l.Match(tc.cur, tc.strong); got != tc.want {
			t.Errorf("%s Match(%s, strong=%v) = %v, want %v (RFC 9110, 8.8.3.2)", l, tc.cur, tc.strong, got, tc.want)
		}
	}
	if !(ETagList{Any: true}).Match(ETag{Opaque: "x"}, true) {
		t.Error(`"*" does not match`)
	}
}
