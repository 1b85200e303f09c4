package param

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// Count takes a whole number from 1 to the limit; a limit of 0 allows
// none, and says so instead of "from 1 to 0".
func TestCountSaysWhatTheLimitAllows(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n     string
		limit int64
		want  int64
		err   string
	}{
		{"3", 20, 3, ""},
		{"20", 20, 20, ""},
		{"21", 20, 0, `"21" in /redirect/{n} must be a whole number from 1 to 20 (--max-redirects), e.g. /redirect/3`},
		{"0", 20, 0, "from 1 to 20"},
		{"1", 1, 1, ""},
		{"2", 1, 0, "from 1 to 1 (--max-redirects), e.g. /redirect/1"},
		{"1", 0, 0, "this server allows no /redirect/{n} at all (--max-redirects 0); a server started with --max-redirects 1 or more answers it"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/redirect/"+tt.n, nil)
		r.Pattern = "GET /redirect/{n}"
		r.SetPathValue("n", tt.n)
		got, err := Count(r, "n", tt.limit, "--max-redirects")
		switch {
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("/redirect/%s with limit %d = %d, %v; want %d", tt.n, tt.limit, got, err, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("/redirect/%s with limit %d: error %v; want one with %q", tt.n, tt.limit, err, tt.err)
		case tt.err != "" && strings.Contains(err.Error(), "from 1 to 0"):
			t.Errorf("/redirect/%s with limit %d: %v offers an empty range", tt.n, tt.limit, err)
		}
	}
}
