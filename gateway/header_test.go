package gateway

import (
	"strings"
	"testing"
	"time"
)

// X-Statuskit-Fault cannot carry the fields some statuses need (RFC 9110,
// 15.3.7, 15.5.17, 15.4), so it may not ask for them; a rule with headers
// can.
func TestHeaderFaultsRefuseStatusesThatNeedFields(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		value, want string
	}{
		{"abort=206", "Content-Range"},
		{"abort=416", "Content-Range"},
		{"abort=301", "Location"},
		{"abort=302", "Location"},
		{"abort=303", "Location"},
		{"abort=307", "Location"},
		{"abort=308", "Location"},
	} {
		_, err := parseFaultHeader([]string{tc.value}, time.Minute)
		if err == nil {
			t.Errorf("%s: accepted; the response would lack %s", tc.value, tc.want)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, tc.want) || !strings.Contains(msg, "e.g.") {
			t.Errorf("%s: %q; want it to name %s and give an example", tc.value, msg, tc.want)
		}
	}
	for _, ok := range []string{"abort=200", "abort=300", "abort=401", "abort=503"} {
		if _, err := parseFaultHeader([]string{ok}, time.Minute); err != nil {
			t.Errorf("%s: refused: %v", ok, err)
		}
	}
}

// Each refusal of X-Statuskit-Fault gives one example, never two run
// together, and says how to allow a delay when --max-delay is 0.
func TestHeaderFaultRefusalsGiveOneExample(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		value    string
		maxDelay time.Duration
		want     string
	}{
		{"retry-after=soon;abort=503", time.Minute, "e.g. retry-after=2"},
		{"throttle=0", time.Minute, "e.g. throttle=16384"},
		{"reset=x", time.Minute, "e.g. reset=1024"},
		{"explode", time.Minute, "e.g. X-Statuskit-Fault:"},
		{"delay=1s", 0, "e.g. --max-delay 5m"},
		{"delay=10m", time.Minute, "--max-delay"},
	} {
		_, err := parseFaultHeader([]string{tc.value}, tc.maxDelay)
		if err == nil {
			t.Errorf("%s: accepted", tc.value)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, tc.want) {
			t.Errorf("%s: %q lacks %q", tc.value, msg, tc.want)
		}
		if n := strings.Count(msg, "e.g."); n != 1 {
			t.Errorf("%s: %q gives %d examples; one says it", tc.value, msg, n)
		}
	}
}
