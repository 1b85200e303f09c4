package scenario_test

import (
	"encoding/json"
	"net/http"
	"strings"
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

// TestBatchItemErrorsSayWhatIsWrong: a batch item the server cannot use
// gets a 400 in the 207 that says what is wrong with it: not an object, a
// member other than name and value (named), no name, a name that is not
// a string; each with an example.
func TestBatchItemErrorsSayWhatIsWrong(t *testing.T) {
	tests := []struct{ item, message string }{
		{`{"nam":"x","value":1}`, `item 0 has the unknown member "nam" (did you mean "name" for "nam"?)`},
		{`{"name":"x","value":1,"ttl":5,"etag":"a"}`, `unknown members "etag", "ttl"`},
		{`{"value":1}`, `item 0 has no "name"`},
		{`{"name":7,"value":1}`, `"name" that is not a string`},
		{`[1]`, `item 0 must be an object`},
		{`null`, `item 0 must be an object`},
	}
	for _, tt := range tests {
		res, body := do(t, newMux(t), http.MethodPost, "/resources?key=b", "["+tt.item+"]", "Content-Type", "application/json")
		var doc struct {
			Responses []struct {
				Status  int    `json:"status"`
				Message string `json:"message"`
			} `json:"responses"`
		}
		if err := json.Unmarshal([]byte(body), &doc); err != nil || res.StatusCode != http.StatusMultiStatus || len(doc.Responses) != 1 {
			t.Fatalf("POST /resources [%s]: %d %q; want 207 with one response", tt.item, res.StatusCode, body)
		}
		got := doc.Responses[0]
		if got.Status != http.StatusBadRequest || !strings.Contains(got.Message, tt.message) || !strings.Contains(got.Message, "e.g.") {
			t.Errorf("POST /resources [%s]: item %d %q; want 400 saying %q with an example", tt.item, got.Status, got.Message, tt.message)
		}
	}
}
