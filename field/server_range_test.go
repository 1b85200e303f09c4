package field

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestParseRangeServerTable is the table the server kept for its own
// range parser before ParseRange replaced it.
func TestParseRangeServerTable(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		size int64
		want []ByteRange
		err  error
	}{
		{"bytes=0-0", 10, []ByteRange{{0, 0}}, nil},
		{"bytes=0-", 10, []ByteRange{{0, 9}}, nil},
		{"bytes=-3", 10, []ByteRange{{7, 9}}, nil},
		{"bytes=-30", 10, []ByteRange{{0, 9}}, nil},
		{"bytes=2-4,6-8", 10, []ByteRange{{2, 4}, {6, 8}}, nil},
		{"bytes=2-4,,6-8,", 10, []ByteRange{{2, 4}, {6, 8}}, nil},
		{"bytes=20-30,2-3", 10, []ByteRange{{2, 3}}, nil},
		{"bytes=10-", 10, nil, ErrRangeNotSatisfiable},
		{"bytes=-0", 10, nil, ErrRangeNotSatisfiable},
		// A representation without content: RFC 9110, 14.2 lets the server
		// ignore Range, and ParseRange does (a 200 with nothing, rather than
		// a 416 whose Content-Range says the length is 0).
		{"bytes=0-1", 0, nil, ErrRangeIgnored},
		{"bytes=", 10, nil, ErrRangeIgnored},
		{"bytes=,", 10, nil, ErrRangeIgnored},
		{"bytes", 10, nil, ErrRangeIgnored},
		{"pages=1-2", 10, nil, ErrRangeIgnored},
		{"bytes=1-2-3", 10, nil, ErrRangeIgnored},
		{"bytes=+1-2", 10, nil, ErrRangeIgnored},
		{"bytes=1- 2", 10, nil, ErrRangeIgnored},
		{"bytes=3-1", 10, nil, ErrRangeIgnored},
		// A first-pos beyond any representation is unsatisfiable, not
		// garbage: recipients must anticipate large numerals (14.1.1).
		{"bytes=99999999999999999999-", 10, nil, ErrRangeNotSatisfiable},
		{"bytes=" + strings.Repeat("1-1,", DefaultMaxRanges+1), 10, nil, ErrRangeIgnored},
	} {
		got, err := ParseRange(tc.in, tc.size, DefaultMaxRanges)
		if !errors.Is(err, tc.err) || !slices.Equal(got, tc.want) {
			t.Errorf("ParseRange(%q, %d) = %v, %v; want %v, %v", tc.in, tc.size, got, err, tc.want, tc.err)
		}
	}
}
