package check

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzOpenAPITargets checks properties of reading any document: no
// panic, an error or targets within the limits, the same answer twice,
// and error messages short enough to read. Seeds live in
// testdata/fuzz/FuzzOpenAPITargets/; `go test` runs them.
func FuzzOpenAPITargets(f *testing.F) {
	const base = "http://127.0.0.1:8080/api"
	lim := DefaultOpenAPILimits()
	lim.Output = 1 << 20
	lim.YAMLTokens = 100_000
	f.Fuzz(func(t *testing.T, doc []byte) {
		got, err := OpenAPITargetsWithin(doc, base, lim)
		again, err2 := OpenAPITargetsWithin(doc, base, lim)
		if !reflect.DeepEqual(got, again) || (err == nil) != (err2 == nil) || err != nil && err.Error() != err2.Error() {
			t.Fatalf("two readings differ: %v, %v", err, err2)
		}
		if err != nil {
			if msg := err.Error(); msg == "" || len(msg) > 1200 || !utf8.ValidString(msg) && utf8.Valid(doc) {
				t.Fatalf("error message of %d bytes: %q", len(msg), msg)
			}
			return
		}
		if len(got) > MaxURLs {
			t.Fatalf("%d targets; at most %d", len(got), MaxURLs)
		}
		size := 0
		for _, tg := range got {
			size += len(tg.URL) + len(tg.Content)
			if !strings.HasPrefix(tg.URL, base+"/") {
				t.Fatalf("target %q is not under %s", tg.URL, base)
			}
			switch tg.Method {
			case "", "DELETE", "PATCH", "POST", "PUT", "TRACE":
			default:
				t.Fatalf("target method %q", tg.Method)
			}
		}
		if size > lim.Output {
			t.Fatalf("targets of %d bytes; at most %d", size, lim.Output)
		}
	})
}
