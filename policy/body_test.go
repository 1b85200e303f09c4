package policy

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BodyLimit's 413 (RFC 9110, 15.5.14) says how large the content was and
// what the server accepts, in words that fit the numbers: "1 byte", and
// "no request content" under --max-body 0 rather than "at most 0".
func TestBodyLimit413SaysWhatIsAccepted(t *testing.T) {
	t.Parallel()
	tests := []struct {
		max     int64
		content string
		want    string
	}{
		{0, "x", "the request content is 1 byte; this server accepts no request content (--max-body 0)"},
		{0, "xyz", "the request content is 3 bytes; this server accepts no request content (--max-body 0)"},
		{1, "xyz", "the request content is 3 bytes; this server accepts at most 1 byte (--max-body)"},
		{2, "xyz", "the request content is 3 bytes; this server accepts at most 2 bytes (--max-body)"},
	}
	for _, tt := range tests {
		h := BodyLimit(tt.max, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(tt.content))
		r.Header.Set("Accept", "text/plain")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusRequestEntityTooLarge || !strings.Contains(w.Body.String(), tt.want) {
			t.Errorf("max %d, %d bytes of content: %d %q; want 413 with %q", tt.max, len(tt.content), w.Code, w.Body.String(), tt.want)
		}
	}
}
