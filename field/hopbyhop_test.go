package field

import (
	"net/http"
	"slices"
	"testing"
)

func TestHopByHopIsTheListOfRFC9110(t *testing.T) {
	// RFC 9110, 7.6.1.
	for _, name := range []string{"Connection", "proxy-connection", "Keep-Alive", "TE", "Transfer-Encoding", "upgrade"} {
		if !HopByHop(name) {
			t.Errorf("HopByHop(%q) = false (RFC 9110, 7.6.1)", name)
		}
	}
	for _, name := range []string{"Trailer", "Proxy-Authorization", "Proxy-Authenticate", "Cache-Control", "Via", ""} {
		if HopByHop(name) {
			t.Errorf("HopByHop(%q) = true; it is end-to-end under RFC 9110", name)
		}
	}
}

func TestConnectionOptions(t *testing.T) {
	h := http.Header{"Connection": {"keep-alive, X-Trace", "close, , bad option, x-trace"}}
	got := ConnectionOptions(h)
	if want := []string{"Keep-Alive", "X-Trace", "Close"}; !slices.Equal(got, want) {
		t.Errorf("ConnectionOptions = %q, want %q", got, want)
	}
	if got := ConnectionOptions(http.Header{}); got != nil {
		t.Errorf("no Connection: %q", got)
	}
}

func TestRemoveHopByHopRemovesConnectionOptionsAndTheFixedList(t *testing.T) {
	// RFC 9110, 7.6.1: remove every field named in Connection, then
	// Connection itself, and the fields known to be hop-by-hop.
	h := http.Header{
		"Connection":        {"X-Trace, close"},
		"X-Trace":           {"abc"},
		"Keep-Alive":        {"timeout=5"},
		"Proxy-Connection":  {"keep-alive"},
		"Te":                {"trailers"},
		"Transfer-Encoding": {"chunked"},
		"Upgrade":           {"websocket"},
		"Trailer":           {"Server-Timing"},
		"Cache-Control":     {"no-cache"},
		"Via":               {"1.1 a"},
		"x-lower":           {"kept"}, // a key stored without canonicalizing
		"upgrade":           {"h2c"},  // likewise, and hop-by-hop
	}
	RemoveHopByHop(h)
	want := http.Header{"Trailer": {"Server-Timing"}, "Cache-Control": {"no-cache"}, "Via": {"1.1 a"}, "x-lower": {"kept"}}
	if len(h) != len(want) {
		t.Errorf("after RemoveHopByHop: %v; want %v", h, want)
	}
	for k := range want {
		if _, ok := h[k]; !ok {
			t.Errorf("RemoveHopByHop removed %s, an end-to-end field", k)
		}
	}
}

func TestRemoveHopByHopNeverRemovesWhatConnectionCannotName(t *testing.T) {
	h := http.Header{"Connection": {"Cache-Control"}, "Cache-Control": {"no-store"}}
	// A sender MUST NOT list Cache-Control (7.6.1), but if it does, the
	// intermediary still follows Connection: it names a hop-by-hop field.
	RemoveHopByHop(h)
	if len(h) != 0 {
		t.Errorf("after RemoveHopByHop: %v", h)
	}
}
