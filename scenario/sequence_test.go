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

// TestSequenceEmptyElementIsNamed: an empty element (two commas in a row,
// or a comma at an end) is a 400 that names the element by its position
// and gives an example, not a complaint about its neighbour.
func TestSequenceEmptyElementIsNamed(t *testing.T) {
	tests := []struct{ target, message string }{
		{"/sequence/200,,200?key=a", "element 2 of the sequence is empty"},
		{"/sequence/,200?key=b", "element 1 of the sequence is empty"},
		{"/sequence/503,200,?key=c", "element 3 of the sequence is empty"},
		{"/sequence/503;retry-after=1,,200?key=d", "element 2 of the sequence is empty"},
		{"/sequence/405;allow=PUT,,DELETE?key=e", "empty method"},
	}
	for _, tt := range tests {
		res, body := do(t, newMux(t), http.MethodPost, tt.target, "")
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, tt.message) || !strings.Contains(body, "e.g.") {
			t.Errorf("POST %s: %d %q; want 400 saying %q with an example", tt.target, res.StatusCode, body, tt.message)
		}
	}
}

// TestSequenceRepeatedModifierExample: a modifier given twice in one
// element, or a sequence parameter given twice, is a 400 whose example
// uses that modifier, not another one.
func TestSequenceRepeatedModifierExample(t *testing.T) {
	tests := []struct{ target, message string }{
		{"/sequence/503;retry-after=1;retry-after=2?key=a", "give it once, e.g. 503;retry-after=1"},
		{"/sequence/200;sleep=1;sleep=2?key=b", "give it once, e.g. 200;sleep=1"},
		{"/sequence/200?key=c&key=d", "give it once, e.g. ?key=c"},
	}
	for _, tt := range tests {
		res, body := do(t, newMux(t), http.MethodGet, tt.target, "")
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, tt.message) {
			t.Errorf("GET %s: %d %q; want 400 saying %q", tt.target, res.StatusCode, body, tt.message)
		}
	}
}
