package reply

import (
	"reflect"
	"testing"

	"github.com/statuskit/statuskit/status"
)

// The request path's shortcuts answer exactly what the general code
// answers.

func TestNegotiateShortcutAgreesWithTheFullParse(t *testing.T) {
	t.Parallel()
	for _, accept := range []string{
		"", "*/*", " */* ", "text/plain", "TEXT/PLAIN", "text/*", "text/html", " text/html ",
		"Text/Html", "application/xhtml+xml", "application/json", "APPLICATION/JSON",
		"application/problem+json", "application/*", "image/png", "image/*", "text", "/", " ",
		"application/json ", "\tapplication/json",
	} {
		if got, want := Negotiate(accept), negotiateList(accept); got != want {
			t.Errorf("Accept %q: shortcut chose %s, the RFC 9110, 12.5.1 parse chooses %s",
				accept, got.ContentType(), want.ContentType())
		}
	}
}

func TestCodeTableHoldsTheRegistryEntries(t *testing.T) {
	t.Parallel()
	for n := 100; n < 600; n++ {
		if got, want := *Code(n), status.MustLookup(n); !reflect.DeepEqual(got, want) {
			t.Fatalf("Code(%d) = %+v, want the registry's %+v", n, got, want)
		}
	}
	for _, n := range []int{0, 99, 600} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Code(%d) returned; want a panic, as status.MustLookup gives", n)
				}
			}()
			Code(n)
		}()
	}
}
