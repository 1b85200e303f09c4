package server

import (
	"net/http"
	"testing"

	"github.com/statuskit/statuskit/status"
)

// This file proves that the request path's shortcuts (see bench_test.go
// for why they exist) answer exactly what the general code answers.

// TestCodeFastPathFollowsTheMux proves the /{code} shortcut serves exactly
// the paths the mux would route to /{code}, and that it is in use.
func TestCodeFastPathFollowsTheMux(t *testing.T) {
	t.Parallel()
	mux := New(DefaultConfig()).mux()
	fast := codeFastPath(mux)
	for n := 100; n < 600; n++ {
		if !fast[n] {
			t.Errorf("/%d is not on the fast path; the mux routes it elsewhere", n)
		}
	}
	mux.HandleFunc("GET /418", func(http.ResponseWriter, *http.Request) {})
	if codeFastPath(mux)[418] {
		t.Error("a more specific route for /418 must take /418 off the fast path")
	}
	for _, s := range []string{"099", "600", "20", "2000", "abc", "+20", "1a0"} {
		if _, err := status.ParseCode(s); err == nil {
			t.Errorf("status.ParseCode(%q) accepted it", s)
		}
	}
}
