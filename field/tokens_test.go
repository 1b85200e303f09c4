package field

import (
	"slices"
	"strings"
	"testing"
)

func TestIsToken(t *testing.T) {
	for _, s := range []string{"GET", "x", "!#$%&'*+-.^_`|~", "Content-Type", "0"} {
		if !IsToken(s) {
			t.Errorf("IsToken(%q) = false (RFC 9110, 5.6.2)", s)
		}
	}
	for _, s := range []string{"", "a b", "a,b", `"a"`, "a\tb", "a/b", "a:b", "caf\xc3\xa9", "(a)", "a=b", "a;b"} {
		if IsToken(s) {
			t.Errorf("IsToken(%q) = true (RFC 9110, 5.6.2)", s)
		}
	}
}

func TestParseTokenList(t *testing.T) {
	for _, tc := range []struct {
		lines []string
		want  []string
	}{
		{[]string{"GET, HEAD"}, []string{"GET", "HEAD"}},
		{[]string{"GET,HEAD", "PUT"}, []string{"GET", "HEAD", "PUT"}},
		{[]string{" GET ,\tHEAD "}, []string{"GET", "HEAD"}},
		{[]string{",GET,, ,HEAD,"}, []string{"GET", "HEAD"}}, // RFC 9110, 5.6.1
		{[]string{""}, nil}, // Allow: (nothing allowed, 10.2.1)
		{nil, nil},
		{[]string{"get, Get"}, []string{"get", "Get"}}, // case is kept
	} {
		got, err := ParseTokenList("Allow", tc.lines)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("ParseTokenList(%q) = %q, %v; want %q", tc.lines, got, err, tc.want)
		}
	}
	for _, tc := range []struct {
		lines []string
		why   string
	}{
		{[]string{"GET HEAD"}, "GET HEAD is not a token"},
		{[]string{"GET, HE AD"}, "HE AD is not a token"},
		{[]string{`"GET"`}, `"GET" is not a token`},
		{[]string{"GET;q=1"}, "GET;q=1 is not a token"},
		{[]string{strings.Repeat("a,", MaxListMembers)}, "more than 1024"},
	} {
		_, err := ParseTokenList("Allow", tc.lines)
		if err == nil || !strings.Contains(err.Error(), tc.why) || !strings.Contains(err.Error(), "e.g. Allow: GET, HEAD") && !strings.Contains(err.Error(), "1024") {
			t.Errorf("ParseTokenList(%.30q) error = %v; want one mentioning %q with an example", tc.lines, err, tc.why)
		}
	}
}

func TestHasTokenIsCaseInsensitiveAcrossLines(t *testing.T) {
	for _, tc := range []struct {
		lines []string
		token string
		want  bool
	}{
		{[]string{"keep-alive, Upgrade"}, "upgrade", true},
		{[]string{"keep-alive", "CLOSE"}, "close", true},
		{[]string{"closed"}, "close", false},
		{[]string{"a b, close"}, "close", true}, // a bad element does not hide a good one
		{[]string{""}, "", false},
		{[]string{"a,,b"}, "", false},
		{nil, "close", false},
		{[]string{strings.Repeat(",", MaxListMembers) + "close"}, "close", false}, // bounded
	} {
		if got := HasToken(tc.lines, tc.token); got != tc.want {
			t.Errorf("HasToken(%.30q, %q) = %v, want %v", tc.lines, tc.token, got, tc.want)
		}
	}
}

func TestFormatListSeparatesWithCommaSpace(t *testing.T) {
	if got := FormatList([]string{"GET", "HEAD", "OPTIONS"}); got != "GET, HEAD, OPTIONS" {
		t.Errorf("FormatList = %q (RFC 9110, 5.6.1)", got)
	}
	if got := FormatList(nil); got != "" {
		t.Errorf("FormatList(nil) = %q", got)
	}
}
