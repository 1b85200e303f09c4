package responder_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestHeaderValuesAreSentAsGivenOrRefused: a ?header= value is sent as
// given, with only optional whitespace (SP, HTAB) around it trimmed (RFC
// 9110, 5.5); CR, LF or NUL anywhere in it, leading or trailing included,
// is a 400, never silently stripped. A field name is required, after
// X-Statuskit-Response- as in ?header=.
func TestHeaderValuesAreSentAsGivenOrRefused(t *testing.T) {
	tests := []struct {
		name, target string
		header       []string
		status       int
		value        string
	}{
		{"leading CRLF", "/200?header=X-A:%0d%0aInjected:1", nil, 400, ""},
		{"leading LF", "/200?header=X-A:%0aInjected:1", nil, 400, ""},
		{"trailing CRLF", "/200?header=X-A:v%0d%0a", nil, 400, ""},
		{"trailing CR", "/200?header=X-A:v%0d", nil, 400, ""},
		{"leading NUL", "/200?header=X-A:%00v", nil, 400, ""},
		{"CRLF inside", "/200?header=X-A:a%0d%0aB:c", nil, 400, ""},
		{"CRLF in the name", "/200?header=X-A%0d%0a:v", nil, 400, ""},
		{"spaces and tabs trimmed", "/200?header=X-A:%20%09v%20w%09%20", nil, 200, "v w"},
		{"value as given", "/200?header=X-A:a,%20b%3Bq=1", nil, 200, "a, b;q=1"},
		{"empty name in ?header=", "/200?header=:v", nil, 400, ""},
		{"empty name after the prefix", "/200", []string{"X-Statuskit-Response-", "x"}, 400, ""},
		{"a name after the prefix", "/200", []string{"X-Statuskit-Response-X-A", "x"}, 200, "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := serve(t, defaultConfig(), http.MethodGet, tt.target, tt.header...)
			if w.Code != tt.status {
				t.Fatalf("GET %s %q: %d; want %d (RFC 9110, 5.5: CR, LF and NUL are not allowed in a field value)\n%s", tt.target, tt.header, w.Code, tt.status, w.Body)
			}
			if tt.status == 200 && w.Header().Get("X-A") != tt.value {
				t.Errorf("GET %s: X-A %q; want %q, as given", tt.target, w.Header().Get("X-A"), tt.value)
			}
			if tt.status == 400 && !strings.Contains(w.Body.String(), "e.g.") {
				t.Errorf("GET %s: message %q gives no example", tt.target, w.Body)
			}
			if tt.status == 400 && len(w.Header()["Injected"]) > 0 {
				t.Errorf("GET %s: an Injected field was sent", tt.target)
			}
		})
	}
}
