package cli

import (
	"strings"
	"testing"
)

// Not-found answers come from status.Suggest: phrase and digit similarity.
func TestNotFoundSuggestsTheNearestCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"teapto"}, "did you mean 418 I'm a teapot"},
		{[]string{"4O4"}, "did you mean 404 Not Found"},
		{[]string{"5OO"}, "did you mean 500 Internal Server Error"},
		{[]string{"explain", "gatway", "timout"}, "did you mean 504 Gateway Timeout"},
		{[]string{"abc"}, "nothing is close: browse every code with statuskit list, or search their text with statuskit search abc"},
	}
	for _, tt := range tests {
		code, out, errOut := run(t, nil, tt.args...)
		if code != exitNotFound || !strings.Contains(errOut, tt.want) {
			t.Errorf("statuskit %v: exit %d, %q; want exit %d and %q", tt.args, code, errOut, exitNotFound, tt.want)
		}
		if !strings.Contains(errOut, "e.g. 404") {
			t.Errorf("statuskit %v: %q does not say what is allowed", tt.args, errOut)
		}
		if out != "" {
			t.Errorf("statuskit %v wrote to stdout: %q", tt.args, out)
		}
	}
}

// search never sends a person back to the same search: an empty query is
// a usage error (exit 2), a query without a word says so, and a query no
// code's text has says what else to try; each gives an example.
func TestSearchWithoutMatchesSaysWhatToTryInstead(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"search", ""}, exitUsage, `search needs words to look for, e.g. statuskit search retry`},
		{[]string{"search", "  "}, exitUsage, `search needs words to look for, e.g. statuskit search retry`},
		{[]string{"search", "*"}, exitUsage, `'*' has no word to search for: search matches words of letters a-z and digits, e.g. statuskit search retry`},
		{[]string{"search", "é"}, exitUsage, `has no word to search for`},
		{[]string{"search", "qqqzzz"}, exitNotFound, `no code's text has every word of "qqqzzz"`},
		{[]string{"search", "qqqzzz"}, exitNotFound, `e.g. statuskit search retry`},
	} {
		code, out, errOut := run(t, nil, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) || out != "" {
			t.Errorf("statuskit %q: exit %d, stdout %q, stderr %q; want exit %d and %q", tt.args, code, out, errOut, tt.code, tt.want)
		}
		if q := tt.args[len(tt.args)-1]; strings.Contains(errOut, "statuskit search "+shellQuote(q)) {
			t.Errorf("statuskit %q: %q suggests the same search", tt.args, errOut)
		}
	}
}

func TestSearchRetryListsTheRetryableCodesFirst(t *testing.T) {
	t.Parallel()
	_, out, _ := run(t, nil, "search", "retry", "--limit", "2")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "429") && !strings.HasPrefix(lines[0], "503") || !strings.HasPrefix(lines[1], "429") && !strings.HasPrefix(lines[1], "503") {
		t.Errorf("search retry --limit 2 =\n%s\nwant 429 and 503 (RFC 6585, 4; RFC 9110, 15.6.4: the codes that carry Retry-After)", out)
	}
}

func TestAClassListsItsCodes(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"4xx"}, {"explain", "4XX"}} {
		code, out, errOut := run(t, nil, args...)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if code != 0 || len(lines) < 29 {
			t.Errorf("statuskit %v: exit %d, %d lines; want the 4xx list:\n%s", args, code, len(lines), errOut)
		}
		for _, l := range lines {
			if !strings.HasPrefix(l, "4") {
				t.Errorf("statuskit %v printed %q", args, l)
			}
		}
	}
}

// The rule of explain (and a bare statuskit WORDS): a number, phrase,
// slug or older phrase resolves exactly; other words resolve only when
// they name one code alone (status.Named). Words that name several codes
// equally exit 1 naming them; words that name none exit 1 with
// suggestions. The best full-text hit is never taken silently.
func TestExplainWordsResolveOnlyWhenTheyNameOneCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		exit int
		want string // the first line of stdout, or a part of stderr
	}{
		{[]string{"explain", "too many"}, exitOK, "429 Too Many Requests"},
		{[]string{"explain", "not", "found"}, exitOK, "404 Not Found"},
		{[]string{"not-found", "--json"}, exitOK, `"code": 404`},
		{[]string{"429"}, exitOK, "429 Too Many Requests"},
		{[]string{"explain", "Request Entity Too Large"}, exitOK, "413 Content Too Large"},
		{[]string{"explain", "serv", "unavailable"}, exitOK, "503 Service Unavailable"},
		{[]string{"explain", "header too large"}, exitOK, "431 Request Header Fields Too Large"},
		{[]string{"explain", "gateway"}, exitNotFound, `"gateway" names 2 codes equally: 502 Bad Gateway and 504 Gateway Timeout; say which, e.g. statuskit explain 502, or search their text with statuskit search gateway`},
		{[]string{"explain", "redirect"}, exitNotFound, "307 Temporary Redirect and 308 Permanent Redirect"},
		{[]string{"explain", "too"}, exitNotFound, "413 Content Too Large, 414 URI Too Long, 425 Too Early, 429 Too Many Requests and 431 Request Header Fields Too Large"},
		{[]string{"bad"}, exitNotFound, "400 Bad Request and 502 Bad Gateway"},
		{[]string{"explain", "serv"}, exitNotFound, "did you mean 503 Service Unavailable"}, // explain never takes a word for a command
		{[]string{"explain", "list"}, exitNotFound, `no status code matches "list"`},
		{[]string{"explain", "exam"}, exitNotFound, `no status code matches "exam"`},
		{[]string{"explain", "li"}, exitNotFound, `no status code matches "li"`},
		{[]string{"explain", "nginx"}, exitNotFound, "statuskit search nginx"},
		{[]string{"explain", "serve"}, exitNotFound, "did you mean 500 Internal Server Error"},
	}
	for _, tt := range tests {
		expectRun(t, tt.args, tt.exit, tt.want, "explained a code it should not have picked")
	}
}

// Codes are read as the server reads them (status.ParseCode): exactly
// three digits, 100 to 599 (RFC 9110, 15). Anything else written as a
// number or a class is a usage error, exit 2.
func TestCodesAreReadExactlyAsTheServerReadsThem(t *testing.T) {
	t.Parallel()
	tests := []struct {
		arg  string
		exit int
		want string
	}{
		{"200", exitOK, "200 OK"},
		{"0200", exitUsage, `"0200" is not a status code as written: write exactly three digits, e.g. 200`},
		{"+404", exitUsage, `"+404" is not a status code as written: write exactly three digits, e.g. 404`},
		{"00404", exitUsage, "write exactly three digits, e.g. 404"},
		{"600", exitUsage, "from 100 to 599"},
		{"99", exitUsage, "from 100 to 599"},
		{"4004", exitUsage, "write exactly three digits"},
		{"6xx", exitUsage, `"6xx" is not a status class: the classes are 1xx, 2xx, 3xx, 4xx and 5xx; e.g. statuskit list 4xx`},
		{"45xx", exitUsage, "is not a status class"},
	}
	for _, tt := range tests {
		for _, args := range [][]string{{tt.arg}, {"explain", tt.arg}} {
			code, out, errOut := run(t, nil, args...)
			got := errOut
			if tt.exit == exitOK {
				got = out
			}
			if code != tt.exit || !strings.Contains(got, tt.want) {
				t.Errorf("statuskit %q: exit %d, stdout %q, stderr %q; want exit %d and %q", args, code, firstLine(out), errOut, tt.exit, tt.want)
			}
		}
	}
}

func firstLine(s string) string { return strings.SplitN(s, "\n", 2)[0] }

// expectRun runs statuskit with args and wants exit, and want in stdout on
// success or in stderr otherwise; a failure that still wrote to stdout is
// reported as wrongOutput ("explained a code it should not have picked").
func expectRun(t *testing.T, args []string, exit int, want, wrongOutput string) {
	t.Helper()
	code, out, errOut := run(t, nil, args...)
	got := errOut
	if exit == exitOK {
		got = out
	}
	if code != exit || !strings.Contains(got, want) {
		t.Errorf("statuskit %q: exit %d, stdout %q, stderr %q; want exit %d and %q", args, code, firstLine(out), errOut, exit, want)
	}
	if exit != exitOK && out != "" {
		t.Errorf("statuskit %q %s: %q", args, wrongOutput, firstLine(out))
	}
}
