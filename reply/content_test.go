package reply

import (
	"net/http"
	"testing"
)

// TestEmptyContentIsSentAsEmpty: content a caller says it has (HasContent)
// is the representation even when it has no bytes: Content-Length: 0 and
// its own Content-Type, never the description of the status with Vary:
// Accept (RFC 9110, 8.6: a zero-length representation is still one).
func TestEmptyContentIsSentAsEmpty(t *testing.T) {
	tests := []struct {
		name, method, accept string
		content              []byte
	}{
		{"nil content", http.MethodGet, "", nil},
		{"empty slice", http.MethodGet, "", []byte{}},
		{"JSON asked", http.MethodGet, "application/json", nil},
		{"HEAD", http.MethodHead, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := write(t, tt.method, tt.accept, Response{Status: http.StatusOK, Content: tt.content, HasContent: true, ContentType: "text/plain"})
			h := w.Header()
			if w.Body.Len() != 0 || h.Get("Content-Length") != "0" || h.Get("Content-Type") != "text/plain" || h.Get("Vary") != "" {
				t.Errorf("%s of empty content: %d bytes, Content-Length %q, Content-Type %q, Vary %q; want 0 bytes, Content-Length 0, text/plain, no Vary",
					tt.method, w.Body.Len(), h.Get("Content-Length"), h.Get("Content-Type"), h.Get("Vary"))
			}
		})
	}
	// Without HasContent a nil Content still means "describe the status".
	w := write(t, http.MethodGet, "", Response{Status: http.StatusOK})
	if w.Body.Len() == 0 || w.Header().Get("Vary") != "Accept" {
		t.Errorf("no content given: %d bytes, Vary %q; want the negotiated description with Vary: Accept", w.Body.Len(), w.Header().Get("Vary"))
	}
}
