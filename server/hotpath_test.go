package server

import (
	"net/http"
	"reflect"
	"testing"

	"github.com/statuskit/statuskit/status"
)

// This file proves that the request path's shortcuts (see bench_test.go
// for why they exist) answer exactly what the general code answers.

func TestNegotiateShortcutAgreesWithTheFullParse(t *testing.T) {
	t.Parallel()
	for _, accept := range []string{
		"", "*/*", " */* ", "text/plain", "TEXT/PLAIN", "text/*", "text/html", " text/html ",
		"Text/Html", "application/xhtml+xml", "application/json", "APPLICATION/JSON",
		"application/problem+json", "application/*", "image/png", "image/*", "text", "/", " ",
		"application/json ", "\tapplication/json",
	} {
		if got, want := negotiate(accept), negotiateList(accept); got != want {
			t.Errorf("Accept %q: shortcut chose %s, the RFC 9110, 12.5.1 parse chooses %s",
				accept, got.contentType(), want.contentType())
		}
	}
}

func TestCodeTableHoldsTheRegistryEntries(t *testing.T) {
	t.Parallel()
	for n := 100; n < 600; n++ {
		if got, want := *codeFor(n), status.MustLookup(n); !reflect.DeepEqual(got, want) {
			t.Fatalf("codeFor(%d) = %+v, want the registry's %+v", n, got, want)
		}
	}
	for _, n := range []int{0, 99, 600} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("codeFor(%d) returned; want a panic, as status.MustLookup gives", n)
				}
			}()
			codeFor(n)
		}()
	}
}

// TestCodeFastPathFollowsTheMux proves the /{code} shortcut serves exactly
// the paths the mux would route to /{code}, and that it is in use.
func TestCodeFastPathFollowsTheMux(t *testing.T) {
	t.Parallel()
	mux := New(Config{}).mux()
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
		if _, ok := threeDigits(s); ok {
			t.Errorf("threeDigits(%q) accepted it", s)
		}
	}
}
