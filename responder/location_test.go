package responder_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestClientTargetsAreSentAsGivenOrExplained: a ?location= that every
// client reads the same way is sent exactly as given; one that browsers
// and RFC 3986 parsers read differently is sent in the form the origin
// check resolved, and the response says so rather than rewrite it
// silently. A refused target is shown in the message as given, its
// backslashes not doubled.
func TestClientTargetsAreSentAsGivenOrExplained(t *testing.T) {
	tests := []struct {
		name, target string
		status       int
		location     string
		message      string
	}{
		{"a path", "/302?location=/x%3Fa=1", 302, "/x?a=1", ""},
		{"an absolute URL on this server", "/302?location=http://127.0.0.1/x", 302, "http://127.0.0.1/x", ""},
		{"same-scheme relative", "/302?location=http:/x", 302, "/x", "Location is sent as /x, not as given (http:/x)"},
		{"IPv4 short form", "/302?location=http://127.1/x", 302, "/x", "Location is sent as /x, not as given (http://127.1/x)"},
		{"backslashes in a refusal", "/302?location=/%5C%5Cevil.com", 400, "", `Location "/\\evil.com" leads to`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := serve(t, defaultConfig(), http.MethodGet, tt.target, "Accept", "application/json", "Host", "127.0.0.1")
			var doc struct {
				Message string `json:"message"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
				t.Fatalf("GET %s: %v in %q", tt.target, err, w.Body)
			}
			if w.Code != tt.status || w.Header().Get("Location") != tt.location {
				t.Fatalf("GET %s: %d, Location %q; want %d, %q\n%s", tt.target, w.Code, w.Header().Get("Location"), tt.status, tt.location, doc.Message)
			}
			if tt.message == "" && strings.Contains(doc.Message, "not as given") {
				t.Errorf("GET %s: message %q says the target was rewritten; it was sent as given", tt.target, doc.Message)
			}
			if !strings.Contains(doc.Message, tt.message) {
				t.Errorf("GET %s: message %q; want it to say %q", tt.target, doc.Message, tt.message)
			}
		})
	}
}
