package scenario_test

import (
	"net/http"
	"testing"
)

// TestEmptyResourceIsServedEmpty: a resource stored with no content is a
// zero-length representation; GET answers it as stored (200, its
// Content-Type, Content-Length: 0, its ETag), never with statuskit's
// description of 200, whatever Accept says (RFC 9110, 9.3.1 and 8.6).
func TestEmptyResourceIsServedEmpty(t *testing.T) {
	mux := newMux(t)
	res, _ := do(t, mux, http.MethodPut, "/resources/empty?key=k", "", "Content-Type", "text/plain")
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("PUT of empty content: %d; want 201", res.StatusCode)
	}
	etag := res.Header.Get("Etag")
	if etag == "" {
		t.Fatal("PUT answered without ETag")
	}
	for _, tt := range []struct{ name, method, accept string }{
		{"GET", http.MethodGet, ""},
		{"GET asking for JSON", http.MethodGet, "application/json"},
		{"HEAD", http.MethodHead, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, body := do(t, mux, tt.method, "/resources/empty?key=k", "", "Accept", tt.accept)
			h := res.Header
			if res.StatusCode != http.StatusOK || body != "" || h.Get("Content-Length") != "0" || h.Get("Content-Type") != "text/plain" || h.Get("Etag") != etag || h.Get("Vary") != "" {
				t.Errorf("%s: %d, %q, Content-Length %q, Content-Type %q, ETag %q, Vary %q; want 200, no content, 0, text/plain, %s, no Vary",
					tt.method, res.StatusCode, body, h.Get("Content-Length"), h.Get("Content-Type"), h.Get("Etag"), h.Get("Vary"), etag)
			}
		})
	}
}
