package scenario_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestScenarioAnswersExplainThemselves: a status a scenario chooses
// carries statuskit's explanation, so problem details have a detail (RFC
// 9457, 3.1.4: "a human-readable explanation specific to this occurrence")
// and the text says what happened and what to do: a 429 names the key, the
// quota and window and when to retry; a sequence element says where it is
// in the sequence.
func TestScenarioAnswersExplainThemselves(t *testing.T) {
	mux := newMux(t)
	do(t, mux, http.MethodGet, "/ratelimit?limit=1&window=1m&key=z", "")
	created, _ := do(t, mux, http.MethodPost, "/jobs?duration=0&result=500", "")
	job := created.Header.Get("Location")
	if created.StatusCode != http.StatusAccepted || job == "" {
		t.Fatalf("POST /jobs: %d, Location %q; want 202 with Location", created.StatusCode, job)
	}
	tests := []struct {
		name, target string
		status       int
		detail       []string
	}{
		{"429 from /ratelimit", "/ratelimit?limit=1&window=1m&key=z", http.StatusTooManyRequests,
			[]string{`key "z"`, "1 request per 1m0s", "retry after 60 seconds"}},
		{"a job's result", job + "/result", http.StatusInternalServerError,
			[]string{"result of job", "result=500"}},
		{"a sequence element", "/sequence/503,200?key=s", http.StatusServiceUnavailable,
			[]string{"element 1 of 2", "element 2"}},
		{"the end of a sequence", "/sequence/500?key=e", http.StatusInternalServerError,
			[]string{"element 1 of 1", "sequence is over", "DELETE"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := do(t, mux, http.MethodGet, tt.target, "", "Accept", "application/problem+json")
			var doc struct {
				Status int    `json:"status"`
				Detail string `json:"detail"`
			}
			if err := json.Unmarshal([]byte(body), &doc); err != nil {
				t.Fatalf("GET %s: %v in %q", tt.target, err, body)
			}
			if res.StatusCode != tt.status || doc.Status != tt.status {
				t.Fatalf("GET %s: %d (status member %d); want %d", tt.target, res.StatusCode, doc.Status, tt.status)
			}
			for _, want := range tt.detail {
				if !strings.Contains(doc.Detail, want) {
					t.Errorf("GET %s: detail %q; want it to say %q (RFC 9457, 3.1.4)", tt.target, doc.Detail, want)
				}
			}
		})
	}
}
