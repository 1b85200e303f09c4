package param

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// TestQueryRepeatedParameterGivesAnExample: a parameter given twice is a
// 400 that says to give it once and shows it given once (the first value),
// as every statuskit error gives an example.
func TestQueryRepeatedParameterGivesAnExample(t *testing.T) {
	t.Parallel()
	tests := []struct{ target, want string }{
		{"/ratelimit?limit=5&limit=6", "?limit= was given 2 times; give it once, e.g. ?limit=5"},
		{"/ratelimit?window=1s&window=2s&window=3s", "?window= was given 3 times; give it once, e.g. ?window=1s"},
	}
	for _, tt := range tests {
		_, err := Query(httptest.NewRequest("GET", tt.target, nil), "/ratelimit", []string{"limit", "window"}, nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Query(%s) = %v; want an error saying %q", tt.target, err, tt.want)
		}
	}
}

// TestQueryUnknownParameterSuggestsTheNearOne: a misspelt parameter names
// the one meant; a name near none lists what the endpoint takes, no guess.
func TestQueryUnknownParameterSuggestsTheNearOne(t *testing.T) {
	t.Parallel()
	tests := []struct{ target, want, not string }{
		{"/exam/x?windw=8s", `unknown query parameter "windw": /exam/x takes key, window (did you mean ?window=?)`, ""},
		{"/exam/x?KEY=a", `(did you mean ?key=?)`, ""},
		{"/exam/x?colour=red", `unknown query parameter "colour": /exam/x takes key, window`, "did you mean"},
	}
	for _, tt := range tests {
		_, err := Query(httptest.NewRequest("GET", tt.target, nil), "/exam/x", []string{"key", "window"}, nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) || tt.not != "" && strings.Contains(err.Error(), tt.not) {
			t.Errorf("Query(%s) = %v; want an error saying %q (and not %q)", tt.target, err, tt.want, tt.not)
		}
	}
}

func TestByteCountIsSingularForOne(t *testing.T) {
	t.Parallel()
	for n, want := range map[int64]string{0: "0 bytes", 1: "1 byte", 2: "2 bytes", 1 << 20: "1048576 bytes"} {
		if got := ByteCount(n); got != want {
			t.Errorf("ByteCount(%d) = %q, want %q", n, got, want)
		}
	}
}
