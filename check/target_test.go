package check

import (
	"errors"
	"strings"
	"testing"
)

func TestParseTargetSuggestsTheURLProbablyMeant(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, suggest, reason string
	}{
		{"example.com", "http://example.com/", "no scheme"},
		{"example.com/users/1?x=1", "http://example.com/users/1?x=1", "no scheme"},
		{"localhost:8080/x", "http://localhost:8080/x", "no scheme"},
		{"localhost", "http://localhost/", "no scheme"},
		{"127.0.0.1:8080", "http://127.0.0.1:8080/", "no scheme"},
		{"[::1]:8080/a", "http://[::1]:8080/a", "no scheme"},
		// Not a host without its scheme: nothing to suggest.
		{"/users/1", "", "no scheme"},
		{"users", "", "no scheme"},
		{"mailto:ops@example.com", "", "not http or https"},
		{"ftp://example.com/", "", "not http or https"},
		{"urn:isbn:0451450523", "", "not http or https"},
		{"http:///x", "", "no host"},
	} {
		_, err := ParseTarget(tc.in)
		var te *TargetError
		if !errors.As(err, &te) {
			t.Errorf("ParseTarget(%q): %v, want a *TargetError", tc.in, err)
			continue
		}
		if te.Suggest != tc.suggest || !strings.Contains(te.Reason, tc.reason) {
			t.Errorf("ParseTarget(%q): reason %q, suggest %q; want a reason with %q and suggest %q", tc.in, te.Reason, te.Suggest, tc.reason, tc.suggest)
		}
		if want := "did you mean " + tc.suggest + "?"; tc.suggest != "" && !strings.Contains(err.Error(), want) {
			t.Errorf("ParseTarget(%q): %q lacks %q", tc.in, err, want)
		}
		if tc.suggest != "" {
			if _, err := ParseTarget(tc.suggest); err != nil {
				t.Errorf("the suggestion %q for %q is not a target itself: %v", tc.suggest, tc.in, err)
			}
		}
	}
}

func TestReadURLsNamesTheLineOfEachError(t *testing.T) {
	t.Parallel()
	long := "http://127.0.0.1/" + strings.Repeat("a", 70<<10)
	for _, tc := range []struct {
		name, file string
		line       int
		want       string
	}{
		{"no scheme", "# API\nhttp://127.0.0.1/a\n\nexample.com/b\n", 4, "did you mean http://example.com/b?"},
		{"two URLs on a line", "http://127.0.0.1/a http://127.0.0.1/b\n", 1, "one URL per line"},
		{"a flag in the file", "http://127.0.0.1/a\n--header X-A:b\n", 2, "one URL per line"},
		{"a line too long to read", "http://127.0.0.1/a\n" + long + "\n", 2, "64 KiB"},
		{"too many URLs", strings.Repeat("http://127.0.0.1/a\n", MaxURLs+1), MaxURLs + 1, "more than 10000 URLs"},
	} {
		_, err := ReadURLs(strings.NewReader(tc.file))
		var le *LineError
		if !errors.As(err, &le) || le.Line != tc.line || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v; want a *LineError for line %d saying %q", tc.name, err, tc.line, tc.want)
		}
	}
	ts, err := ReadURLs(strings.NewReader("\ufeffhttp://127.0.0.1/a\t# the first\r\nhttp://127.0.0.1/b # the second\r\n"))
	if err != nil || len(ts) != 2 || ts[0].URL != "http://127.0.0.1/a" || ts[1].URL != "http://127.0.0.1/b" {
		t.Errorf("a list with a byte order mark, CRLF and comments after a tab or space: %+v, %v", ts, err)
	}
}
