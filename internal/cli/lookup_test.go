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
		{[]string{"search", "qqqzzz"}, "statuskit search qqqzzz"},
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
