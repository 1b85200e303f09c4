package gateway

import (
	"testing"
	"time"
)

// FuzzFaultHeader: X-Statuskit-Fault comes from any client; no value makes
// the parser panic, and what it accepts is a rule the gateway can apply
// (one outcome at most, no shaping of a response that has none).
func FuzzFaultHeader(f *testing.F) {
	f.Fuzz(func(t *testing.T, value string) {
		r, err := parseFaultHeader([]string{value}, time.Minute)
		if err != nil {
			return
		}
		outcomes := 0
		for _, set := range []bool{r.Abort != nil, r.Maintenance != nil, r.Connection != nil} {
			if set {
				outcomes++
			}
		}
		if outcomes > 1 || !r.Faults() || r.ID != "header" {
			t.Fatalf("%q gave %+v", value, r)
		}
		if r.Delay != nil && time.Duration(*r.Delay.Fixed) > time.Minute {
			t.Fatalf("%q: a delay past the limit was accepted", value)
		}
	})
}
