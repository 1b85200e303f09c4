package httpbin_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/statuskit/statuskit/httpbin"
	"github.com/statuskit/statuskit/route"
)

// TestRefusalsGiveAnExampleThisServerTakes: a refused /delay/{n} or
// /basic-auth/{user}/{password} says what is allowed with an example that
// this server, with its limits, would answer; with delays off (--max-sleep
// 0) it says so and names the flag that turns them on.
func TestRefusalsGiveAnExampleThisServerTakes(t *testing.T) {
	tests := []struct {
		name     string
		maxSleep time.Duration
		target   string
		want     []string
		not      string
	}{
		{"delays off", 0, "/delay/1", []string{"delays are off", "--max-sleep 10s", "/delay/0"}, "e.g. /delay/2"},
		{"a small cap", 300 * time.Millisecond, "/delay/1", []string{"from 0 to 0.3", "e.g. /delay/0.3 or /delay/0.075", "?sleep=250"}, "/delay/2"},
		{"a sub-250ms cap", 100 * time.Millisecond, "/delay/1", []string{"?sleep=100"}, "?sleep=250"},
		{"the default cap", 10 * time.Second, "/delay/11", []string{"from 0 to 10", "e.g. /delay/2 or /delay/0.5"}, ""},
		{"a colon in the user-id", 0, "/basic-auth/a:b/c", []string{"e.g. /basic-auth/alice/secret"}, ""},
		{"a colon in the hidden user-id", 0, "/hidden-basic-auth/a:b/c", []string{"e.g. /hidden-basic-auth/alice/secret"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hb := httpbin.New(httpbin.Config{MaxRangeSize: 1 << 20, MaxSleep: tt.maxSleep})
			mux := http.NewServeMux()
			route.Any(mux, "/delay/{n}", hb.Delay)
			route.Resource(mux, "/basic-auth/{user}/{pass}", route.GET(hb.BasicAuth(false)))
			route.Resource(mux, "/hidden-basic-auth/{user}/{pass}", route.GET(hb.BasicAuth(true)))
			w := httptest.NewRecorder()
			mux.ServeHTTP(w, httptest.NewRequest(http.MethodGet, tt.target, nil))
			body := w.Body.String()
			if w.Code != http.StatusBadRequest {
				t.Fatalf("GET %s: %d; want 400\n%s", tt.target, w.Code, body)
			}
			for _, s := range tt.want {
				if !strings.Contains(body, s) {
					t.Errorf("GET %s: message %q; want it to say %q", tt.target, body, s)
				}
			}
			if tt.not != "" && strings.Contains(body, tt.not) {
				t.Errorf("GET %s: message %q offers %q, which this server refuses", tt.target, body, tt.not)
			}
		})
	}
}
