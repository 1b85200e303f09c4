//go:build !race

package server

import (
	"net/http"
	"testing"
)

// TestHotPathMakesNoAllocations keeps /200 and /503 at zero heap
// allocations per request (issue 9): an allocation on this path is paid by
// every request of every test that uses statuskit. It is built without
// -race only, since the race detector makes sync.Pool drop items;
// scripts/test runs it on its own.
func TestHotPathMakesNoAllocations(t *testing.T) {
	s := New(DefaultConfig())
	for _, tt := range []struct {
		path string
		want int
	}{
		{"/200", http.StatusOK},
		{"/503", http.StatusServiceUnavailable},
	} {
		r := benchRequest(tt.path, "")
		w := newDiscardWriter()
		s.ServeHTTP(w, r) // first use fills the per-code tables
		allocs := testing.AllocsPerRun(200, func() {
			w.reset()
			s.ServeHTTP(w, r)
		})
		if w.status != tt.want {
			t.Fatalf("GET %s answered %d, want %d", tt.path, w.status, tt.want)
		}
		if allocs != 0 {
			t.Errorf("GET %s makes %.1f allocations per request, want 0: profile with go test -run '^$' -bench Serve200 -memprofile mem.out -memprofilerate 1 ./server", tt.path, allocs)
		}
	}
}
