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
