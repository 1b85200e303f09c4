package reply

import "testing"

func TestNegotiate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		accept string
		want   Format
	}{
		{"", Text},
		{"*/*", Text},
		{"application/json", JSON},
		{"application/json;q=0", Text},
		{"application/json;q=abc", JSON}, // an invalid q is ignored, not fatal
		{"application/json;q=2", JSON},
		{"text/html;q=0.5, application/json", JSON},
		{"text/html;q=0.5,application/json;q=0.5", HTML}, // equal q: earlier wins
		{"*/*;q=0.9, text/html;q=0.9", HTML},             // equal q: more specific wins
		{"application/json; charset=utf-8; q=0.8, text/*;q=0.7", JSON},
		{",,, ;;; =", Text},
		{"image/png, audio/*", Text},
	} {
		if got := Negotiate(tc.accept); got != tc.want {
			t.Errorf("negotiate(%q) = %v, want %v", tc.accept, got.ContentType(), tc.want.ContentType())
		}
	}
}
