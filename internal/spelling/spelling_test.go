package spelling

import (
	"fmt"
	"strings"
	"testing"
)

func TestDistanceCountsEditsAndNeighbourSwaps(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"list", "list", 0},
		{"lsit", "list", 1},     // a swap of neighbours is one edit, not two
		{"serach", "search", 1}, // likewise
		{"serv", "serve", 1},    // an insertion
		{"servee", "serve", 1},  // a deletion
		{"sorve", "serve", 1},   // a substitution
		{"limit", "list", 2},
		{"teapto", "teapot", 1},
		{"ca", "abc", 3}, // optimal string alignment: a swapped pair is not edited again
		{"naïve", "naive", 1},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := Distance(tt.b, tt.a); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d: distance is symmetric", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestNearAllowsOneEditPerThreeLetters(t *testing.T) {
	t.Parallel()
	tests := []struct {
		typed, word string
		want        bool
	}{
		{"serv", "serve", true},
		{"lsit", "list", true},
		{"serach", "search", true},
		{"exlpain", "explain", true},
		{"verison", "version", true},
		{"explian", "explain", true},
		{"limit", "list", false}, // two edits from a four-letter word
		{"list", "list", false},  // the word itself is not a misspelling of it
		{"ok", "on", false},      // two-letter words tolerate nothing
		{"seve", "serve", true},
		{"sreve", "serve", true},  // one swap
		{"svree", "serve", false}, // two swaps
	}
	for _, tt := range tests {
		if got := Near(tt.typed, tt.word); got != tt.want {
			t.Errorf("Near(%q, %q) = %v, want %v (distance %d, tolerance %d)", tt.typed, tt.word, got, tt.want, Distance(tt.typed, tt.word), Tolerance(len(tt.word)))
		}
	}
}

func ExampleNear() {
	fmt.Println(Near("serach", "search"), Near("limit", "list"))
	// Output: true false
}

func TestClosestIsTheNearestWithinTheEdits(t *testing.T) {
	lower := strings.ToLower
	names := []string{"retry-after-seconds", "retry-after-date", "ratelimit"}
	for _, tt := range []struct{ typed, want string }{
		{"Retry-After-Seconds", "retry-after-seconds"}, // case only: 0 edits after norm
		{"retry-after-secnds", "retry-after-seconds"},  // one edit
		{"ratelimt", "ratelimit"},
		{"gives-up", ""},              // near nothing
		{strings.Repeat("a", 65), ""}, // too long to compare
	} {
		if got := Closest(tt.typed, names, lower, 2); got != tt.want {
			t.Errorf("Closest(%q) = %q, want %q", tt.typed, got, tt.want)
		}
	}
}
