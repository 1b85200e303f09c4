package field

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestParseRangeResolvesAgainstTheLength(t *testing.T) {
	// The examples of RFC 9110, 14.1.2, for a representation of 10000
	// bytes.
	for _, tc := range []struct {
		in   string
		want []ByteRange
	}{
		{"bytes=0-499", []ByteRange{{0, 499}}},
		{"bytes=500-999", []ByteRange{{500, 999}}},
		{"bytes=-500", []ByteRange{{9500, 9999}}},
		{"bytes=9500-", []ByteRange{{9500, 9999}}},
		{"bytes=0-0,-1", []ByteRange{{0, 0}, {9999, 9999}}},
		{"bytes= 0-999, 4500-5499, -1000", []ByteRange{{0, 999}, {4500, 5499}, {9000, 9999}}},
		{"bytes=500-600,601-999", []ByteRange{{500, 600}, {601, 999}}},
		{"bytes=500-700,601-999", []ByteRange{{500, 700}, {601, 999}}},
		{"Bytes=0-1", []ByteRange{{0, 1}}},                          // range units are case-insensitive
		{"bytes=0-99999999", []ByteRange{{0, 9999}}},                // last-pos past the end: the rest
		{"bytes=-99999", []ByteRange{{0, 9999}}},                    // a suffix longer than the representation: all of it
		{"bytes=0-99999999999999999999999", []ByteRange{{0, 9999}}}, // no overflow (14.1.1)
		{"bytes=-99999999999999999999999", []ByteRange{{0, 9999}}},
		{"bytes=20000-,0-1", []ByteRange{{0, 1}}},                   // the unsatisfiable range is dropped
		{"bytes=99999999999999999999999-,5-5", []ByteRange{{5, 5}}}, // first-pos overflowing is past the end
		{"bytes=-0,0-0", []ByteRange{{0, 0}}},
		{"bytes=,0-1,,", []ByteRange{{0, 1}}}, // empty elements (RFC 9110, 5.6.1)
		{"bytes=9-0000000000000000000000000009", []ByteRange{{9, 9}}},
	} {
		got, err := ParseRange(tc.in, 10000, DefaultMaxRanges)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("ParseRange(%q, 10000) = %v, %v; want %v (RFC 9110, 14.1.2)", tc.in, got, err, tc.want)
		}
	}
}

func TestParseRangeIgnoresInvalidOrUnknownRanges(t *testing.T) {
	// RFC 9110, 14.2: an origin server MUST ignore a range unit it does
	// not understand, and MAY ignore an invalid ranges-specifier; both
	// mean "answer as if there were no Range".
	for _, tc := range []struct {
		in     string
		length int64
		why    string
	}{
		{"", 100, "not a ranges-specifier"},
		{"bytes", 100, "not a ranges-specifier"},
		{"0-5", 100, "not a ranges-specifier"},
		{"bytes =0-5", 100, "not a ranges-specifier"},
		{"items=0-5", 100, "range unit items"},
		{"bytes=", 100, "no ranges"},
		{"bytes=,", 100, "no ranges"},
		{"bytes=5", 100, "not first-last"},
		{"bytes=5-2", 100, "last-pos is before its first-pos"},
		{"bytes=a-b", 100, "first-pos is not digits"},
		{"bytes=1-b", 100, "last-pos is not digits"},
		{"bytes=--5", 100, "suffix-length is not digits"},
		{"bytes=0 - 5", 100, "first-pos is not digits"},
		{"bytes=+1-5", 100, "first-pos is not digits"},
		{"bytes=0-5;q=1", 100, "last-pos is not digits"},
		{"bytes=0-1,2-3,5-9x", 100, "last-pos is not digits"},
		{"bytes=0-0", 0, "no content"},
		{"bytes=-5", 0, "no content"},
		{"bytes=0-0", -1, "length is not known"},
		{"bytes=0-9,0-9,0-9", 100, "more than two overlapping"},
		{"bytes=0-10,5-15,12-20", 100, "more than two overlapping"},
		{"bytes=" + strings.Repeat("0-0,", DefaultMaxRanges) + "1-1", 100, "more than 32 ranges"},
		{"bytes=" + strings.Repeat(",", MaxListMembers) + "1-1", 100, "more than 1024 list elements"},
	} {
		_, err := ParseRange(tc.in, tc.length, DefaultMaxRanges)
		if !errors.Is(err, ErrRangeIgnored) || !strings.Contains(err.Error(), tc.why) || !strings.HasPrefix(err.Error(), "Range: ") {
			t.Errorf("ParseRange(%.50q, %d) error = %v; want ErrRangeIgnored mentioning %q", tc.in, tc.length, err, tc.why)
		}
	}
	if _, err := ParseRange("bytes=0-0", 10, 0); !errors.Is(err, ErrRangeIgnored) {
		t.Errorf("maxRanges 0: %v, want every Range ignored", err)
	}
}

func TestParseRangeUnsatisfiableIs416(t *testing.T) {
	// RFC 9110, 14.1.1: satisfiable is an int-range with first-pos <
	// length or a suffix-range with a non-zero suffix-length.
	for _, in := range []string{"bytes=100-", "bytes=100-200", "bytes=-0", "bytes=100-,-0,200-300"} {
		_, err := ParseRange(in, 100, DefaultMaxRanges)
		if !errors.Is(err, ErrRangeNotSatisfiable) || errors.Is(err, ErrRangeIgnored) || !strings.Contains(err.Error(), "end at 99") {
			t.Errorf("ParseRange(%q, 100) error = %v; want ErrRangeNotSatisfiable (RFC 9110, 15.5.17)", in, err)
		}
	}
}

func TestParseRangeTwoOverlappingRangesAreAllowed(t *testing.T) {
	got, err := ParseRange("bytes=0-10,5-15,20-30", 100, DefaultMaxRanges)
	if err != nil || len(got) != 3 {
		t.Errorf("two overlapping ranges and one apart: %v, %v; want all three", got, err)
	}
}

func TestByteRangeLengthAndContentRange(t *testing.T) {
	r := ByteRange{First: 500, Last: 999}
	if r.Length() != 500 || r.ContentRange(1234).String() != "bytes 500-999/1234" {
		t.Errorf("Length %d, ContentRange %q", r.Length(), r.ContentRange(1234))
	}
}

func TestParseContentRange(t *testing.T) {
	// RFC 9110, 14.4.
	for _, tc := range []struct {
		in   string
		want ContentRange
		out  string
	}{
		{"bytes 42-1233/1234", ContentRange{First: 42, Last: 1233, Length: 1234}, "bytes 42-1233/1234"},
		{"bytes 42-1233/*", ContentRange{First: 42, Last: 1233, Length: UnknownLength}, "bytes 42-1233/*"},
		{"bytes */1234", ContentRange{Length: 1234, Unsatisfied: true}, "bytes */1234"},
		{"bytes */0", ContentRange{Length: 0, Unsatisfied: true}, "bytes */0"},
		{"Bytes 0-0/1", ContentRange{First: 0, Last: 0, Length: 1}, "bytes 0-0/1"},
		{"bytes 0-9223372036854775806/9223372036854775807", ContentRange{First: 0, Last: math.MaxInt64 - 1, Length: math.MaxInt64},
			"bytes 0-9223372036854775806/9223372036854775807"},
	} {
		got, err := ParseContentRange(tc.in)
		if err != nil || got != tc.want || got.String() != tc.out {
			t.Errorf("ParseContentRange(%q) = %+v (%q), %v; want %+v", tc.in, got, got.String(), err, tc.want)
		}
	}
}

func TestParseContentRangeRejectsInvalidValues(t *testing.T) {
	for _, tc := range []struct{ in, why string }{
		{"", "range unit"},
		{"0-30", "range unit"},            // a peer's mistake (PROTOCOL-NOTES)
		{"bytes=0-30/100", "range unit"},  // Range syntax, not Content-Range
		{"items 0-1/2", "is not bytes"},   // only bytes here
		{"bytes 0-30", "separated by"},    // no complete length
		{"bytes  0-30/100", "first-last"}, // one SP only
		{"bytes 30-0/100", "last-pos is less than first-pos"},
		{"bytes 0-100/100", "not less than the complete length"},
		{"bytes 0-0/0", "not less than the complete length"},
		{"bytes */*", "needs the complete length"},
		{"bytes -1-5/10", "first-last"},
		{"bytes 0-5/-10", "complete length"},
		{"bytes 0-5/1e3", "complete length"},
		{"bytes 0-99999999999999999999/*", "first-last"},
		{"bytes 0-5/99999999999999999999", "complete length"},
		{"bytes 0-5/10, bytes 6-9/10", "complete length"},
	} {
		_, err := ParseContentRange(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.why) || !strings.Contains(err.Error(), "RFC 9110, 14.4") {
			t.Errorf("ParseContentRange(%q) error = %v; want one mentioning %q and citing RFC 9110, 14.4", tc.in, err, tc.why)
		}
	}
}

func TestContentRangeValidate(t *testing.T) {
	for _, tc := range []struct {
		c  ContentRange
		ok bool
	}{
		{ContentRange{First: 0, Last: 0, Length: 1}, true},
		{ContentRange{First: 0, Last: 5, Length: UnknownLength}, true},
		{ContentRange{Length: 0, Unsatisfied: true}, true},
		{ContentRange{Length: UnknownLength, Unsatisfied: true}, false},
		{ContentRange{First: -1, Last: 0, Length: 1}, false},
		{ContentRange{First: 2, Last: 1, Length: 5}, false},
		{ContentRange{First: 0, Last: 5, Length: 5}, false},
		{ContentRange{First: 0, Last: 5, Length: -2}, false},
	} {
		if err := tc.c.Validate(); (err == nil) != tc.ok {
			t.Errorf("%+v.Validate() = %v, want ok=%v", tc.c, err, tc.ok)
		}
	}
}
