package responder_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestAllowOf405NeverListsTheRefusedMethod: a 405 refuses the request's
// method and its Allow lists the methods the resource supports (RFC 9110,
// 15.5.6), so ?allow= naming the request's own method is a 400 that says
// why; GET and HEAD count as one (9.3.2). An empty element in the list is
// a mistake, not a method; an empty value means nothing is allowed.
func TestAllowOf405NeverListsTheRefusedMethod(t *testing.T) {
	tests := []struct {
		name, method, target string
		status               int
		allow, message       string
	}{
		{"GET listed for a GET", http.MethodGet, "/405?allow=GET,HEAD", 400, "", "curl -X POST"},
		{"GET listed for a HEAD", http.MethodHead, "/405?allow=GET", 400, "", ""},
		{"HEAD listed for a GET", http.MethodGet, "/405?allow=HEAD", 400, "", "9.3.2"},
		{"every method listed", http.MethodPost, "/405?allow=GET,HEAD,POST,PUT,PATCH,DELETE,OPTIONS,TRACE", 400, "", "leave POST out"},
		{"empty element", http.MethodDelete, "/405?allow=GET,,HEAD", 400, "", "empty method"},
		{"trailing comma", http.MethodDelete, "/405?allow=GET,", 400, "", "empty method"},
		{"another method", http.MethodPost, "/405?allow=GET,HEAD", 405, "GET, HEAD", ""},
		{"DELETE refused", http.MethodDelete, "/405?allow=GET,%20HEAD", 405, "GET, HEAD", ""},
		{"nothing allowed", http.MethodGet, "/405?allow=", 405, "", ""},
		{"method names are case-sensitive", http.MethodGet, "/405?allow=get", 405, "get", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := serve(t, defaultConfig(), tt.method, tt.target)
			if w.Code != tt.status {
				t.Fatalf("%s %s: %d; want %d (RFC 9110, 15.5.6: Allow lists what the resource supports, not the refused method)\n%s", tt.method, tt.target, w.Code, tt.status, w.Body)
			}
			if tt.status == 405 && w.Header().Get("Allow") != tt.allow {
				t.Errorf("%s %s: Allow %q; want %q", tt.method, tt.target, w.Header().Get("Allow"), tt.allow)
			}
			if tt.method != http.MethodHead && !strings.Contains(w.Body.String(), tt.message) {
				t.Errorf("%s %s: message %q; want it to say %q", tt.method, tt.target, w.Body, tt.message)
			}
		})
	}
}
