package scenario_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestSequenceAllowNeverListsTheRefusedMethod: an element 405;allow=...
// follows the rule of /405?allow= (RFC 9110, 15.5.6 and 9.3.2), checked
// for every element before the sequence moves on.
func TestSequenceAllowNeverListsTheRefusedMethod(t *testing.T) {
	tests := []struct {
		name, method, target string
		status               int
		message              string
	}{
		{"GET listed for a GET", http.MethodGet, "/sequence/405;allow=GET,HEAD?key=a", 400, "element 1 of the sequence: ?allow=GET,HEAD lists GET"},
		{"in a later element", http.MethodGet, "/sequence/200,405;allow=HEAD?key=b", 400, "element 2 of the sequence"},
		{"empty method", http.MethodPost, "/sequence/405;allow=GET,,HEAD?key=c", 400, "empty method"},
		{"another method", http.MethodPost, "/sequence/405;allow=GET,HEAD?key=d", 405, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := do(t, newMux(t), tt.method, tt.target, "")
			if res.StatusCode != tt.status || !strings.Contains(body, tt.message) {
				t.Errorf("%s %s: %d %q; want %d saying %q (RFC 9110, 15.5.6)", tt.method, tt.target, res.StatusCode, body, tt.status, tt.message)
			}
		})
	}
}
