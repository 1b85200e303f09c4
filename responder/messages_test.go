package responder_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/statuskit/statuskit/responder"
)

// TestRefusalsSayWhatIsAllowedWithAValidExample: every 400 a modifier
// gets says what is allowed and gives an example that this server, with
// its configured limits, would take; with sleeping off (--max-sleep 0)
// it says so and names the flag.
func TestRefusalsSayWhatIsAllowedWithAValidExample(t *testing.T) {
	noSleep := defaultConfig()
	noSleep.MaxSleep = 0
	tiny := defaultConfig()
	tiny.MaxSleep, tiny.MaxRangeSize = 100*time.Millisecond, 10
	tests := []struct {
		name, target string
		cfg          *responder.Config
		want         []string
	}{
		{"?size= not a number", "/206?size=abc", nil, []string{"from 1 to 1048576", "e.g. ?size=100"}},
		{"?size= over a small cap", "/206?size=abc", &tiny, []string{"from 1 to 10", "e.g. ?size=10"}},
		{"?sleep= twice", "/200?sleep=1&sleep=2", nil, []string{"given 2 times; give it once, e.g. ?sleep=1"}},
		{"?sleep= twice, the first invalid", "/200?sleep=x&sleep=2", nil, []string{`?sleep="x" is not a duration`}},
		{"?sleep= over the cap", "/200?sleep=5s", &tiny, []string{"cap of 100ms", "e.g. ?sleep=100ms"}},
		{"sleeping off", "/200?sleep=1", &noSleep, []string{"sleeping is off", "--max-sleep 10s"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := defaultConfig()
			if tt.cfg != nil {
				cfg = *tt.cfg
			}
			w := serve(t, cfg, http.MethodGet, tt.target)
			if w.Code != http.StatusBadRequest {
				t.Fatalf("GET %s: %d; want 400\n%s", tt.target, w.Code, w.Body)
			}
			for _, s := range tt.want {
				if !strings.Contains(w.Body.String(), s) {
					t.Errorf("GET %s: message %q; want it to say %q", tt.target, w.Body, s)
				}
			}
		})
	}
}
