package reply

import "testing"

func FuzzNegotiate(f *testing.F) {
	for _, s := range []string{"", "*/*", "application/json", "text/html;q=0.5, application/json", "text/*;q=0", ";;,,q=", "application/json;q=NaN"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, accept string) {
		if got := Negotiate(accept); got >= numFormats {
			t.Fatalf("negotiate(%q) = %d, not a format", accept, got)
		}
	})
}
