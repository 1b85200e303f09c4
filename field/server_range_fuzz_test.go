package field

import (
	"errors"
	"testing"
)

// FuzzParseRange is the server's old property test of its range parser,
// kept with its seed corpus for ParseRange: ranges are 1 to
// DefaultMaxRanges, inside the representation, or the error says
// "ignore" or "not satisfiable".
func FuzzParseRange(f *testing.F) {
	for _, s := range []struct {
		v    string
		size int64
	}{
		{"bytes=0-9", 1024}, {"bytes=-5", 1024}, {"bytes=1000-", 1024}, {"bytes=0-1,5-6", 10},
		{"bytes=5-1", 10}, {"bytes=-0", 10}, {"items=0-1", 10}, {"bytes=", 0}, {"bytes=0-0", 0},
		{"bytes=99999999999999999999-", 10}, {"bytes=9223372036854775806-9223372036854775807", 9223372036854775807},
	} {
		f.Add(s.v, s.size)
	}
	f.Fuzz(func(t *testing.T, v string, size int64) {
		if size < 0 {
			size = -(size + 1)
		}
		ranges, err := ParseRange(v, size, DefaultMaxRanges)
		if err != nil {
			if !errors.Is(err, ErrRangeIgnored) && !errors.Is(err, ErrRangeNotSatisfiable) {
				t.Fatalf("parseRange(%q, %d): unexpected error %v", v, size, err)
			}
			return
		}
		if len(ranges) == 0 || len(ranges) > DefaultMaxRanges {
			t.Fatalf("parseRange(%q, %d): %d ranges, want 1 to %d", v, size, len(ranges), DefaultMaxRanges)
		}
		for _, r := range ranges {
			if r.First < 0 || r.First > r.Last || r.Last >= size {
				t.Fatalf("parseRange(%q, %d): range %d-%d outside the representation", v, size, r.First, r.Last)
			}
		}
	})
}
