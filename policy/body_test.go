package policy

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/statuskit/statuskit/reply"
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

// Content sent without a length (chunked) is only found too large while
// a handler reads it: ContentError turns that read error into the same
// kind of 413, and any other read error into a 400.
func TestContentErrorIs413PastTheLimitAnd400Otherwise(t *testing.T) {
	t.Parallel()
	tests := []struct {
		max    int64
		status int
		want   string
	}{
		{0, http.StatusRequestEntityTooLarge, "this server accepts no request content (--max-body 0)"},
		{1, http.StatusRequestEntityTooLarge, "at most 1 byte (--max-body)"},
		{2, http.StatusRequestEntityTooLarge, "at most 2 bytes (--max-body)"},
	}
	for _, tt := range tests {
		h := BodyLimit(tt.max, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, err := io.ReadAll(r.Body)
			reply.WriteError(w, r, ContentError(err))
		}))
		r := httptest.NewRequest(http.MethodPost, "/", io.MultiReader(strings.NewReader("xyz")))
		r.ContentLength = -1
		r.Header.Set("Accept", "text/plain")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != tt.status || !strings.Contains(w.Body.String(), tt.want) {
			t.Errorf("max %d, 3 bytes chunked: %d %q; want %d with %q", tt.max, w.Code, w.Body.String(), tt.status, tt.want)
		}
	}
	if err := ContentError(nil); err != nil {
		t.Errorf("ContentError(nil) = %v, want nil", err)
	}
	var e *reply.Error
	if err := ContentError(io.ErrUnexpectedEOF); !errors.As(err, &e) || e.Status != http.StatusBadRequest {
		t.Errorf("ContentError(io.ErrUnexpectedEOF) = %#v, want a 400", err)
	}
}
